package dev.logmon.core.source;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop must not hang on the file watcher: after an {@code OutOfMemoryError} killed the JDK's
 * watch-service poller thread ({@code FileSystemWatchService}), closing the watch service waits
 * for an answer that never comes (seen: SIGTERM hung > 40 s). Here the poller is killed for real
 * and the close must return within its bound.
 */
class DirectoryWatcherCloseTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    @SuppressWarnings("deprecation") // Thread.stop: the only way to kill the JDK's poller as an OOM does
    void shouldCloseWithinItsBoundWhenTheWatchServicePollerIsDead() throws Exception {
        final Path file = Files.createFile(dir.resolve("access.log"));
        final ByteArrayOutputStream notices = new ByteArrayOutputStream();
        final DirectoryWatcher watcher = new DirectoryWatcher(new PrintStream(notices, true, StandardCharsets.UTF_8));
        watcher.watch(file, new Wakeup());
        final java.util.Set<Thread> before = pollers();
        watcher.start();
        final Thread poller = pollers().stream().filter(t -> !before.contains(t)).findFirst().orElse(null);
        Assumptions.assumeTrue(poller != null, "no JDK FileSystemWatchService thread here (not the Linux watch service)");
        try {
            poller.stop(); // what an OutOfMemoryError thrown in it leaves: a dead poller
        } catch (UnsupportedOperationException e) {
            Assumptions.assumeTrue(false, "Thread.stop not supported by this JDK");
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (poller.isAlive() && System.nanoTime() < deadline) {
            Files.writeString(file, "x\n", java.nio.file.StandardOpenOption.APPEND); // wakes it from its native poll
            poller.join(20);
        }
        assertThat(poller.isAlive()).as("the poller died").isFalse();

        final long start = System.nanoTime();
        watcher.close();
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(ms).isBetween(DirectoryWatcher.CLOSE_WAIT_MS - 100, DirectoryWatcher.CLOSE_WAIT_MS + 2_000);
        assertThat(notices.toString(StandardCharsets.UTF_8))
                .contains("the file watcher did not close within 2000 ms; left behind (sources poll)");
    }

    private static java.util.Set<Thread> pollers() {
        final java.util.Set<Thread> set = new java.util.HashSet<>();
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("FileSystemWatchService") && t.isAlive()) {
                set.add(t);
            }
        }
        return set;
    }

    @Test
    @Timeout(30)
    void shouldCloseAtOnceWhenThePollerIsAlive() throws Exception {
        final Path file = Files.createFile(dir.resolve("access.log"));
        final DirectoryWatcher watcher = new DirectoryWatcher(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        watcher.watch(file, new Wakeup());
        watcher.start();

        final long start = System.nanoTime();
        watcher.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(DirectoryWatcher.CLOSE_WAIT_MS);
    }
}
