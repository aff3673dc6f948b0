package dev.logmon.cli.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends access-log traffic to a file: the Java API behind {@code logmon-cli generate} and the
 * demo's log. Lines come from a {@link LineMaker} (generated, or copied from a sample log) and go
 * out either as fast as the disk takes them, stamped with simulated log time, or paced at a steady
 * rate, flushed as they fall due, so a follower sees steady traffic.
 *
 * <p>Every write ends at a line boundary (one buffered write per line, the buffer is bigger than
 * any line), so a reader following the file, or a kill, never leaves half a line behind except
 * through a failing disk. A paced write stops when its thread is interrupted.
 */
public final class TrafficWriter {
    private static final int BUFFER_BYTES = 1 << 16;

    /** One line at a time into a reusable buffer. */
    public interface LineMaker extends AutoCloseable {
        /** Makes the next line stamped {@code epochSecond}; returns its length in {@link #bytes()}. */
        int next(long epochSecond) throws IOException;

        /** The buffer holding the line made last. */
        byte[] bytes();

        @Override
        default void close() throws IOException {
        }
    }

    /**
     * How lines are timed.
     *
     * @param linesPerSecond lines written per second of real time, steadily; 0 = as fast as possible
     * @param count          stop after this many lines ({@link Long#MAX_VALUE}: until interrupted)
     * @param startSecond    simulated log time of the first line, or null: the wall clock when paced,
     *                       now when fast
     * @param logRate        lines per second of simulated log time
     * @param burst          recurring bursts: of real time when paced with wall-clock stamps, else of log time
     */
    public record Pace(long linesPerSecond, long count, Long startSecond, long logRate, Burst burst) {
    }

    private TrafficWriter() {
    }

    /**
     * Generated Combined Log Format lines; the same seed gives the same lines. With
     * {@code requestTimes} each line ends with a request time ({@code nginx-timed}), the rest unchanged.
     */
    public static LineMaker generated(final long seed, final boolean requestTimes) {
        final TrafficGenerator generator = new TrafficGenerator(seed, requestTimes);
        final byte[] buf = new byte[TrafficGenerator.MAX_LINE_BYTES];
        return new LineMaker() {
            @Override
            public int next(final long epochSecond) {
                return generator.writeLine(epochSecond, buf);
            }

            @Override
            public byte[] bytes() {
                return buf;
            }
        };
    }

    /** Lines copied from a sample log, starting over at its end; timestamps restamped unless kept. */
    public static LineMaker copied(final Path source, final boolean keepTimestamps) throws IOException {
        final SourceLines lines = new SourceLines(source, keepTimestamps);
        return new LineMaker() {
            @Override
            public int next(final long epochSecond) throws IOException {
                return lines.next(epochSecond);
            }

            @Override
            public byte[] bytes() {
                return lines.line();
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    /**
     * Appends lines from {@code maker} (closed at the end) to {@code destination} (created if
     * missing) as {@code pace} says.
     *
     * @param written counts the lines written so far (for a message after a failure); may be null
     * @return lines written
     */
    public static long append(final Path destination, final LineMaker maker, final Pace pace, final long[] written)
            throws IOException {
        final long[] n = written != null ? written : new long[1];
        try (LineMaker m = maker;
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(destination,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), BUFFER_BYTES)) {
            if (pace.linesPerSecond() == 0) {
                writeFast(out, m, pace, n);
            } else {
                writePaced(out, m, pace, n);
            }
        }
        return n[0];
    }

    /** Unthrottled: simulated log time, lines go out as fast as the disk takes them. */
    private static void writeFast(final OutputStream out, final LineMaker maker, final Pace pace, final long[] n)
            throws IOException {
        final long first = pace.startSecond() != null ? pace.startSecond() : System.currentTimeMillis() / 1000;
        final SimulatedClock clock = new SimulatedClock(first, pace.logRate(), pace.burst());
        while (n[0] < pace.count()) {
            final int len = maker.next(clock.next());
            out.write(maker.bytes(), 0, len);
            n[0]++;
        }
    }

    /** Paced: {@code linesPerSecond} lines per second, flushed as they fall due. */
    private static void writePaced(final OutputStream out, final LineMaker maker, final Pace pace, final long[] n)
            throws IOException {
        final boolean simulated = pace.startSecond() != null;
        final SimulatedClock clock = simulated ? new SimulatedClock(pace.startSecond(), pace.logRate(), pace.burst()) : null;
        // with wall-clock stamps the burst shapes the real rate; with simulated time it shapes log seconds
        final Pacer pacer = new Pacer(pace.linesPerSecond(), simulated ? Burst.NONE : pace.burst());
        final long limit = pace.count();
        final long t0 = System.nanoTime();
        while (n[0] < limit) {
            final long elapsed = System.nanoTime() - t0;
            final long due = Math.min(limit, pacer.dueBy(elapsed));
            if (n[0] < due) {
                final long wallSecond = System.currentTimeMillis() / 1000;
                while (n[0] < due) {
                    final int len = maker.next(simulated ? clock.next() : wallSecond);
                    out.write(maker.bytes(), 0, len);
                    n[0]++;
                }
                out.flush();
            } else {
                LockSupport.parkNanos(pacer.pauseNanos(elapsed));
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
    }
}
