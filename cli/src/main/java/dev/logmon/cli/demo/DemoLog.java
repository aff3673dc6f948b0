package dev.logmon.cli.demo;

import java.io.IOException;
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
public final class DemoLog {
    /** Lines in the demo log. */
    public static final long LINES = 64_800;
    /** Normal lines per second of the live demo. */
    static final long LIVE_RATE = 20;
    /** Bursts of the live demo: the last 80 s of every 200 s carry 4 times the traffic. */
    static final Burst LIVE_BURST = new Burst(200, 80, 4);
    /** The demo's seed: the same demo every time. */
    static final long SEED = 2026;
    /** Log time of the replayed demo's first line: 2026-01-01T12:00:00Z. */
    static final long REPLAY_START = 1_767_268_800L;
    /** Lines per second of log time of the replayed demo. */
    static final long REPLAY_RATE = 50;
    /** Bursts of the replayed demo: the last 90 s of every 5 minutes carry 4 times the traffic. */
    static final Burst REPLAY_BURST = new Burst(300, 90, 4);

    /** The live demo's generator thread. */
    public static final class Live {
        private final Thread thread;

        private Live(final Thread thread) {
            this.thread = thread;
        }

        /** Stops the generator and waits for it to close the file. */
        public void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(2_000);
        }
    }

    private DemoLog() {
    }

    /** An empty temporary log for the live demo. */
    public static Path createEmpty() {
        try {
            final Path file = Files.createTempFile("logmon-demo-live-", ".log");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts appending live traffic to {@code file} on a daemon thread. */
    public static Live startLive(final Path file) {
        final Thread t = new Thread(() -> {
            try {
                TrafficWriter.append(file, TrafficWriter.generated(SEED, true),
                        new TrafficWriter.Pace(LIVE_RATE, Long.MAX_VALUE, null, 1, LIVE_BURST), null);
            } catch (IOException e) {
                // the temporary file went away or the disk is full: the demo's traffic stops, the
                // dashboard shows it (as the generate command did, quietly)
            }
        }, "logmon-demo-generator");
        t.setDaemon(true);
        t.start();
        return new Live(t);
    }

    public static Path create() {
        try {
            final Path file = Files.createTempFile("logmon-demo-", ".log");
            file.toFile().deleteOnExit();
            TrafficWriter.append(file, TrafficWriter.generated(SEED, true),
                    new TrafficWriter.Pace(0, LINES, REPLAY_START, REPLAY_RATE, REPLAY_BURST), null);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
