package dev.logmon.bench;

import dev.logmon.core.filter.LinePredicate;
import dev.logmon.core.filter.WhereCompiler;
import dev.logmon.core.filter.WhereException;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import java.util.List;
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
 * Lines per second of a parse followed by a {@code --where} filter, beside the same parse
 * unfiltered: the per-line work of {@code LinePublisher} with the default ({@code auto}, built-in
 * Combined/Common) parser on generated Combined lines. {@code agent} makes the filter look for the
 * user agent the auto parser leaves unread. Run with {@code -prof gc}: {@code gc.alloc.rate.norm}
 * is bytes per line.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(WhereFilterBenchmark.LINES)
@State(Scope.Thread)
public class WhereFilterBenchmark {
    static final int LINES = 1000;

    /** The filter, by a short name (see {@link #expression()}). */
    @Param({"status", "cidr-method-path", "agent"})
    public String filter;

    private byte[] buffer;
    private int[] offsets;
    private int[] lengths;
    private final AccessLogParser parser = new AccessLogParser(LogFormat.AUTO);
    private final LogEvent event = new LogEvent();
    private LinePredicate where;

    private String expression() {
        return switch (filter) {
            case "status" -> "status>=400";
            case "cidr-method-path" -> "not host=10.0.0.0/8 and (method=POST or path^=/api/) and status!=5xx";
            case "agent" -> "agent~bot or agent~curl";
            default -> throw new IllegalArgumentException(filter);
        };
    }

    @Setup
    public void load() throws WhereException {
        final BenchLines lines = BenchLines.generated(LINES, true, -1, 1);
        buffer = lines.buffer;
        offsets = lines.offsets;
        lengths = lines.lengths;
        where = WhereCompiler.compile(expression(), List.of("access.log"));
        int kept = 0;
        for (int i = 0; i < LINES; i++) {
            event.clearRequest();
            if (!parser.parse(buffer, offsets[i], lengths[i], event)) {
                throw new IllegalStateException("generated line does not parse: " + lines.line(i));
            }
            kept += where.test(event) ? 1 : 0;
        }
        if (kept == 0 || kept == LINES) {
            throw new IllegalStateException(filter + " keeps " + kept + " of " + LINES + " lines: no real choice");
        }
    }

    /** Parse only, as without {@code --where}. */
    @Benchmark
    public long unfiltered() {
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

    /** Parse, then the filter, as {@code LinePublisher} does with {@code --where}. */
    @Benchmark
    public long filtered() {
        final AccessLogParser p = parser;
        final LogEvent e = event;
        final LinePredicate w = where;
        final byte[] buf = buffer;
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            e.clearRequest();
            if (p.parse(buf, offsets[i], lengths[i], e) && w.test(e)) {
                sum += e.second + e.status + e.size + e.hostHash + e.sectionHash;
            }
        }
        return sum;
    }
}
