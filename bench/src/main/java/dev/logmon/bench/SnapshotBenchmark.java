package dev.logmon.bench;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.combine.SnapshotCombiner;
import dev.logmon.core.format.ByteHash;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The combiner's per-snapshot work: {@link SnapshotCombiner#buildSnapshot} (the 10-second,
 * 2-minute and lifetime views: the window ring's running sums, blocks and slots merged, the top
 * lists, the visitor estimates) over a ring filled with {@code seconds} seconds of {@code linesPerSecond}
 * lines drawn from {@code hosts} client addresses and 200 sections (seeded). {@code frameSecond}
 * is the rest of the combiner's per-second work beside it: one second's frame into its ring slot,
 * its block and the lifetime, then the merge of that frame for the next second.
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar SnapshotBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SnapshotBenchmark {
    private static final long T0 = 1_767_225_600L;
    private static final int CAPACITY = 10_000;

    /**
     * Client addresses the lines are drawn from (2,000 as in the generated replay). The lines are
     * drawn once ({@code 4 * linesPerSecond} events, replayed), so at most that many distinct
     * addresses appear whatever this is: 55,000 gives about 990 distinct a second, 3,860 in all.
     */
    @Param({"2000", "55000"})
    public int hosts;

    /** Lines per second of log. */
    @Param({"1000"})
    public int linesPerSecond;

    /**
     * Seconds past a multiple of 10 the snapshot is taken at: 0 as with {@code --every 10} (the
     * 10-second view is one pre-summed span, the 2-minute one two running sums), 9 the most edge
     * slots to merge beside them.
     */
    @Param({"9", "0"})
    public int at;

    private SnapshotCombiner combiner;
    private FrameExchange exchange;
    private LogEvent[] events;
    private long second;

    @Setup
    public void fill() {
        final SplittableRandom rnd = new SplittableRandom(42);
        events = new LogEvent[linesPerSecond * 4];
        for (int i = 0; i < events.length; i++) {
            final LogEvent e = new LogEvent();
            final int h = rnd.nextInt(hosts);
            final byte[] address = ("10." + (h >>> 16) + "." + ((h >>> 8) & 255) + "." + (h & 255))
                    .getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(address, 0, e.host, 0, address.length);
            e.hostLength = address.length;
            e.hostHash = ByteHash.hash(address, 0, address.length);
            final byte[] section = ("/s" + rnd.nextInt(200)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(section, 0, e.section, 0, section.length);
            e.sectionLength = section.length;
            e.sectionHash = ByteHash.hash(section, 0, section.length);
            e.status = rnd.nextInt(10) == 0 ? 404 : 200;
            e.size = 200 + rnd.nextInt(50_000);
            events[i] = e;
        }
        exchange = new FrameExchange(CAPACITY);
        final SnapshotPublisher none = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
            }
        };
        combiner = new SnapshotCombiner(CombinerSetup.builder(new FrameExchange[] {exchange}, CAPACITY,
                new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), none).everySeconds(1_000_000).build());
        second = T0;
        for (int s = 0; s < 291 + at; s++) {
            nextSecond();
        }
    }

    private void nextSecond() {
        final Frame f = exchange.obtain(second);
        final int from = (int) (second % 4) * linesPerSecond;
        for (int i = 0; i < linesPerSecond; i++) {
            f.record(events[from + i]);
        }
        exchange.seal(f, second);
        combiner.onTick(second, false);
        second++;
    }

    /** One snapshot of the ring as it stands. */
    @Benchmark
    public Snapshot snapshot() {
        return combiner.buildSnapshot(false);
    }

    /** One second of log merged (its frame filled, then merged into the ring and the lifetime), no snapshot. */
    @Benchmark
    public long frameSecond() {
        nextSecond();
        return combiner.currentSecond();
    }
}
