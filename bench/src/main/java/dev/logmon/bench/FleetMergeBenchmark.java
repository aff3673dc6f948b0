package dev.logmon.bench;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.analyze.FrameCodecException;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerReadings;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.fleet.FleetMerger;
import dev.logmon.fleet.FrameEnvelope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The aggregator's cost per instance frame: {@value #INSTANCES} simulated instances each send one
 * frame a second ({@link FleetFrames}: {@code rate} lines a second over 2,000 hosts and 50
 * sections); one operation of {@code second} is one frame encoded for its second (the frames are
 * re-stamped each second through the codec's public API) and accepted (dedup, decode, summed into
 * its second), with the second's close and the combiner's tick (windows, alert, snapshot every
 * 10 s) shared out over the frames of the second; {@code encodeOnly} is the re-stamping alone, to
 * subtract. Instances one core merges at one frame a second = 1 s / (second - encodeOnly).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class FleetMergeBenchmark {
    static final int INSTANCES = 100;

    @Param({"1000", "5000"})
    public int rate;

    private Frame[] frames;
    private final FrameCodec codec = new FrameCodec();
    private FleetMerger merger;
    private long second = 1_767_225_600L;
    private long seq;

    @Setup(Level.Trial)
    public void frames() throws FrameCodecException {
        frames = new Frame[INSTANCES];
        for (int i = 0; i < INSTANCES; i++) {
            frames[i] = new Frame(4_000);
            codec.decode(FleetFrames.encoded(i, second, rate, 2_000, 50), frames[i]);
        }
        final SnapshotPublisher nowhere = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
            }
        };
        merger = new FleetMerger(40_000, 5, 60_000, (FrameExchange[] ex) -> CombinerSetup.builder(ex, 40_000,
                new AlertRule(AlertRuleKind.RELATIVE, 10, 10), nowhere).everySeconds(10), CombinerReadings.NONE);
    }

    /** One second of every instance: accept each instance's frame, then close the second. */
    @Benchmark
    @OperationsPerInvocation(INSTANCES)
    public long second() {
        seq++;
        for (int i = 0; i < INSTANCES; i++) {
            frames[i].second = second;
            merger.accept(new FrameEnvelope(INSTANCE_IDS[i], "run", seq, second, codec.encodeToArray(frames[i])), second * 1_000);
        }
        merger.advance(second * 1_000); // the simulated clock: each second's frames arrive in it
        second++;
        return merger.closedUpTo();
    }

    /** The re-stamping alone: what {@link #second} spends on encoding, to subtract. */
    @Benchmark
    @OperationsPerInvocation(INSTANCES)
    public long encodeOnly() {
        long sum = 0;
        for (int i = 0; i < INSTANCES; i++) {
            frames[i].second = second;
            sum += codec.encodeToArray(frames[i]).length;
        }
        second++;
        return sum;
    }

    private static final String[] INSTANCE_IDS = new String[INSTANCES];

    static {
        for (int i = 0; i < INSTANCES; i++) {
            INSTANCE_IDS[i] = "web-" + i;
        }
    }
}
