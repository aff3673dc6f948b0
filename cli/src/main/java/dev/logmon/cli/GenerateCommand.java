package dev.logmon.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code logmon-cli generate}: appends realistic access-log traffic to a file, generated or copied
 * from a sample log, at a steady rate or as fast as possible, with optional recurring bursts.
 *
 * <p>Time: with {@code -l N > 0} and no {@code --start}, lines carry the wall clock. With
 * {@code --start} or {@code -l 0}, they carry simulated log time that starts at {@code --start}
 * (default now) and moves one second per {@code --log-rate} lines, so a fast replay still shows
 * realistic rates. Bursts follow whichever time the lines carry.
 *
 * <p>Every write to the file ends at a line boundary (one buffered write per line, the buffer is
 * bigger than any line), so a reader following the file, or a kill, never leaves half a line
 * behind except through a failing disk.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Appends realistic HTTP access-log lines (Combined Log Format) to a file, generated or "
                + "copied from a sample log, at a steady rate or as fast as possible, with optional bursts.",
            "Lines carry the wall clock with -l N > 0; with --start or -l 0 they carry simulated log time "
                + "advancing one second per --log-rate lines."},
        sortOptions = false)
public final class GenerateCommand implements Callable<Integer> {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final long MIN_START = 0L;
    /** 9000-01-01T00:00:00Z: leaves centuries of simulated time before timestamps need 5 digits. */
    private static final long MAX_START = 221_845_392_000L;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-d", "--destination"}, required = true, paramLabel = "FILE",
            description = "Log file to append to (created if missing).")
    private Path destination;

    @Option(names = {"-s", "--source"}, paramLabel = "SOURCE",
            description = "Copy lines from this log, starting over at its end, instead of generating them.")
    private Path source;

    @Option(names = {"-l", "--lines-per-second"}, paramLabel = "N", defaultValue = "10",
            description = "Lines written per second, steadily; 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
    private long linesPerSecond;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N lines. Default: run until killed.")
    private Long count;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed; the same seed gives the same lines.")
    private Long seed;

    @Option(names = "--start", paramLabel = "TIME",
            description = "Simulated log time of the first line, ISO-8601 (2026-01-01T00:00:00Z; no zone = UTC).")
    private String start;

    @Option(names = "--log-rate", paramLabel = "N", defaultValue = "1000",
            description = "Lines per second of simulated log time. Default: ${DEFAULT-VALUE}.")
    private long logRate;

    @Option(names = "--burst", paramLabel = "PERIOD:DURATION:FACTOR",
            description = "Every PERIOD seconds, the last DURATION seconds carry FACTOR times the traffic "
                    + "(e.g. 60:20:5).")
    private String burstText;

    @Option(names = "--keep-timestamps",
            description = "With --source: copy timestamps as they are instead of stamping the current time.")
    private boolean keepTimestamps;

    @Option(names = "--request-times",
            description = "Generated lines end with a request time in seconds, as nginx's $request_time "
                    + "(read them with --log-format nginx-timed).")
    private boolean requestTimes;

    private Burst burst = Burst.NONE;
    private Long startSecond;

    @Override
    public Integer call() {
        validate();
        final long limit = count == null ? Long.MAX_VALUE : count;
        final long startNanos = System.nanoTime();
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(destination,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), BUFFER_BYTES);
             LineMaker maker = lineMaker()) {
            written = linesPerSecond == 0 ? writeFast(out, maker, limit) : writePaced(out, maker, limit);
        } catch (final IOException e) {
            final PrintWriter err = spec.commandLine().getErr();
            err.println("generate: cannot write " + destination + " after " + written + " lines: " + e.getMessage());
            err.flush();
            return 1;
        }
        final long millis = (System.nanoTime() - startNanos) / 1_000_000;
        final PrintWriter out = spec.commandLine().getOut();
        out.println("generate: wrote " + written + " lines to " + destination + " in " + millis + " ms");
        out.flush();
        return 0;
    }

    /** Checks every option together; all problems are reported at once, one line each (exit code 2). */
    private void validate() {
        final List<String> problems = new ArrayList<>();
        if (linesPerSecond < 0) {
            problems.add("-l/--lines-per-second must be >= 0 (0 = as fast as possible), was " + linesPerSecond);
        }
        if (count != null && count < 0) {
            problems.add("--count must be >= 0, was " + count);
        }
        if (logRate < 1) {
            problems.add("--log-rate must be >= 1, was " + logRate);
        }
        if (burstText != null) {
            try {
                burst = Burst.parse(burstText);
            } catch (final IllegalArgumentException e) {
                problems.add("--burst must be PERIOD:DURATION:FACTOR in whole seconds with 0 < DURATION <= PERIOD "
                        + "and FACTOR >= 1 (e.g. 60:20:5), was '" + burstText + "': " + e.getMessage());
            }
        }
        if (start != null) {
            startSecond = parseStart(start);
            if (startSecond == null) {
                problems.add("--start must be an ISO-8601 time such as 2026-01-01T00:00:00Z, was '" + start + "'");
            } else if (startSecond < MIN_START || startSecond > MAX_START) {
                problems.add("--start must be within the years 1970..9000 (a log timestamp has 4 digits), was '"
                        + start + "'");
                startSecond = null;
            }
        }
        if (source != null) {
            if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
                problems.add("-s/--source " + source + " is not a readable file");
            } else if (sizeOf(source) == 0) {
                problems.add("-s/--source " + source + " is empty");
            }
        } else if (keepTimestamps) {
            problems.add("--keep-timestamps needs -s/--source");
        }
        if (source != null && requestTimes) {
            problems.add("--request-times is for generated lines: with -s/--source the lines are copied as they are");
        }
        if (Files.isDirectory(destination)) {
            problems.add("-d/--destination " + destination + " is a directory");
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join(System.lineSeparator(), problems));
        }
    }

    /** Unthrottled: simulated log time, lines go out as fast as the disk takes them. */
    private long writeFast(final OutputStream out, final LineMaker maker, final long limit) throws IOException {
        final SimulatedClock clock = new SimulatedClock(firstSecond(), logRate, burst);
        long written = 0;
        while (written < limit) {
            final int n = maker.next(clock.next());
            out.write(maker.bytes(), 0, n);
            written++;
        }
        return written;
    }

    /** Paced: {@code -l} lines per second, flushed as they fall due, so a follower sees steady traffic. */
    private long writePaced(final OutputStream out, final LineMaker maker, final long limit) throws IOException {
        final boolean simulated = startSecond != null;
        final SimulatedClock clock = simulated ? new SimulatedClock(startSecond, logRate, burst) : null;
        // with wall-clock stamps the burst shapes the real rate; with simulated time it shapes log seconds
        final Pacer pacer = new Pacer(linesPerSecond, simulated ? Burst.NONE : burst);
        final long t0 = System.nanoTime();
        long written = 0;
        while (written < limit) {
            final long elapsed = System.nanoTime() - t0;
            final long due = Math.min(limit, pacer.dueBy(elapsed));
            if (written < due) {
                final long wallSecond = System.currentTimeMillis() / 1000;
                while (written < due) {
                    final int n = maker.next(simulated ? clock.next() : wallSecond);
                    out.write(maker.bytes(), 0, n);
                    written++;
                }
                out.flush();
            } else {
                LockSupport.parkNanos(pacer.pauseNanos(elapsed));
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        return written;
    }

    private long firstSecond() {
        return startSecond != null ? startSecond : System.currentTimeMillis() / 1000;
    }

    private LineMaker lineMaker() throws IOException {
        if (source != null) {
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
        final TrafficGenerator generator = new TrafficGenerator(seed != null ? seed : new SplittableRandom().nextLong(),
                requestTimes);
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

    /** ISO-8601 instant ({@code Z} or an offset), or a local date-time taken as UTC; null when neither. */
    static Long parseStart(final String text) {
        try {
            return Instant.parse(text).getEpochSecond();
        } catch (final DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toEpochSecond(ZoneOffset.UTC);
            } catch (final DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static long sizeOf(final Path p) {
        try {
            return Files.size(p);
        } catch (final IOException e) {
            return 0;
        }
    }

    /** One line at a time into a reusable buffer. */
    private interface LineMaker extends AutoCloseable {
        int next(long epochSecond) throws IOException;

        byte[] bytes();

        @Override
        default void close() throws IOException {
        }
    }
}
