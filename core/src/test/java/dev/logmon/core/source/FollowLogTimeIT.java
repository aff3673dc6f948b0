package dev.logmon.core.source;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.TestLines;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following several files in log time (no --once): a source that is idle at the end of its file,
 * waiting for its file to appear, or a standard input with nothing to read must not hold back
 * the counting of a file that is being written.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FollowLogTimeIT {
    private static final long DEADLINE_MS = 20_000;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    private Settings settings(final String... sources) {
        final Settings s = new Settings();
        for (final String source : sources) {
            s.sources.add(source);
        }
        s.timeMode = TimeMode.LOG;
        s.fromStart = true;
        s.everySeconds = 1;
        s.pollMillis = 20;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        assertThat(s.conclude()).isEmpty();
        return s;
    }

    private static void append(final Path file, final long second) throws IOException {
        Files.writeString(file, TestLines.line("10.0.0.1", second, "/a", 200, 10) + "\n", StandardCharsets.ISO_8859_1,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Writes the live file second by second; after each write the snapshot of the second before
     * it must come, whatever the other sources do.
     */
    private void assertLiveFileCounted(final Settings settings, final Path live, final InputStream stdin)
            throws Exception {
        final RecordingPublisher out = new RecordingPublisher();
        final Pipeline p = new Pipeline(settings, out, Clock.SYSTEM, notices, new HandlerErrors(notices), stdin);
        p.start();
        try {
            for (int s = 0; s <= 8; s++) {
                append(live, T0 + s);
                if (s == 0) {
                    continue;
                }
                final long want = T0 + s - 1;
                final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
                while (!snapshotAtOrAfter(out, want) && System.nanoTime() - deadline < 0) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                assertThat(snapshotAtOrAfter(out, want))
                        .as("snapshot of second T0+%d while following %s; notices: %s", s - 1, settings.sources,
                                noticeBytes.toString(StandardCharsets.UTF_8))
                        .isTrue();
            }
            final Snapshot last = out.last();
            assertThat(last.lifetime().hits()).as("the live file's lines counted").isGreaterThanOrEqualTo(8);
            assertThat(last.lines().late()).isZero();
        } finally {
            p.finish(10_000);
        }
    }

    private static boolean snapshotAtOrAfter(final RecordingPublisher out, final long second) {
        final Snapshot last = out.last();
        return last != null && last.second() >= second;
    }

    @Test
    void shouldCountALiveFileWhileAnotherIsIdleAndAThirdIsMissing() throws Exception {
        final Path live = dir.resolve("live.log");
        final Path idle = dir.resolve("idle.log");
        append(idle, T0 - 5);
        Files.createFile(live);
        assertLiveFileCounted(settings(live.toString(), idle.toString(), dir.resolve("missing.log").toString()),
                live, InputStream.nullInputStream());
    }

    @Test
    void shouldCountALiveFileWhileStandardInputHasNothingToRead() throws Exception {
        final Path live = dir.resolve("live.log");
        Files.createFile(live);
        try (PipedOutputStream quiet = new PipedOutputStream(); PipedInputStream stdin = new PipedInputStream(quiet)) {
            assertLiveFileCounted(settings(live.toString(), Settings.STDIN), live, stdin);
        }
    }
}
