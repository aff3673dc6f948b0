package dev.logmon.core.history;

import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.Frame;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.SectionCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The history store on real files: round trip, restart, torn and corrupt data, retention. */
class HistoryStoreTest {
    /** 2026-11-28T10:00:00Z. */
    private static final long DAY_T = 1_795_860_000L;

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();

    /** A record of {@code minute} built through a real frame, so histograms and top lists are real. */
    static MinuteRecord minute(final long minute, final int hits) {
        final Frame f = new Frame(100);
        f.clear(minute);
        for (int i = 0; i < hits; i++) {
            final LogEvent e = TestLines.parsed(TestLines.line("h" + (i % 3), minute + i % 60, "/s" + (i % 4) + "/x",
                    i % 5 == 0 ? 404 : 200, 100 + i));
            e.latencyMicros = 1_000 + i;
            f.record(e);
        }
        f.malformed[MalformedReason.BAD_STATUS.ordinal()] = hits % 3;
        return MinuteRecord.of(minute, f);
    }

    private List<MinuteRecord> readAll() {
        return new HistoryReader(dir, problems::add).read(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
    }

    private List<MinuteRecord> writeMinutes(final long from, final int count) throws IOException {
        final List<MinuteRecord> written = new ArrayList<>();
        try (HistoryStore store = new HistoryStore(dir)) {
            for (int i = 0; i < count; i++) {
                final MinuteRecord r = minute(from + 60L * i, 10 + i);
                store.append(r);
                written.add(r);
            }
        }
        return written;
    }

    @Test
    void shouldReadBackEveryRecordEqualAcrossARestartThatAppendsToTheSameDayFile() throws IOException {
        final List<MinuteRecord> first = writeMinutes(DAY_T, 3);
        final List<MinuteRecord> second = writeMinutes(DAY_T + 180, 2); // a new writer: the restart

        final List<MinuteRecord> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(readAll()).isEqualTo(all);
        assertThat(problems).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("2026-11-28.lmh");
        }
        final MinuteRecord back = readAll().get(4);
        assertThat(back.hits()).isEqualTo(11);
        assertThat(back.sections()).extracting(SectionCount::section).contains("/s0", "/s1", "/s2", "/s3");
        assertThat(MinuteRecord.decode(back.latency()).getTotalCount()).isEqualTo(11);
        assertThat(MinuteRecord.decode(back.sizes()).getMaxValue()).isBetween(109L, 111L);
    }

    @Test
    void shouldPutEachMinuteInTheFileOfItsUtcDayAndReadOnlyTheRangeAsked() throws IOException {
        final long midnight = LocalDate.of(2026, 11, 29).atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC);
        writeMinutes(midnight - 120, 4); // 23:58, 23:59, 00:00, 00:01

