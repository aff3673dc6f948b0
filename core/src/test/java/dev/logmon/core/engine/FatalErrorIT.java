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
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link Error} in any pipeline thread ends the run (RELIABILITY row 44): the pipeline reports
 * it once with the thread's name, {@link Pipeline#awaitSources} stops waiting, and
 * {@link Pipeline#finish} returns within its bound, never a hang. Errors are injected where each
 * kind of thread meets outside code: the combiner's publisher, a sink's listener, a source's input.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FatalErrorIT {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);
    private final HandlerErrors errors = new HandlerErrors(notices);

    private Path log(final int seconds) throws IOException {
        final SplittableRandom rnd = new SplittableRandom(44);
        final StringBuilder sb = new StringBuilder();
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < 5; i++) {
                sb.append(TestLines.randomLine(rnd, T0 + s, 100)).append('\n');
            }
        }
        final Path p = dir.resolve("access.log");
        Files.writeString(p, sb, StandardCharsets.ISO_8859_1);
        return p;
    }

    private static Settings settings(final String source) {
        final Settings s = new Settings();
        s.sources.add(source);
        s.once = true;
        s.timeMode = TimeMode.LOG;
        s.everySeconds = 1;
        s.ringSize = 64;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        assertThat(s.conclude()).isEmpty();
        return s;
    }

    /** Waits for the failure as a runner would, then ends the run; returns the fatal thread's name. */
    private String endsWithFatal(final Pipeline p) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!p.failed() && System.nanoTime() - deadline < 0) {
            p.awaitSources(100);
        }
        assertThat(p.failed()).as("the run failed; notices: %s", noticeBytes).isTrue();
        assertThat(p.awaitSources(Long.MAX_VALUE)).as("awaitSources gives up at once after a failure").isFalse();
        p.finish(3_000); // bounded: returns whether or not the final snapshot could be made
        final String text = noticeBytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.startsWith("logmon: fatal error in thread")))
                .as("one line for the failure: %s", text).hasSize(1);
        assertThat(errors.count()).as("an Error is not counted as a handler exception").isZero();
        return errors.fatalThread();
    }

    @Test
    void shouldEndTheRunWhenTheCombinerThreadHitsAnError() throws Exception {
        final AtomicInteger published = new AtomicInteger();
        final RecordingPublisher out = new RecordingPublisher();
        final SnapshotPublisher failing = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
                if (published.incrementAndGet() == 5) {
                    throw new OutOfMemoryError("injected in the combiner");
                }
                out.publishSnapshot(snapshot);
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
                out.publishAlert(alert);
            }
        };
        final Pipeline p = new Pipeline(settings(log(600).toString()), failing, Clock.SYSTEM, notices, errors);
        p.start();
        assertThat(endsWithFatal(p)).isEqualTo("logmon-analyzer-1"); // shard 0, then the combiner
        assertThat(errors.fatalError()).isInstanceOf(OutOfMemoryError.class).hasMessage("injected in the combiner");
        assertThat(noticeBytes.toString(StandardCharsets.UTF_8))
                .contains("fatal error in thread logmon-analyzer-1: OutOfMemoryError: injected in the combiner; ending the run");
    }

    @Test
    void shouldNotWaitTheWholeFinishTimeoutWhenTheFinalSnapshotHitsAnError() throws Exception {
        final SnapshotPublisher failingAtTheEnd = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
                if (snapshot.last()) {
                    throw new OutOfMemoryError("injected in the final snapshot");
                }
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
            }
        };
        final Pipeline p = new Pipeline(settings(log(20).toString()), failingAtTheEnd, Clock.SYSTEM, notices, errors);
        p.start();
        // a --once replay's last source may itself bring on the final snapshot, so the failure can
        // come while that source thread is still ending: either way, the sources are through
        assertThat(p.awaitSources(30_000) || p.failed()).as("the sources end, or the final snapshot failed").isTrue();
        final long started = System.nanoTime();
        assertThat(p.finish(60_000)).as("no final snapshot").isFalse();
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(p.failed()).isTrue();
        // a runner calls finish with a long timeout once the sources are done (--once): an Error
        // after that must still end the run within seconds, not after the whole timeout
        assertThat(tookMs).as("finish after a fatal error took %d ms", tookMs).isLessThan(30_000);
        assertThat(noticeBytes.toString(StandardCharsets.UTF_8))
                .contains("OutOfMemoryError: injected in the final snapshot; ending the run");
    }

    @Test
    void shouldEndTheRunWhenALosslessSinkThreadHitsAnErrorInsteadOfBlockingTheCombiner() throws Exception {
        final SnapshotListener overflowing = new SnapshotListener() {
            @Override
            public void onSnapshot(final Snapshot snapshot) {
                throw new StackOverflowError("injected in the sink");
            }

            @Override
            public void onAlert(final AlertEvent alert) {
            }
        };
        final SinkRunner sink = new SinkRunner("boom", overflowing, true, errors);
        // 600 snapshots through a lossless queue of 64 with no reader left: without the fatal
        // path the combiner would wait for room for ever
        final Pipeline p = new Pipeline(settings(log(600).toString()), sink, Clock.SYSTEM, notices, errors);
        p.start();
        assertThat(endsWithFatal(p)).isEqualTo("logmon-sink-boom");
        assertThat(sink.close(3_000)).isTrue();
    }

    @Test
    void shouldEndTheRunWhenASourceThreadHitsAnError() throws Exception {
        final InputStream failing = new InputStream() {
            private int reads;

            @Override
            public int read() {
                throw new IllegalStateException("not used");
            }

            @Override
            public int read(final byte[] b, final int off, final int len) {
                if (reads++ < 3) {
                    final byte[] line = (TestLines.line("10.0.0.1", T0 + reads, "/a/b", 200, 10) + "\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                    System.arraycopy(line, 0, b, off, line.length);
                    return line.length;
                }
                throw new OutOfMemoryError("injected in the source");
            }
        };
        final RecordingPublisher out = new RecordingPublisher();
        final Pipeline p = new Pipeline(settings(Settings.STDIN), out, Clock.SYSTEM, notices, errors, failing);
        p.start();
        assertThat(endsWithFatal(p)).isEqualTo("logmon-source-0");
        assertThat(out.last()).as("the final snapshot still made").isNotNull();
        assertThat(out.last().last()).isTrue();
    }
}
