package dev.logmon.core.source;

import dev.logmon.core.TestLogWriter;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Many followed files on a few threads ({@link FollowPool}), and files closed while inactive
 * ({@code --close-inactive}) and reopened when they change: real files, real change notifications.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FollowPoolIT {
    private static final int FILES = 300;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "pattern={0}")
    @ValueSource(booleans = {false, true})
    void shouldFollowHundredsOfFilesOnAFewThreadsAndCountEveryLine(final boolean pattern) throws Exception {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final List<TestLogWriter> writers = new ArrayList<>();
        final List<Path> paths = new ArrayList<>();
        try {
            for (int i = 0; i < FILES; i++) {
                final Path p = dir.resolve("vhost" + i + ".access.log");
                paths.add(p);
                writers.add(new TestLogWriter(p, true).write(1));
            }
            final FollowHarness h = pattern ? new FollowHarness(dir.resolve("*.access.log"))
                    : new FollowHarness(paths.toArray(new Path[0]));
            try (h) {
                h.start();
                h.awaitLinesRead(FILES);
                assertThat(h.pipeline().sourceThreadCount()).as("threads of their own (seed " + seed + ")").isZero();
                assertThat(h.pipeline().followThreadsLargest()).as("reader threads (seed " + seed + ")").isBetween(1, 4);
                long written = FILES;
                for (int round = 0; round < 20; round++) {
                    final int file = random.nextInt(FILES);
                    final int n = 1 + random.nextInt(200);
                    writers.get(file).write(n);
                    written += n;
                }
                h.awaitLinesRead(written);
                h.settle();
                assertThat(h.pipeline().followThreadsLargest()).as("reader threads (seed " + seed + ")").isBetween(1, 4);
                final Snapshot last = h.finish();
                FollowHarness.assertCounted(last, written, 0);
            }
        } finally {
            for (final TestLogWriter w : writers) {
                w.close();
            }
        }
    }

    @ParameterizedTest(name = "watch={0}")
    @ValueSource(booleans = {true, false})
    void shouldCloseAnInactiveFileAndReadOnWhereItStoppedWhenItGrows(final boolean watch) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd to see open files");
        final Path log = dir.resolve("quiet.log");
        try (TestLogWriter w = new TestLogWriter(log, true); FollowHarness h = new FollowHarness(log)) {
            h.settings.closeInactiveMillis = 200;
            h.settings.watchFiles = watch;
            w.write(10);
            h.start();
            h.awaitLinesRead(10);
            h.await(() -> !followerHolds(log), "the inactive file closed");
            h.settle();
            assertThat(followerHolds(log)).as("stays closed while unchanged (polling: %s)", !watch).isFalse();
            w.write(5).appendPartial();
            h.awaitLinesRead(15);
            h.await(() -> !followerHolds(log), "closed again");
            w.completePartial().write(2);
            h.awaitLinesRead(18);
            h.settle();
            final Snapshot last = h.finish();
            FollowHarness.assertCounted(last, 18, 0);
            assertThat(h.source(0).rotations()).isZero();
            assertThat(h.source(0).truncations()).isZero();
        }
    }

    @Test
    void shouldDrainAFileRenamedAwayWhileItWasClosedAndFollowTheNewOne() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd to see open files");
        final Path log = dir.resolve("rotated.log");
        try (TestLogWriter w = new TestLogWriter(log, true); FollowHarness h = new FollowHarness(log)) {
            h.settings.closeInactiveMillis = 200;
            h.settings.rotateWaitMillis = 1_000;
            w.write(10);
            h.start();
            h.awaitLinesRead(10);
            h.await(() -> !followerHolds(log), "the inactive file closed");
            w.rotateByRename();
            w.write(5); // through the writer's old handle, into the renamed file
            w.reopen().write(7);
            h.awaitLinesRead(22);
            h.settle();
            final Snapshot last = h.finish();
            FollowHarness.assertCounted(last, 22, 0);
            assertThat(h.source(0).rotations()).as(h.describe()).isEqualTo(1);
        }
    }

    @Test
    void shouldReadAgainFromTheStartAFileTruncatedWhileItWasClosed() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd to see open files");
        final Path log = dir.resolve("truncated.log");
        try (TestLogWriter w = new TestLogWriter(log, true); FollowHarness h = new FollowHarness(log)) {
            h.settings.closeInactiveMillis = 200;
            w.write(10);
            h.start();
            h.awaitLinesRead(10);
            h.await(() -> !followerHolds(log), "the inactive file closed");
            w.copyTruncate().write(3);
            h.awaitLinesRead(13);
            h.settle();
            final Snapshot last = h.finish();
            FollowHarness.assertCounted(last, 13, 0);
            assertThat(h.source(0).truncations()).as(h.describe()).isEqualTo(1);
        }
    }

    @Test
    void shouldFinishAFileDeletedWhileItWasClosedAndFollowTheNextOne() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd to see open files");
        final Path log = dir.resolve("deleted.log");
        try (TestLogWriter w = new TestLogWriter(log, true); FollowHarness h = new FollowHarness(log)) {
            h.settings.closeInactiveMillis = 200;
            w.write(10);
            h.start();
            h.awaitLinesRead(10);
            h.await(() -> !followerHolds(log), "the inactive file closed");
            w.delete();
            h.await(() -> h.source(0).state() == SourceState.WAITING, "the path waited for");
            w.recreate().write(4);
            h.awaitLinesRead(14);
            h.settle();
            final Snapshot last = h.finish();
            FollowHarness.assertCounted(last, 14, 0);
            assertThat(h.source(0).rotations()).as(h.describe()).isEqualTo(1);
        }
    }

    /** True while the follower has {@code file} open (the test's writer holds one descriptor on it). */
    private static boolean followerHolds(final Path file) {
        return openCount(file) > 1;
    }

    /** Descriptors of this process open on {@code file}. */
    private static int openCount(final Path file) {
        final Path target = file.toAbsolutePath().normalize();
        int n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (final Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(target)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return n;
    }
}
