package dev.logmon.core.source;

import dev.logmon.core.TestLogWriter;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Rotation by the real {@code logrotate} binary while a writer appends, in both of its modes
 * (RELIABILITY rows 1 and 2). {@code .ci/run} installs logrotate; without it these tests skip.
 */
@Timeout(90)
class LogrotateIT {
    private static final Path LOGROTATE = Path.of("/usr/sbin/logrotate");

    @TempDir
    Path dir;

    /**
     * Appends lines steadily, like a web server: O_APPEND, and after a rotation it reopens its
     * path (what a server does on the signal logrotate's postrotate sends).
     */
    private final class ServerLikeWriter extends Thread {
        private final Path log;
        private final int total;
        final AtomicLong written = new AtomicLong();
        final AtomicLong writtenDuringRotation = new AtomicLong();
        final AtomicBoolean rotating = new AtomicBoolean();
        volatile Exception failure;

        ServerLikeWriter(final Path log, final int total) {
            super("server-like-writer");
            this.log = log;
            this.total = total;
        }

        @Override
        public void run() {
            try {
                TestLogWriter w = new TestLogWriter(log, true);
                Object key = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
                for (int i = 0; i < total; i++) {
                    w.write(1);
                    written.incrementAndGet();
                    if (rotating.get()) {
                        writtenDuringRotation.incrementAndGet();
                    }
                    if (i % 20 == 0) {
                        final Object now = keyOrNull();
                        if (now == null || !now.equals(key)) {
                            w.close();
                            w = new TestLogWriter(log, true);
                            key = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
                        }
                    }
                    TimeUnit.MICROSECONDS.sleep(300);
                }
                w.close();
            } catch (Exception e) {
                failure = e;
            }
        }

        private Object keyOrNull() {
            try {
                return Files.readAttributes(log, BasicFileAttributes.class).fileKey();
            } catch (IOException e) {
                return null;
            }
        }
    }

    private void logrotate(final Path config, final ServerLikeWriter writer) throws Exception {
        writer.rotating.set(true);
        try {
            final Process p = new ProcessBuilder(LOGROTATE.toString(), "-f", "-s", dir.resolve("state").toString(),
                    config.toString()).redirectErrorStream(true).start();
            final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("logrotate: " + output).isZero();
        } finally {
            writer.rotating.set(false);
        }
    }

    private Path config(final Path log, final String mode) throws IOException {
        final Path config = dir.resolve("logrotate-" + mode + ".conf");
        Files.writeString(config, log + " {\n    rotate 5\n    " + mode + "\n    missingok\n    nocompress\n}\n");
        return config;
    }

    private void runScenario(final String mode, final boolean exact) throws Exception {
        assumeTrue(Files.isExecutable(LOGROTATE), "logrotate is not installed: skipping (.ci/run installs it)");
        final Path log = dir.resolve("access.log");
        Files.createFile(log);
        final ServerLikeWriter writer = new ServerLikeWriter(log, 3000);
        try (FollowHarness h = new FollowHarness(log)) {
            h.start();
            writer.start();
            h.awaitLinesRead(800);
            logrotate(config(log, mode), writer);
            h.awaitLinesRead(1800);
            logrotate(config(log, mode), writer);
            writer.join(60_000);
            assertThat(writer.failure).isNull();
            final long written = writer.written.get();
            if (exact) {
                h.awaitLinesRead(written);
            } else {
                final long mayLose = writer.writtenDuringRotation.get();
                h.await(() -> h.pipeline().linesRead() >= written - mayLose,
                        "all lines but those written while logrotate ran (" + mayLose + ")");
            }
            h.settle();

            final Snapshot last = h.finish();
            assertThat(last.lines().malformed()).as(last.lines().malformedByReason().toString()).isZero();
            if (exact) {
                assertThat(last.lines().parsed()).isEqualTo(written);
                assertThat(h.source(0).rotations()).isEqualTo(2);
            } else {
                // copytruncate loses what is written between its copy and its truncate (inherent);
                // what was not read yet when it started is read from the copy.
                final long mayLose = writer.writtenDuringRotation.get();
                assertThat(last.lines().parsed()).isBetween(written - mayLose, written);
                assertThat(h.source(0).truncations()).isEqualTo(2);
            }
        }
    }

