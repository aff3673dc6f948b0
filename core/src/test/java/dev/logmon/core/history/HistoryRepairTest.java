package dev.logmon.core.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Day files damaged by a short disk-full or a crash while the header was written: the damaged
 * stretch is skipped, never the whole day, and the writer makes the file whole before it appends.
 */
class HistoryRepairTest {
    /** 2026-11-28T10:00:00Z. */
    private static final long DAY_T = 1_795_860_000L;

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();
    private final List<String> repairs = new ArrayList<>();

    private List<MinuteRecord> readAll() {
        return new HistoryReader(dir, problems::add).read(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
    }

    /** The bytes a good day file of {@code minutes} would hold. */
    private byte[] dayFile(final List<MinuteRecord> minutes) throws IOException {
        final Path other = Files.createTempDirectory(dir.getParent(), "good");
        try (HistoryStore store = new HistoryStore(other)) {
            for (final MinuteRecord r : minutes) {
                store.append(r);
            }
        }
        return Files.readAllBytes(other.resolve("2026-11-28.lmh"));
    }

    @Test
    void shouldReadTheRecordsOfADayFileWhoseHeaderIsMissingInsteadOfSkippingTheDay() throws IOException {
        final List<MinuteRecord> minutes = List.of(HistoryStoreTest.minute(DAY_T, 5), HistoryStoreTest.minute(DAY_T + 60, 6));
        final byte[] good = dayFile(minutes);
        // what the old writer left after a disk full ate the header: records appended to an empty file
        Files.write(dir.resolve("2026-11-28.lmh"), Arrays.copyOfRange(good, 4, good.length));

        assertThat(readAll()).isEqualTo(minutes);
        assertThat(problems).singleElement().asString().endsWith("2026-11-28.lmh: no history header (a write cut "
                + "short?); 0 bytes skipped, reading the valid records after them");
    }

    @Test
    void shouldReadTheRecordsAfterAGarbledHeaderAndSkipOnlyTheDamagedStretch() throws IOException {
        final List<MinuteRecord> minutes = List.of(HistoryStoreTest.minute(DAY_T, 5), HistoryStoreTest.minute(DAY_T + 60, 6),
                HistoryStoreTest.minute(DAY_T + 120, 7));
        final byte[] bytes = dayFile(minutes);
        bytes[0] = 'X'; // header damaged
        bytes[20] ^= 0x55; // and the first record
        Files.write(dir.resolve("2026-11-28.lmh"), bytes);

        assertThat(readAll()).isEqualTo(minutes.subList(1, 3));
        assertThat(problems).hasSize(1);
    }

    @Test
    void shouldKeepTheValidRecordsOfAHeaderlessFileBehindANewHeaderBeforeAppending() throws IOException {
        final List<MinuteRecord> minutes = List.of(HistoryStoreTest.minute(DAY_T, 5), HistoryStoreTest.minute(DAY_T + 60, 6));
        final byte[] good = dayFile(minutes);
        final Path file = dir.resolve("2026-11-28.lmh");
        Files.write(file, Arrays.copyOfRange(good, 4, good.length - 7)); // no header, last record torn
        final MinuteRecord later = HistoryStoreTest.minute(DAY_T + 600, 9);

        try (HistoryStore store = new HistoryStore(dir, repairs::add)) {
            store.append(later);
        }

        assertThat(readAll()).containsExactly(minutes.get(0), later);
        assertThat(problems).isEmpty();
        assertThat(repairs).singleElement().asString().contains("had no history header; its valid records");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("2026-11-28.lmh");
        }
    }

    @Test
    void shouldWriteAHeaderCutShortAgainRatherThanMoveTheFileAside() throws IOException {
        final Path file = dir.resolve("2026-11-28.lmh");
        Files.write(file, new byte[] {'L', 'M'}); // the first two bytes of the magic, then the disk was full
        final MinuteRecord r = HistoryStoreTest.minute(DAY_T, 3);

        try (HistoryStore store = new HistoryStore(dir, repairs::add)) {
            store.append(r);
        }

        assertThat(readAll()).containsExactly(r);
        assertThat(problems).isEmpty();
        assertThat(repairs).singleElement().asString().contains("a header cut short (2 bytes, nothing else)");
    }

    @Test
    @Timeout(60) // a writer thread
    void shouldWriteTheRecordsTheDiskRefusedOnceItTakesThemAgainAndSayItOnce() throws Exception {
        final Path history = dir.resolve("history");
        Files.writeString(history, "a file where the directory should be: every append fails");
        final ByteArrayOutputStream notices = new ByteArrayOutputStream();
        final HistoryWriter writer = new HistoryWriter(history, 86_400L * 3650, 3_600, () -> DAY_T * 1000,
                new PrintStream(notices, true, StandardCharsets.UTF_8), true);
        final List<MinuteRecord> offered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            offered.add(HistoryStoreTest.minute(DAY_T + 60L * i, 2 + i));
            writer.offerMinute(offered.get(i));
        }
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!notices.toString(StandardCharsets.UTF_8).contains("cannot write to") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(notices.toString(StandardCharsets.UTF_8)).as("the refused append reported").contains("cannot write to");
        Files.delete(history); // the disk takes records again
        offered.add(HistoryStoreTest.minute(DAY_T + 180, 9));
        writer.offerMinute(offered.get(3));
        assertThat(writer.close(10_000)).isTrue();

        assertThat(writer.written()).isEqualTo(4);
        assertThat(writer.failed()).isZero();
        assertThat(new HistoryReader(history, problems::add).read(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2))
                .isEqualTo(offered);
        final String text = notices.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.contains("cannot write to")).count()).isEqualTo(1);
        assertThat(text).containsPattern("writing again; the [1-3] record\\(s\\) that waited for the disk are written");
    }
}
