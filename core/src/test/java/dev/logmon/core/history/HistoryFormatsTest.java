package dev.logmon.core.history;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameFacts;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** History payloads: frames of the codec, and records of the release before it, side by side. */
class HistoryFormatsTest {
    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();

    /** A day file of two format-1 records, written by the release before the frame codec. */
    private Path installVersion1Fixture() throws Exception {
        final Path file = HistoryStore.fileOf(dir, HistoryStore.dayOf(T0));
        Files.createDirectories(dir);
        try (InputStream in = getClass().getResourceAsStream("/legacy/history/2015-05-17.lmh")) {
            assertThat(in).as("fixture legacy/history/2015-05-17.lmh").isNotNull();
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private List<MinuteRecord> readAll() {
        return new HistoryReader(dir, problems::add).read(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
    }

    @Test
    void shouldReadRecordsWrittenBeforeTheFrameCodec() throws Exception {
        installVersion1Fixture();

        final List<MinuteRecord> records = readAll();

        assertThat(problems).isEmpty();
        assertThat(records).hasSize(2);
        final MinuteRecord first = records.get(0);
        assertThat(first.minute()).isEqualTo(MinuteRecord.minuteOf(T0));
        assertThat(first.hits()).isEqualTo(3);
        assertThat(first.bytes()).isEqualTo(1057);
        assertThat(first.malformed()[MalformedReason.BAD_HOST.ordinal()]).isEqualTo(3);
        assertThat(first.sections()).containsExactly(new SectionCount("/pages", 2, 1, 0), new SectionCount("/api", 1, 0, 1));
        assertThat(first.hosts()).containsExactly(new HostCount("10.0.0.1", 1050, 2), new HostCount("host.example", 7, 1));
        assertThat(first.topErrorBound()).isEqualTo(2);
        assertThat(MinuteRecord.decode(first.sizes()).getTotalCount()).isEqualTo(3);
        assertThat(records.get(1).minute()).isEqualTo(first.minute() + 60);
        assertThat(records.get(1).sections()).containsExactly(new SectionCount("/late", 1, 0, 0));
    }

    @Test
    void shouldAppendFramesBehindOldRecordsAndReadBoth() throws Exception {
        installVersion1Fixture();
        final List<MinuteRecord> old = readAll();
        final MinuteRecord next = HistoryStoreTest.minute(MinuteRecord.minuteOf(T0) + 120, 25);

        try (HistoryStore store = new HistoryStore(dir, problems::add)) {
            store.append(next);
        }
        final List<MinuteRecord> all = readAll();

        assertThat(problems).isEmpty();
        assertThat(all).hasSize(3);
        assertThat(all.subList(0, 2)).isEqualTo(old);
        assertThat(all.get(2)).isEqualTo(next);
    }

    @Test
    void shouldGiveBackSeededRandomMinutesExactly() throws Exception {
        final MinuteRecordCodec codec = new MinuteRecordCodec();
        for (long seed = 1; seed <= 40; seed++) {
            final Frame f = FrameFacts.random(new Random(seed), 64, 1 + (int) (seed % 60));
            final MinuteRecord r = MinuteRecord.of(MinuteRecord.minuteOf(f.second), f);
            assertThat(codec.decode(codec.encode(r))).as("seed %d", seed).isEqualTo(r);
            assertThat(codec.decode(codec.encode(r)).topErrorBound()).as("seed %d", seed).isEqualTo(r.topErrorBound());
        }
    }

    @Test
    void shouldSkipARecordOfANewerFrameVersionWithAClearReportAndReadTheRest() throws Exception {
        final long m = MinuteRecord.minuteOf(T0);
        try (HistoryStore store = new HistoryStore(dir)) {
            store.append(HistoryStoreTest.minute(m, 5));
        }
        final byte[] newer = HistoryStore.encode(HistoryStoreTest.minute(m + 60, 6));
        newer[3] = 3; // the frame's version byte
        appendRaw(HistoryStore.fileOf(dir, HistoryStore.dayOf(m)), newer);
        try (HistoryStore store = new HistoryStore(dir)) {
            store.append(HistoryStoreTest.minute(m + 120, 7));
        }

        final List<MinuteRecord> records = readAll();

        assertThat(records).extracting(MinuteRecord::hits).containsExactly(5L, 7L);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("unreadable record at offset")
                .contains("frame format version 3, this logmon reads versions 1 to 2: written by a newer logmon");
    }

    /** Appends a record around a payload, with a right checksum, as a newer writer would. */
    private static void appendRaw(final Path file, final byte[] payload) throws Exception {
        final CRC32 crc = new CRC32();
        crc.update(payload);
        final ByteBuffer b = ByteBuffer.allocate(HistoryStore.RECORD_HEADER + payload.length);
        b.putInt(HistoryStore.RECORD_MAGIC).putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        Files.write(file, b.array(), java.nio.file.StandardOpenOption.APPEND);
    }
}
