package dev.logmon.core.source;

import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real pipeline following real files, with everything it published recorded, and polling waits
 * (never fixed sleeps). On failure its counters go into the assertion message.
 */
final class FollowHarness implements AutoCloseable {

    /** Every line read is counted once: {@code parsed} parsed, {@code malformed} malformed, none else. */
    static void assertCounted(final Snapshot last, final long parsed, final long malformed) {
        assertThat(last.lines().parsed()).as("parsed").isEqualTo(parsed);
        assertThat(last.lines().malformed()).as("malformed " + last.lines().malformedByReason()).isEqualTo(malformed);
        assertThat(last.lines().read()).isEqualTo(parsed + malformed);
    }
    final Settings settings = new Settings();
    final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);
    private Pipeline pipeline;
    private Snapshot finalSnapshot;

    FollowHarness(final Path... files) {
        for (final Path f : files) {
            settings.sources.add(f.toString());
        }
        settings.fromStart = true;
        settings.timeMode = TimeMode.ARRIVAL;
        settings.pollMillis = 10;
        settings.rotateWaitMillis = 150;
        settings.everySeconds = 1;
        settings.ringSize = 1024;
    }

    FollowHarness start() {
        return start(InputStream.nullInputStream());
    }

    FollowHarness start(final InputStream stdin) {
        if (!settings.conclude().isEmpty()) {
            throw new IllegalArgumentException(settings.conclude().toString());
        }
        final SnapshotPublisher recorder = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
                snapshots.add(snapshot);
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
            }
        };
        pipeline = new Pipeline(settings, recorder, Clock.SYSTEM, notices, new HandlerErrors(notices), stdin);
        pipeline.start();
        return this;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    SourceStatus source(final int i) {
        return pipeline.sourceStatuses().get(i);
    }

    String notices() {
        return noticeBytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the sources have read {@code lines} lines in all (parsed or not). */
    void awaitLinesRead(final long lines) throws InterruptedException {
        await(() -> pipeline.linesRead() >= lines, "lines read to reach " + lines);
    }

    void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + describe());
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** Lets a few polls pass, so duplicates (if the source made any) would have been read. */
    void settle() throws InterruptedException {
        final long polls = 5;
        TimeUnit.MILLISECONDS.sleep(settings.pollMillis * polls + settings.rotateWaitMillis);
    }

    /** Stops the pipeline and returns its final snapshot. */
    Snapshot finish() throws InterruptedException {
        if (finalSnapshot == null) {
            if (!pipeline.finish(10_000)) {
                throw new AssertionError("no final snapshot; " + describe());
            }
            finalSnapshot = snapshots.get(snapshots.size() - 1);
        }
        return finalSnapshot;
    }

    String describe() {
        return "linesRead=" + pipeline.linesRead() + " sources=" + pipeline.sourceStatuses()
                + " notices=" + notices().replace('\n', '|');
    }

    @Override
    public void close() {
        if (pipeline != null && finalSnapshot == null) {
            try {
                pipeline.finish(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
