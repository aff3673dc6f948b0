package dev.logmon.bench;

import dev.logmon.core.AccessLogParser;
import dev.logmon.core.LineFormat;
import dev.logmon.core.LineParser;
import dev.logmon.core.LogEvent;
import dev.logmon.core.LogFormat;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Custom log formats ({@code --log-format}) beside the built-in parser: the same generated Combined
 * lines held in one read buffer (as a source sees them), read by {@link AccessLogParser}, by the
 * same layout given as an Apache format string and compiled once ({@link LineFormat}), by an nginx
 * format that takes the compiled matcher's generic field-by-field path. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes per line. ({@link ParserBenchmark} covers
 * the built-in parser on Combined and Common, generated and real lines, beside the plain-JDK
 * baselines.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(FormatParserBenchmark.LINES)
@State(Scope.Thread)
public class FormatParserBenchmark {
    static final int LINES = 1000;

    private byte[] buffer;
    private int[] offsets;
    private int[] lengths;
    private final AccessLogParser combinedParser = new AccessLogParser(LogFormat.COMBINED);
    /** The same layout as a user-supplied Apache format string, compiled once. */
    private final LineParser compiledParser = LineFormat.parse(
            "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"", null).newParser(false);
    /**
     * The same lines through an nginx format that does not start with the Common layout as the
     * built-in reads it ({@code [$time_local]} rather than {@code %t}), so every field takes the
     * compiled matcher's generic path.
     */
    private final LineParser genericParser = LineFormat.parse("$remote_addr $remote_user $remote_user "
            + "[$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"", null)
            .newParser(false);
    private final LogEvent event = new LogEvent();

    @Setup
    public void generateLines() {
        final BenchLines lines = BenchLines.generated(LINES, true, -1, 1);
        buffer = lines.buffer;
        offsets = lines.offsets;
        lengths = lines.lengths;
        for (int i = 0; i < LINES; i++) {
            if (!combinedParser.parse(buffer, offsets[i], lengths[i], event)
                    || !compiledParser.parse(buffer, offsets[i], lengths[i], event)
                    || !genericParser.parse(buffer, offsets[i], lengths[i], event)) {
                throw new IllegalStateException("generated line does not parse: "
                        + new String(buffer, offsets[i], lengths[i], StandardCharsets.US_ASCII));
            }
        }
    }

    /** The built-in parser, Combined layout (referer and agent scanned), for comparison with the compiled one. */
    @Benchmark
    public long builtInCombined() {
        return run(combinedParser);
    }

    /** A custom format string compiled once ({@code --log-format '%h %l %u %t "%r" %>s %b ...'}), same lines. */
    @Benchmark
    public long compiledCustomFormat() {
        return run(compiledParser);
    }

    /** The same lines and fields through the compiled matcher's generic, field-by-field path. */
    @Benchmark
    public long compiledGenericPath() {
        return run(genericParser);
    }

    private long run(final LineParser p) {
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
}