        assertThat(Files.exists(dir.resolve("2026-11-28.lmh"))).isTrue();
        assertThat(Files.exists(dir.resolve("2026-11-29.lmh"))).isTrue();
        final List<MinuteRecord> range = new HistoryReader(dir, problems::add).read(midnight - 60, midnight + 60);
        assertThat(range).extracting(MinuteRecord::minute).containsExactly(midnight - 60, midnight);
    }

    @Test
    void shouldReportATruncatedLastRecordAndKeepTheOnesBeforeIt() throws IOException {
        final List<MinuteRecord> written = writeMinutes(DAY_T, 3);
        final Path file = dir.resolve("2026-11-28.lmh");
        final long size = Files.size(file);
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7); // a crash in the middle of the last write
        }
        final int lastOffset = (int) (size - HistoryStore.RECORD_HEADER - HistoryStore.encode(written.get(2)).length);

        assertThat(readAll()).isEqualTo(written.subList(0, 2));
        assertThat(problems).containsExactly(file + ": truncated record at offset " + lastOffset
                + " (a write cut short), skipped");
    }

    @Test
    void shouldReportAFlippedByteInTheMiddleAndResumeAtTheNextValidRecord() throws IOException {
        final List<MinuteRecord> written = writeMinutes(DAY_T, 3);
        final Path file = dir.resolve("2026-11-28.lmh");
        final byte[] data = Files.readAllBytes(file);
        final int second = 4 + HistoryStore.RECORD_HEADER + HistoryStore.encode(written.get(0)).length;
        data[second + HistoryStore.RECORD_HEADER + 30] ^= 0x10; // inside the second record's payload
        Files.write(file, data);

        assertThat(readAll()).containsExactly(written.get(0), written.get(2));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith(file + ": corrupt data at offset " + second + " (")
                .endsWith("bytes skipped to the next valid record)");
    }

    @Test
    void shouldReportAGarbageFileAndAStrayFileAndStillReadTheValidDays() throws IOException {
        final List<MinuteRecord> written = writeMinutes(DAY_T, 2);
        final Path garbage = dir.resolve("2026-11-27.lmh");
        Files.write(garbage, "this is not history at all\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.write(dir.resolve("2026-11-26.lmh"), new byte[0]);

        assertThat(readAll()).isEqualTo(written);
        assertThat(problems).containsExactlyInAnyOrder(
                dir.resolve("2026-11-26.lmh") + ": empty (no minute was written to it), skipped",
                garbage + ": not a logmon history file (bad header), skipped",
                dir.resolve("notes.txt") + ": not a history file (names are YYYY-MM-DD.lmh), ignored");
    }

    @Test
    void shouldDeleteWholeDayFilesOlderThanTheRetentionAndKeepNewerOnes() throws IOException {
        final long day = 86_400;
        final long today = Math.floorDiv(DAY_T, day) * day;
        for (int back = 0; back < 5; back++) {
            writeMinutes(today - back * day + 600, 1);
        }
        Files.writeString(dir.resolve("keep-me.txt"), "not a day file");
        final long now = today + 12 * 3600; // noon
        try (HistoryStore store = new HistoryStore(dir)) {
            // retention 2 days: a day file goes when its whole day ended at or before now - 2 d
            final List<Path> deleted = store.deleteOlderThan(now - 2 * day);
            assertThat(deleted).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("2026-11-24.lmh", "2026-11-25.lmh");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("2026-11-26.lmh", "2026-11-27.lmh", "2026-11-28.lmh", "keep-me.txt");
        }
    }

    @Test
    void shouldApplyTheRetentionWhenAWriterStartsAndWriteWhatItIsOffered() throws Exception {
        final long day = 86_400;
        writeMinutes(DAY_T - 40 * day, 1);
        writeMinutes(DAY_T - 3 * day, 1);
        final java.io.ByteArrayOutputStream notices = new java.io.ByteArrayOutputStream();
        final HistoryWriter writer = new HistoryWriter(dir, 30 * day, 3600, () -> DAY_T * 1000,
                new java.io.PrintStream(notices, true, java.nio.charset.StandardCharsets.UTF_8), false);
        final MinuteRecord r = minute(DAY_T, 5);
        writer.offerMinute(r);
        assertThat(writer.close(10_000)).isTrue();

        assertThat(writer.written()).isEqualTo(1);
        assertThat(notices.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("deleted " + dir.resolve("2026-10-19.lmh"));
        assertThat(readAll()).extracting(MinuteRecord::minute).containsExactly(DAY_T - 3 * day, DAY_T);
    }

    @Test
    void shouldCutATornTailBeforeARestartAppendsSoTheNewRecordsReadCleanly() throws IOException {
        final List<MinuteRecord> written = writeMinutes(DAY_T, 3);
        final Path file = dir.resolve("2026-11-28.lmh");
        final long size = Files.size(file);
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7); // kill -9 in the middle of the last write
        }
        final List<String> repairs = new ArrayList<>();
        final MinuteRecord next = minute(DAY_T + 180, 4);
        try (HistoryStore store = new HistoryStore(dir, repairs::add)) {
            store.append(next);
        }

        assertThat(readAll()).containsExactly(written.get(0), written.get(1), next);
        assertThat(problems).isEmpty();
        final long end = size - HistoryStore.RECORD_HEADER - HistoryStore.encode(written.get(2)).length;
        assertThat(repairs).containsExactly(file + ": cut " + (size - 7 - end)
                + " bytes after the last valid record (offset " + end + "), a write cut short");
    }

    @Test
    void shouldMoveADayFileWithoutTheMagicAsideRatherThanAppendBehindGarbage() throws IOException {
        Files.createDirectories(dir);
        final Path file = dir.resolve("2026-11-28.lmh");
        Files.writeString(file, "garbage written by something else");
        final List<String> repairs = new ArrayList<>();
        final MinuteRecord r = minute(DAY_T, 3);
        try (HistoryStore store = new HistoryStore(dir, repairs::add)) {
            store.append(r);
        }

        assertThat(readAll()).containsExactly(r);
        assertThat(repairs).singleElement().asString().startsWith(file + " is not a history file; moved aside to "
                + "2026-11-28.lmh.bad-");
        assertThat(problems).singleElement().asString().contains("2026-11-28.lmh.bad-")
                .endsWith(": not a history file (names are YYYY-MM-DD.lmh), ignored");
    }

    @Test
    void shouldCountAndReportOnceWhenTheDiskRefusesAndNeverThrowAtTheCombiner() throws Exception {
        Files.writeString(dir.resolve("history"), "a file where the directory should be");
        final java.io.ByteArrayOutputStream notices = new java.io.ByteArrayOutputStream();
        final HistoryWriter writer = new HistoryWriter(dir.resolve("history"), 86_400, 3600, () -> DAY_T * 1000,
                new java.io.PrintStream(notices, true, java.nio.charset.StandardCharsets.UTF_8), true);
        for (int i = 0; i < 3; i++) {
            writer.offerMinute(minute(DAY_T + 60L * i, 2));
        }
        assertThat(writer.close(10_000)).isTrue();

        assertThat(writer.failed()).isEqualTo(3);
        assertThat(writer.written()).isZero();
        final String text = notices.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.contains("cannot write to")).count()).isEqualTo(1);
    }

    @Test
    void shouldNeverMakeTheCombinerWaitLiveAndAccountForEveryRecordOffered() throws Exception {
        final HistoryWriter writer = new HistoryWriter(dir, 86_400 * 365L, 3600, () -> DAY_T * 1000,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), false);
        final MinuteRecord r = minute(DAY_T, 50);
        final int offered = 20 * HistoryWriter.CAPACITY;
        final long start = System.nanoTime();
        for (int i = 0; i < offered; i++) {
            writer.offerMinute(r);
        }
        final long offerNanos = System.nanoTime() - start;
        assertThat(writer.close(30_000)).isTrue();

        assertThat(writer.written() + writer.dropped()).isEqualTo(offered);
        assertThat(writer.failed()).isZero();
        assertThat(readAll()).hasSize((int) writer.written());
        assertThat(offerNanos).as("offering never waits for the disk").isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(2));
    }
}
