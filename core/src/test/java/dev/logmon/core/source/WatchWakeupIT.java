package dev.logmon.core.source;

import dev.logmon.core.TestLogWriter;
import dev.logmon.core.snapshot.SourceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a poll interval far longer than the test may wait, new lines and a file that appears are
 * still picked up at once: the directory watcher wakes the source (RELIABILITY row 15 covers the
 * other half: polling alone works, which every other following test runs on).
 */
@Timeout(60)
class WatchWakeupIT {
    private static final long POLL_LONGER_THAN_THE_TEST_WAITS = 60_000; // the harness waits at most 20 s

    @TempDir
    Path dir;

    @Test
    void shouldReadNewLinesAsSoonAsTheyAreWrittenNotAtTheNextPoll() throws Exception {
        final Path log = dir.resolve("access.log");
        try (TestLogWriter w = new TestLogWriter(log, true); FollowHarness h = new FollowHarness(log)) {
            h.settings.pollMillis = POLL_LONGER_THAN_THE_TEST_WAITS;
            w.write(5);
            h.start();
            h.awaitLinesRead(5);
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            for (int round = 1; round <= 3; round++) {
                w.write(7);
                h.awaitLinesRead(5 + 7L * round);
            }
            assertThat(h.pipeline().linesRead()).isEqualTo(26);
        }
    }

    @Test
    void shouldOpenAFileAsSoonAsItAppears() throws Exception {
        final Path log = dir.resolve("late.log");
        try (FollowHarness h = new FollowHarness(log)) {
            h.settings.pollMillis = POLL_LONGER_THAN_THE_TEST_WAITS;
            h.start();
            h.await(() -> h.source(0).state() == SourceState.WAITING, "waiting for the file");
            try (TestLogWriter w = new TestLogWriter(log, true)) {
                w.write(9);
            }
            h.awaitLinesRead(9);
        }
    }
}
