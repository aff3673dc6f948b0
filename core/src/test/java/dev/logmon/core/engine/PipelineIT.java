package dev.logmon.core.engine;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.TestLines;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.core.snapshot.SnapshotPublisher;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole engine on real threads over real files, in log time with --once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineIT {
    private static final String[] MALFORMED = {
        "", "garbage", "10.0.0.1 - - [17/May/2015:10:05:00 +0000] \"GET / HTTP/1.1\" 2x0 10 \"-\" \"-\"",
        "10.0.0.1 - - [99/May/2015:10:05:00 +0000] \"GET / HTTP/1.1\" 200 10 \"-\" \"-\"",
        "10.0.0.1 - - [17/May/2015:10:05:00 +0000] \"GET / HTTP/1.1\" 200 ten \"-\" \"-\"",
    };

    @TempDir
    Path dir;

    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    /** What a generated file holds. */
    private record Written(Path path, long hits, long malformed) {
    }

    /** Lines over {@code seconds} seconds from T0, {@code perSecond} each, jittered by up to 3 s, some malformed. */
    private Written write(final String name, final long seed, final int seconds, final int perSecond,
                          final boolean malformed, final boolean lastNewline) throws IOException {
        return write(name, seed, seconds, perSecond, 1, malformed, lastNewline);
    }

    /** As above, with lines only every {@code step} seconds (so one tick covers several seconds). */
    private Written write(final String name, final long seed, final int seconds, final int perSecond, final int step,
                          final boolean malformed, final boolean lastNewline) throws IOException {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final StringBuilder sb = new StringBuilder();
        long hits = 0;
        long bad = 0;
        for (int s = 0; s < seconds; s += step) {
            for (int i = 0; i < perSecond; i++) {
                if (malformed && rnd.nextInt(25) == 0) {
                    sb.append(MALFORMED[rnd.nextInt(MALFORMED.length)]).append(rnd.nextBoolean() ? "\n" : "\r\n");
                    bad++;
                }
                final long second = T0 + (step == 1 ? Math.max(0, s - rnd.nextInt(4)) : s);
                sb.append(TestLines.randomLine(rnd, second, 500)).append('\n');
                hits++;
            }
        }
        if (!lastNewline) {
            sb.setLength(sb.length() - 1);
        }
        final Path p = dir.resolve(name);
        Files.writeString(p, sb, StandardCharsets.ISO_8859_1);
        return new Written(p, hits, bad);
    }

    private static Settings settings(final int shards, final int ringSize, final Path... files) {
        final Settings s = new Settings();
        for (final Path f : files) {
            s.sources.add(f.toString());
        }
        s.once = true;
        s.timeMode = TimeMode.LOG;
        s.shards = shards;
        s.ringSize = ringSize;
        s.topCapacity = 1_000;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        s.waitStrategy = WaitStrategyName.SLEEPING;
        assertThat(s.conclude()).isEmpty();
        return s;
    }

    /** Runs a pipeline to its end; returns it (finished) after checking the final snapshot arrived. */
    private Pipeline run(final Settings settings, final SnapshotPublisher publisher, final HandlerErrors errors)
            throws InterruptedException {
        final Pipeline p = new Pipeline(settings, publisher, Clock.SYSTEM, notices, errors);
        p.start();
        assertThat(p.awaitSources(30_000)).as("sources finish").isTrue();
        assertThat(p.finish(30_000)).as("final snapshot published").isTrue();
        return p;
    }

    @Test
    void shouldCountEveryLineWrittenAndGiveTheSameLifetimeWhateverTheShardsAndRingSize() throws Exception {
        final Written w = write("access.log", 1, 400, 12, true, false);
        Snapshot reference = null;
        for (final int shards : new int[] {1, 2}) {
            for (final int ring : new int[] {64, 65_536}) {
                final RecordingPublisher out = new RecordingPublisher();
                final HandlerErrors errors = new HandlerErrors(notices);
                final Pipeline p = run(settings(shards, ring, w.path()), out, errors);
                final Snapshot last = out.last();
                final String what = shards + " shards, ring " + ring;
                assertThat(last.last()).as(what).isTrue();
                assertThat(last.lifetime().hits()).as(what).isEqualTo(w.hits());
                assertThat(last.lines().parsed()).as(what).isEqualTo(w.hits());
                assertThat(last.lines().malformed()).as(what).isEqualTo(w.malformed());
                assertThat(last.lines().late()).as(what).isZero();
                assertThat(last.lines().future()).as(what).isZero();
                assertThat(p.linesRead()).as(what).isEqualTo(last.lines().parsed() + last.lines().malformed());
                assertThat(errors.count()).as(what).isZero();
                assertThat(last.lifetime().seconds()).as(what).isEqualTo(400);
                if (reference == null) {
                    reference = last;
                } else {
                    assertThat(last.lifetime()).as(what).isEqualTo(reference.lifetime());
                    assertThat(last.twoMinutes()).as(what).isEqualTo(reference.twoMinutes());
                    assertThat(last.tenSeconds()).as(what).isEqualTo(reference.tenSeconds());
                    assertThat(last.lines()).as(what).isEqualTo(reference.lines());
                }
            }
        }
    }

    @Test
    void shouldCountASinkExceptionAndGoOnDelivering() throws Exception {
        final Written w = write("access.log", 2, 200, 5, false, true);
        final RecordingPublisher delivered = new RecordingPublisher();
        final AtomicBoolean thrown = new AtomicBoolean();
        final SnapshotListener flaky = new SnapshotListener() {
            @Override
            public void onSnapshot(final Snapshot snapshot) {
                if (thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("sink failed on its first snapshot");
                }
                delivered.onSnapshot(snapshot);
            }

            @Override
            public void onAlert(final AlertEvent alert) {
                delivered.onAlert(alert);
            }
        };
        final HandlerErrors errors = new HandlerErrors(notices);
        final SinkRunner sink = new SinkRunner("flaky", flaky, true, errors);
        run(settings(1, 1024, w.path()), sink, errors);
        assertThat(sink.close(10_000)).isTrue();
        assertThat(errors.count()).isEqualTo(1);
        assertThat(delivered.last().last()).isTrue();
        assertThat(delivered.last().lifetime().hits()).isEqualTo(w.hits());
        assertThat(delivered.snapshots()).hasSize(200 / 10 - 1 + 1);
        assertThat(noticeBytes.toString(StandardCharsets.UTF_8)).contains("sink failed on its first snapshot");
    }

    @Test
    void shouldCountAPublisherExceptionInTheCombinerAndLoseNoLine() throws Exception {
        final Written w = write("access.log", 3, 200, 5, 7, true, true);
        final RecordingPublisher out = new RecordingPublisher();
        final AtomicBoolean thrown = new AtomicBoolean();
        final SnapshotPublisher failingOnce = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
                if (thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("publisher failed once");
                }
                out.publishSnapshot(snapshot);
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
                out.publishAlert(alert);
            }
        };
        final HandlerErrors errors = new HandlerErrors(notices);
        final Pipeline p = run(settings(2, 64, w.path()), failingOnce, errors);
        assertThat(errors.count()).isEqualTo(1);
        final Snapshot last = out.last();
        assertThat(last.lifetime().hits()).isEqualTo(w.hits());
        assertThat(last.lines().malformed()).isEqualTo(w.malformed());
        assertThat(last.lifetime().seconds()).isEqualTo(197);
        assertThat(p.linesRead()).isEqualTo(w.hits() + w.malformed());
    }

    @Test
    void shouldReplayTwoFilesOfTheSameSpanInParallelWithoutLateLines() throws Exception {
        final Written small = write("small.log", 4, 3_600, 1, false, true);
        final Written big = write("big.log", 5, 3_600, 10, false, true);
        final RecordingPublisher out = new RecordingPublisher();
        final Pipeline p = run(settings(2, 1024, big.path(), small.path()), out, new HandlerErrors(notices));
        final Snapshot last = out.last();
        assertThat(last.lifetime().hits()).isEqualTo(small.hits() + big.hits());
        assertThat(last.lines().late()).as("late lines").isZero();
        assertThat(last.lines().future()).as("future lines").isZero();
        assertThat(last.lifetime().seconds()).isEqualTo(3_600);
        assertThat(p.linesRead()).isEqualTo(small.hits() + big.hits());
    }

    @Test
    void shouldCountLinesOfAnEmptyFileAsNothing() throws Exception {
        final Path empty = Files.createFile(dir.resolve("empty.log"));
        final RecordingPublisher out = new RecordingPublisher();
        final Pipeline p = run(settings(1, 64, empty), out, new HandlerErrors(notices));
        assertThat(out.last().lines().read()).isZero();
        assertThat(p.linesRead()).isZero();
        final List<Snapshot> all = new ArrayList<>(out.snapshots());
        assertThat(all).last().matches(Snapshot::last);
    }
}
