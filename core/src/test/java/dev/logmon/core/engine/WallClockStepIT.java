package dev.logmon.core.engine;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.TestLines;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following a live file in arrival time while the wall clock is stepped forward an hour, then back
 * five minutes (RELIABILITY row 41): the monotonic clock is the real one, the wall clock the real
 * one plus the steps. Snapshots go on once a second with no catch-up burst and no stall, the
 * lifetime counts the seconds that passed, no line is late, the labels follow the wall clock, and
 * each step is noticed once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WallClockStepIT {
    @TempDir
    Path dir;

    @Test
    void shouldMoveOnlyTheLabelsWhenTheWallClockStepsWhileFollowing() throws Exception {
        final AtomicLong stepMs = new AtomicLong();
        final Clock stepped = new Clock() {
            @Override
            public long millis() {
                return System.currentTimeMillis() + stepMs.get();
            }

            @Override
            public long nanos() {
                return System.nanoTime();
            }
        };
        final Path log = Files.createFile(dir.resolve("access.log"));
        final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
        final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);
        final Settings s = new Settings();
        s.sources.add(log.toString());
        s.timeMode = TimeMode.ARRIVAL;
        s.fromStart = true;
        s.everySeconds = 1;
        s.threshold = 5;
        s.alertRule = AlertRuleKind.RELATIVE;
        assertThat(s.conclude()).isEmpty();
        final RecordingPublisher out = new RecordingPublisher();
        final Pipeline p = new Pipeline(s, out, stepped, notices, new HandlerErrors(notices));

        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicLong written = new AtomicLong();
        final Thread writer = new Thread(() -> {
            final SplittableRandom rnd = new SplittableRandom(41);
            try (OutputStream o = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                while (writing.get()) {
                    final StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 5; i++) {
                        sb.append(TestLines.randomLine(rnd, System.currentTimeMillis() / 1000, 50)).append('\n');
                    }
                    o.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                    o.flush();
                    written.addAndGet(5);
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        final long started = System.nanoTime();
        p.start();
        writer.start();
        awaitSnapshots(out, 3);
        final long beforeStep = out.last().second();
        stepMs.set(3_600_000);
        awaitSnapshots(out, out.snapshots().size() + 3);
        final long afterForward = out.last().second();
        stepMs.set(3_300_000);
        awaitSnapshots(out, out.snapshots().size() + 3);
        writing.set(false);
        writer.join();
        awaitLinesCounted(out, written.get());
        assertThat(p.finish(10_000)).isTrue();
        final long elapsedS = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;

        final List<Snapshot> all = out.snapshots();
        final Snapshot last = all.get(all.size() - 1);
        final String text = noticeBytes.toString(StandardCharsets.UTF_8);
        assertThat(all.size()).as("a snapshot a second, no catch-up burst (%d s passed)", elapsedS)
                .isLessThanOrEqualTo((int) elapsedS + 2);
        assertThat(last.lifetime().seconds()).as("the seconds that passed").isLessThanOrEqualTo(elapsedS + 1);
        assertThat(last.lines().late()).as("no line late after the step back").isZero();
        assertThat(last.lines().future()).isZero();
        assertThat(last.lifetime().hits()).isEqualTo(written.get());
        assertThat(afterForward - beforeStep).as("labels follow the step forward").isBetween(3_600L, 3_600L + 60);
        assertThat(last.second() - beforeStep).as("and the step back").isBetween(3_300L, 3_300L + 60);
        assertThat(out.alerts()).as("steady traffic, no false alert").isEmpty();
        assertThat(text).contains("stepped forward by 3600 s").contains("stepped back by 300 s");
        assertThat(text.lines().filter(l -> l.contains("stepped"))).hasSize(2);
    }

    private static void awaitSnapshots(final RecordingPublisher out, final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.snapshots().size() < count && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(out.snapshots()).hasSizeGreaterThanOrEqualTo(count);
    }

    private static void awaitLinesCounted(final RecordingPublisher out, final long lines) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((out.last() == null || out.last().lifetime().hits() < lines) && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
