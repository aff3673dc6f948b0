package dev.logmon.bench;

import dev.logmon.core.analyze.Frame;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The merger: {@link Frame#add} (TopCounter.addAll of sections and hosts plus the histogram) of one
 * second's frame (1,000 lines, a few hundred hosts) into a window frame, as the combiner does 130
 * times per snapshot; beside a plain-JDK baseline merging the same keys as {@code HashMap<String, Long>}s.
 * Reported as frames merged per second; lines per second is that times 1,000.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class MergeBenchmark {
    static final int LINES = 1000;

    private final Frame second = new Frame(10_000);
    private final Frame window = new Frame(10_000);
    private final Map<String, Long> secondHosts = new HashMap<>();
    private final Map<String, Long> secondSections = new HashMap<>();
    private final Map<String, Long> windowHosts = new HashMap<>();
    private final Map<String, Long> windowSections = new HashMap<>();

    @Setup
    public void fill() {
        final BenchLines lines = BenchLines.generated(LINES, true, 1_767_225_600L, LINES);
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        final LogEvent e = new LogEvent();
        for (int i = 0; i < LINES; i++) {
            parser.parse(lines.buffer, lines.offsets[i], lines.lengths[i], e);
            second.record(e);
            secondHosts.merge(new String(e.host, 0, e.hostLength, StandardCharsets.ISO_8859_1), e.size, Long::sum);
            secondSections.merge(new String(e.section, 0, e.sectionLength, StandardCharsets.ISO_8859_1), 1L, Long::sum);
        }
    }

    /** Our merge: clear the window frame, add one second's frame. */
    @Benchmark
    public long frameAdd() {
        window.clear(0);
        window.add(second);
        return window.hits;
    }

    /** The plain-JDK way: merge boxed counters key by key. */
    @Benchmark
    public long jdkHashMapBaseline() {
        windowHosts.clear();
        windowSections.clear();
        secondHosts.forEach((k, v) -> windowHosts.merge(k, v, Long::sum));
        secondSections.forEach((k, v) -> windowSections.merge(k, v, Long::sum));
        return windowHosts.size() + windowSections.size();
    }
}
