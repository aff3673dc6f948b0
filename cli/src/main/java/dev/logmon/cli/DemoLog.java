package dev.logmon.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default behind {@code --demo}.
 *
 * <p>Live (the default): a generator thread appends {@link #LIVE_RATE} lines per second in real
 * time, four times that for the last 80 s of every 200 s ({@link #LIVE_BURST}), to an empty
 * temporary file the pipeline follows in arrival time. The relative rule needs two full minutes,
 * then fires when the 2-minute average passes the lifetime average + 10: with these numbers the
 * alert goes on about 3:00 in, off about 4:25, and again every 200 s.
 *
 * <p>Lines carry request times (the {@code nginx-timed} format), so the dashboards show their
 * percentiles from the first run.
 *
 * <p>With {@code --once}: about 12 minutes of generated traffic at 50 lines per second of log
 * time, four times that for the last 90 s of every 5 minutes, replayed in log time, so the alert
 * fires and recovers twice. Either file is deleted when the JVM exits.
 */
final class DemoLog {
    /** Lines in the demo log. */
    static final long LINES = 64_800;
    /** Normal lines per second of the live demo. */
    static final long LIVE_RATE = 20;
    /** Bursts of the live demo: the last 80 s of every 200 s carry 4 times the traffic. */
    static final String LIVE_BURST = "200:80:4";

    /** The live demo's generator thread. */
    static final class Live {
        private final Thread thread;

        private Live(final Thread thread) {
            this.thread = thread;
        }

        /** Stops the generator and waits for it to close the file. */
        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(2_000);
        }
    }

    private DemoLog() {
    }

    /** An empty temporary log for the live demo. */
    static Path createEmpty() {
        try {
            final Path file = Files.createTempFile("logmon-demo-live-", ".log");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts appending live traffic to {@code file} on a daemon thread. */
    static Live startLive(final Path file) {
        final Thread t = new Thread(() -> {
            final StringWriter quiet = new StringWriter();
            new CommandLine(new GenerateCommand())
                    .setOut(new PrintWriter(quiet))
                    .setErr(new PrintWriter(quiet))
                    .execute("-d", file.toString(), "-l", Long.toString(LIVE_RATE), "--burst", LIVE_BURST,
                            "--seed", "2026", "--request-times");
        }, "logmon-demo-generator");
        t.setDaemon(true);
        t.start();
        return new Live(t);
    }

    static Path create() {
        try {
            final Path file = Files.createTempFile("logmon-demo-", ".log");
            file.toFile().deleteOnExit();
            final StringWriter quiet = new StringWriter();
            final int code = new CommandLine(new GenerateCommand())
                    .setOut(new PrintWriter(quiet))
                    .setErr(new PrintWriter(quiet))
                    .execute("-d", file.toString(), "-l", "0", "--count", Long.toString(LINES), "--seed", "2026",
                            "--start", "2026-01-01T12:00:00Z", "--log-rate", "50", "--burst", "300:90:4",
                            "--request-times");
            if (code != 0) {
                throw new IllegalStateException("could not generate the demo log: " + quiet);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
