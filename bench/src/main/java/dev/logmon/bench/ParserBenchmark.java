package dev.logmon.bench;

import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lines per second of {@link AccessLogParser} on lines held in one read buffer (as a source sees
 * them): generated or real, Combined or Common; beside two plain-JDK baselines doing the same work
 * (String + regex + DateTimeFormatter, and String.split). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes per line.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(ParserBenchmark.LINES)
@State(Scope.Thread)
public class ParserBenchmark {
    static final int LINES = 1000;
    private static final long NO_MATCH = JdkBaselines.NO_MATCH;

    /** Generated or real lines, Combined or Common (real ones from ../shared/data/real). */
    @Param({"generated-combined", "generated-common", "real-combined", "real-common"})
    public String input;

    private BenchLines lines;
    private byte[] buffer;
    private int[] offsets;
    private int[] lengths;
    private AccessLogParser parser;
    private final LogEvent event = new LogEvent();

    @Setup
    public void load() {
        final boolean combined = input.endsWith("combined");
        lines = switch (input) {
            case "real-combined" -> BenchLines.real("elastic_examples_apache_logs.log", LINES, true);
            case "real-common" -> BenchLines.real("COM6012_NASA_Aug95_100.txt", LINES, false);
            default -> BenchLines.generated(LINES, combined, -1, 1);
        };
        parser = new AccessLogParser(combined ? LogFormat.COMBINED : LogFormat.COMMON);
        buffer = lines.buffer;
        offsets = lines.offsets;
        lengths = lines.lengths;
        if (input.startsWith("generated")) {
            for (int i = 0; i < LINES; i++) {
                if (!parser.parse(buffer, offsets[i], lengths[i], event)
                        || JdkBaselines.regex(buffer, offsets[i], lengths[i]) == NO_MATCH
                        || JdkBaselines.split(buffer, offsets[i], lengths[i]) == NO_MATCH) {
                    throw new IllegalStateException("generated line does not parse: " + lines.line(i));
                }
            }
        }
    }

    /** Our parser, in place into a reused event. */
    @Benchmark
    public long zeroAllocationParser() {
        final AccessLogParser p = parser;
        final LogEvent e = event;
        final byte[] buf = buffer;
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            if (p.parse(buf, offsets[i], lengths[i], e)) {
                sum += e.second + e.status + e.size + e.hostHash + e.sectionHash;
            }
        }
        return sum;
    }

    /** The plain-JDK way: decode to a String, regex, DateTimeFormatter, split the path. */
    @Benchmark
    public long jdkRegexBaseline() {
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            sum += JdkBaselines.regex(buffer, offsets[i], lengths[i]);
        }
        return sum;
    }

    /** The naive plain-JDK way: String.split on spaces (breaks on quoted fields holding spaces). */
    @Benchmark
    public long jdkSplitBaseline() {
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            sum += JdkBaselines.split(buffer, offsets[i], lengths[i]);
        }
        return sum;
    }
}
