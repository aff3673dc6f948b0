package dev.logmon.core.engine;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.TestLines;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.source.SavedPosition;
import dev.logmon.core.state.StateFile;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsing on the shards ({@code --shards} 2 or more): the sources hand most lines over unparsed
 * and the shard that counts each one parses it. Whatever the shards, the same file must give the
 * same counts as one shard (which parses every line on the source thread), including the lines the
 * source still parses itself (long, malformed, the first watched lines), future and out-of-order
 * lines, and the saved position must reach the end of the file only once every line is counted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShardParsingIT {
    private static final long SEED = 22;
    private static final String[] MALFORMED = {
        "", "garbage", "10.0.0.1 - - [17/May/2015:10:05:00 +0000] \"GET / HTTP/1.1\" 2x0 10 \"-\" \"-\"",
        "10.0.0.1 - - [99/May/2015:10:05:00 +0000] \"GET / HTTP/1.1\" 200 10 \"-\" \"-\"",
        "10.0.0.1 - - [17/May/2015:10:05:00 +0000] \"GET / HTTP/1.1\" 200 ten \"-\" \"-\"",
    };

    @TempDir
    Path dir;

    private final PrintStream notices = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private record Written(Path path, long hits, long malformed, long future, long longLines) {
    }

    /** 6,000 hits over 500 s, jittered; some malformed, some longer than a slot's copy buffer, some far in the future. */
    private Written write() throws IOException {
        final SplittableRandom rnd = new SplittableRandom(SEED);
        final StringBuilder sb = new StringBuilder();
        long hits = 0;
        long bad = 0;
        long future = 0;
        long longLines = 0;
        for (int s = 0; s < 500; s++) {
            for (int i = 0; i < 12; i++) {
                final int pick = rnd.nextInt(40);
                if (pick == 0) {
                    sb.append(MALFORMED[rnd.nextInt(MALFORMED.length)]).append('\n');
                    bad++;
                } else if (pick == 1) {
                    final String line = TestLines.line("10.9.9." + rnd.nextInt(4), T0 + s, "/long/" + "x".repeat(600),
                            200, 7);
                    assertThat(line.length()).isGreaterThan(LogEvent.RAW_CAPACITY);
                    sb.append(line).append('\n');
                    hits++;
                    longLines++;
                } else if (pick == 2) {
                    sb.append(TestLines.line("10.8.8.8", 4_102_444_800L + s, "/future", 200, 1)).append('\n'); // 2100
                    hits++;
                    future++;
                }
                sb.append(TestLines.randomLine(rnd, T0 + Math.max(0, s - rnd.nextInt(4)), 400)).append('\n');
                hits++;
            }
        }
        final Path p = dir.resolve("access.log");
        Files.writeString(p, sb, StandardCharsets.ISO_8859_1);
        return new Written(p, hits, bad, future, longLines);
    }

    private static Settings settings(final int shards, final int ringSize, final Path file) {
        return settings(shards, ringSize, TimeMode.LOG, file);
    }

    private static Settings settings(final int shards, final int ringSize, final TimeMode mode, final Path... files) {
        final Settings s = new Settings();
        for (final Path f : files) {
            s.sources.add(f.toString());
        }
        s.once = true;
        s.timeMode = mode;
        s.shards = shards;
        s.ringSize = ringSize;
        s.topCapacity = 1_000;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        s.waitStrategy = WaitStrategyName.SLEEPING;
        assertThat(s.conclude()).isEmpty();
        return s;
    }

    @Test
    void shouldCountTheSameWhetherTheSourceOrTheShardsParse() throws Exception {
        final Written w = write();
        Snapshot reference = null;
        for (final int shards : new int[] {1, 2, 3}) {
            for (final int ring : new int[] {64, 4_096}) {
                final String what = shards + " shards, ring " + ring + " (seed " + SEED + ")";
                final RecordingPublisher out = new RecordingPublisher();
                final HandlerErrors errors = new HandlerErrors(notices);
                final Path stateDir = Files.createDirectories(dir.resolve("state-" + shards + "-" + ring));
                final Pipeline p = new Pipeline(settings(shards, ring, w.path()), out, Clock.SYSTEM, notices, errors);
                p.enableState(stateDir, 0);
                p.start();
                assertThat(p.awaitSources(60_000)).as(what).isTrue();
                assertThat(p.finish(60_000)).as(what).isTrue();
                final Snapshot last = out.last();
                assertThat(errors.count()).as(what).isZero();
                assertThat(last.lines().parsed()).as(what).isEqualTo(w.hits());
                assertThat(last.lines().malformed()).as(what).isEqualTo(w.malformed());
                assertThat(last.lines().future()).as(what).isEqualTo(w.future());
                assertThat(last.lifetime().hits()).as(what).isEqualTo(w.hits());
                if (shards == 1) {
                    assertThat(p.linesParsedOnShards()).as(what).isZero();
                } else {
                    // all but the first 1,000 watched lines, the long ones and the malformed ones
                    // whose time cannot be read
                    assertThat(p.linesParsedOnShards()).as(what)
                            .isGreaterThan(w.hits() + w.malformed() - 1_000 - w.longLines() - w.malformed());
                }
                final SavedPosition saved = StateFile.read(stateDir, 1_000)
                        .positionOf(w.path().toAbsolutePath().normalize().toString());
                assertThat(saved).as(what).isNotNull();
                assertThat(saved.offset()).as(what).isEqualTo(Files.size(w.path()));
                if (reference == null) {
                    reference = last;
                } else {
                    assertThat(last.lines()).as(what).isEqualTo(reference.lines());
                    assertThat(last.lifetime()).as(what).isEqualTo(reference.lifetime());
                    assertThat(last.twoMinutes()).as(what).isEqualTo(reference.twoMinutes());
                    assertThat(last.tenSeconds()).as(what).isEqualTo(reference.tenSeconds());
                }
            }
        }
    }
    /**
     * Arrival time with two files on one multi-producer ring: the arrival ticker's TICKs and the
     * other source's lines interleave with each source's blocks, and every line (malformed ones
     * too: arrival time needs no time from the line) is handed over; each is counted once.
     */
    @Test
    void shouldCountEveryLineOnceInArrivalTimeWithTwoSourcesSharingTheRing() throws Exception {
        final Written w = write();
        final Path second = dir.resolve("copy.log");
        Files.copy(w.path(), second);
        for (final int shards : new int[] {1, 2, 3}) {
            final String what = shards + " shards, arrival time, 2 files (seed " + SEED + ")";
            final RecordingPublisher out = new RecordingPublisher();
            final HandlerErrors errors = new HandlerErrors(notices);
            final Pipeline p = new Pipeline(settings(shards, 64, TimeMode.ARRIVAL, w.path(), second), out,
                    Clock.SYSTEM, notices, errors);
            p.start();
            assertThat(p.awaitSources(60_000)).as(what).isTrue();
            assertThat(p.finish(60_000)).as(what).isTrue();
            final Snapshot last = out.last();
            assertThat(errors.count()).as(what).isZero();
            assertThat(last.lines().parsed()).as(what).isEqualTo(2 * w.hits());
            assertThat(last.lines().malformed()).as(what).isEqualTo(2 * w.malformed());
            assertThat(last.lines().future()).as(what).isZero();
            assertThat(last.lifetime().hits()).as(what).isEqualTo(2 * w.hits());
            if (shards > 1) {
                // every line but the first 1,000 watched lines of each file (empty lines are not
                // watched, so a few more) and the long ones
                assertThat(p.linesParsedOnShards()).as(what)
                        .isLessThanOrEqualTo(2 * (w.hits() + w.malformed() - 1_000))
                        .isGreaterThanOrEqualTo(2 * (w.hits() + w.malformed() - 1_100 - w.longLines()));
            }
        }
    }
}
