package dev.logmon.bench;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.analyze.ShardAnalyzer;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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
 * Lines per second of one {@link ShardAnalyzer} counting pre-parsed events (1,000 lines of one
 * second, then a tick that seals the frame, which is recycled at once as the combiner would),
 * beside a plain-JDK baseline counting hosts and sections in {@code HashMap<String, Long>}s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(AnalyzerBenchmark.LINES)
@State(Scope.Thread)
public class AnalyzerBenchmark {
    static final int LINES = 1000;

    private final LogEvent[] events = new LogEvent[LINES];
    private final LogEvent tick = new LogEvent();
    private final FrameExchange exchange = new FrameExchange(10_000);
    private final ShardAnalyzer analyzer = new ShardAnalyzer(0, 1, exchange);
    private final Map<String, Long> hostBytes = new HashMap<>();
    private final Map<String, Long> sectionHits = new HashMap<>();
    private long second;

    @Setup
    public void parse() {
        final BenchLines lines = BenchLines.generated(LINES, true, 1_767_225_600L, LINES);
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        for (int i = 0; i < LINES; i++) {
            events[i] = new LogEvent();
            if (!parser.parse(lines.buffer, lines.offsets[i], lines.lengths[i], events[i])) {
                throw new IllegalStateException("does not parse: " + lines.line(i));
            }
        }
        second = events[0].second;
    }

    /** Our analyzer: one frame per second, open-addressing counters, no allocation per line. */
    @Benchmark
    public long shardAnalyzer() {
        final ShardAnalyzer a = analyzer;
        final LogEvent[] es = events;
        for (int i = 0; i < es.length; i++) {
            a.onEvent(es[i], i, false);
        }
        tick.setTick(second, false);
        a.onEvent(tick, LINES, true);
        long hits = 0;
        Frame f;
        while ((f = exchange.takeSealed(second)) != null) {
            hits += f.hits;
            exchange.recycle(f);
        }
        return hits;
    }

    /** The plain-JDK way: a String per key and boxed counters in HashMaps, cleared each second. */
    @Benchmark
    public long jdkHashMapBaseline() {
        final LogEvent[] es = events;
        for (final LogEvent e : es) {
            hostBytes.merge(new String(e.host, 0, e.hostLength, StandardCharsets.ISO_8859_1), e.size, Long::sum);
            sectionHits.merge(new String(e.section, 0, e.sectionLength, StandardCharsets.ISO_8859_1), 1L, Long::sum);
        }
        final long n = hostBytes.size() + sectionHits.size();
        hostBytes.clear();
        sectionHits.clear();
        return n;
    }
}
