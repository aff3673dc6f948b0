package dev.logmon.cli;

import dev.logmon.cli.demo.Burst;
import dev.logmon.cli.demo.TrafficWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
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
        final long[] written = new long[1];
        try {
            final TrafficWriter.LineMaker maker = source != null ? TrafficWriter.copied(source, keepTimestamps)
                    : TrafficWriter.generated(seed != null ? seed : new SplittableRandom().nextLong(), requestTimes);
            TrafficWriter.append(destination, maker, new TrafficWriter.Pace(linesPerSecond, limit, startSecond, logRate,
                    burst), written);
        } catch (final IOException e) {
            final PrintWriter err = spec.commandLine().getErr();
            err.println("generate: cannot write " + destination + " after " + written[0] + " lines: " + e.getMessage());
            err.flush();
            return 1;
        }
        final long millis = (System.nanoTime() - startNanos) / 1_000_000;
        final PrintWriter out = spec.commandLine().getOut();
        out.println("generate: wrote " + written[0] + " lines to " + destination + " in " + millis + " ms");
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
}