    /**
     * A busy server: 50,000 lines/s in batches of 50 (paced each millisecond), reopening its path
     * as soon as a batch finds it renamed (a server's reopen on logrotate's signal).
     */
    private static final class BusyWriter extends Thread {
        private final Path log;
        private final long millis;
        final AtomicLong written = new AtomicLong();
        final AtomicLong writtenDuringRotation = new AtomicLong();
        final AtomicBoolean rotating = new AtomicBoolean();
        volatile Exception failure;

        BusyWriter(final Path log, final long millis) {
            super("busy-writer");
            this.log = log;
            this.millis = millis;
        }

        @Override
        public void run() {
            try {
                TestLogWriter w = new TestLogWriter(log, true);
                Object key = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
                final long start = System.nanoTime();
                long next = start;
                while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(millis)) {
                    final boolean during = rotating.get();
                    w.write(50);
                    written.addAndGet(50);
                    if (during || rotating.get()) {
                        writtenDuringRotation.addAndGet(50);
                    }
                    Object now;
                    try {
                        now = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
                    } catch (IOException e) {
                        now = null;
                    }
                    if (now == null || !now.equals(key)) {
                        // Reopen the file logrotate created, as a server does; never create it: a
                        // file made between logrotate's rename and its create is renamed by logrotate
                        // to a .backup the follower may never see (lines lost, or an extra rotation).
                        w.close();
                        w = TestLogWriter.appendToExisting(log);
                        key = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
                    }
                    next += TimeUnit.MILLISECONDS.toNanos(1);
                    final long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                w.close();
            } catch (Exception e) {
                failure = e;
            }
        }
    }

    /** logrotate every second for {@code rotations} seconds while a 50,000 lines/s writer appends. */
    private void runBusyScenario(final String mode, final int rotations) throws Exception {
        assumeTrue(Files.isExecutable(LOGROTATE), "logrotate is not installed: skipping (.ci/run installs it)");
        final Path log = dir.resolve("busy.log");
        Files.createFile(log);
        final Path config = dir.resolve("busy-" + mode + ".conf");
        Files.writeString(config, log + " {\n    rotate 50\n    " + mode + "\n    missingok\n    nocompress\n}\n");
        final BusyWriter writer = new BusyWriter(log, (rotations + 1) * 1_000L);
        try (FollowHarness h = new FollowHarness(log)) {
            h.settings.ringSize = 16_384;
            h.start();
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            writer.start();
            for (int i = 0; i < rotations; i++) {
                TimeUnit.MILLISECONDS.sleep(1_000);
                writer.rotating.set(true);
                try {
                    final Process p = new ProcessBuilder(LOGROTATE.toString(), "-f", "-s", dir.resolve("busy-state").toString(),
                            config.toString()).redirectErrorStream(true).start();
                    final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(p.waitFor()).as("logrotate: " + output).isZero();
                } finally {
                    writer.rotating.set(false);
                }
            }
            writer.join(60_000);
            assertThat(writer.failure).isNull();
            final long written = writer.written.get();
            final long mayLose = "copytruncate".equals(mode) ? writer.writtenDuringRotation.get() : 0;
            h.await(() -> h.pipeline().linesRead() >= written - mayLose, "every line (but " + mayLose + ") read");
            h.settle();
            final Snapshot last = h.finish();
            assertThat(last.lines().malformed()).as(last.lines().malformedByReason().toString()).isZero();
            if ("create".equals(mode)) {
                assertThat(last.lines().parsed()).isEqualTo(written);
                assertThat(h.source(0).rotations()).isEqualTo(rotations);
            } else {
                // copytruncate loses what is written between its copy and its truncate (inherent)
                assertThat(last.lines().parsed()).isBetween(written - mayLose, written);
                assertThat(h.source(0).truncations()).isEqualTo(rotations);
            }
        }
    }

    @Test
    void shouldLoseNothingWhenLogrotateRenamesEverySecondUnderFiftyThousandLinesASecond() throws Exception {
        runBusyScenario("create", 5);
    }

    @Test
    void shouldReadEveryLineButThoseInsideTheCopyWhenLogrotateCopytruncatesEverySecondUnderFiftyThousandLinesASecond()
            throws Exception {
        runBusyScenario("copytruncate", 5);
    }

    @Test
    void shouldLoseNothingWhenLogrotateRenamesAndCreatesWhileTheServerWrites() throws Exception {
        runScenario("create", true);
    }

    @Test
    void shouldReadAgainFromTheStartWhenLogrotateCopiesAndTruncatesWhileTheServerWrites() throws Exception {
        runScenario("copytruncate", false);
    }
}
