package dev.logmon.bench;

import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.analyze.ShardAnalyzer;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.combine.SnapshotCombiner;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.sinks.json.JsonLinesSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * Snapshots per second written by {@link JsonLinesSink} (top 10 of each list, three windows) for a
 * snapshot built by the combiner from 30 s of generated traffic; beside a plain-JDK baseline that
 * writes the same fields with a StringBuilder (no escaping).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class JsonSnapshotBenchmark {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private final JsonLinesSink sink = new JsonLinesSink(out, 10);
    private final StringBuilder sb = new StringBuilder(1 << 14);
    private Snapshot snapshot;

    @Setup
    public void build() {
        final FrameExchange exchange = new FrameExchange(10_000);
        final ShardAnalyzer analyzer = new ShardAnalyzer(0, 1, exchange);
        final SnapshotCombiner combiner = new SnapshotCombiner(CombinerSetup.builder(new FrameExchange[] {exchange}, 10_000,
                new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 10), new SnapshotPublisher() {
                    @Override
                    public void publishSnapshot(final Snapshot s) {
                    }

                    @Override
                    public void publishAlert(final AlertEvent a) {
                    }
                }).top(10).everySeconds(10).build());
        final BenchLines lines = BenchLines.generated(30_000, true, 1_767_225_600L, 1000);
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        final LogEvent e = new LogEvent();
        long last = 0;
        for (int i = 0; i < lines.count(); i++) {
            parser.parse(lines.buffer, lines.offsets[i], lines.lengths[i], e);
            if (last != 0 && e.second != last) {
                tick(analyzer, combiner, last);
            }
            last = e.second;
            analyzer.onEvent(e, i, false);
        }
        tick(analyzer, combiner, last);
        snapshot = combiner.buildSnapshot(false);
    }

    private static void tick(final ShardAnalyzer analyzer, final SnapshotCombiner combiner, final long second) {
        final LogEvent t = new LogEvent();
        t.setTick(second, false);
        analyzer.onEvent(t, 0, true);
        combiner.onTick(second, false);
    }

    /** Our sink: Jackson streaming generator, escaping, one line per snapshot. */
    @Benchmark
    public int jsonLinesSink() {
        out.reset();
        sink.onSnapshot(snapshot);
        return out.size();
    }

    /** The plain-JDK way: append the numbers and names to a StringBuilder, encode to UTF-8. */
    @Benchmark
    public int jdkStringBuilderBaseline() {
        sb.setLength(0);
        sb.append("{\"type\":\"snapshot\",\"second\":").append(snapshot.second()).append(",\"windows\":{");
        window("10s", snapshot.tenSeconds());
        sb.append(',');
        window("2m", snapshot.twoMinutes());
        sb.append(',');
        window("lifetime", snapshot.lifetime());
        sb.append("}}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private void window(final String name, final WindowView w) {
        sb.append('"').append(name).append("\":{\"hits\":").append(w.hits()).append(",\"rate\":").append(w.rate())
                .append(",\"bytes\":").append(w.bytes()).append(",\"sections\":[");
        for (final SectionCount s : w.sections()) {
            sb.append("{\"section\":\"").append(s.section()).append("\",\"hits\":").append(s.hits()).append("},");
        }
        sb.append("],\"hosts\":[");
        for (final HostCount h : w.hosts()) {
            sb.append("{\"host\":\"").append(h.host()).append("\",\"bytes\":").append(h.bytes()).append("},");
        }
        sb.append("]}");
    }
}
