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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The aggregator's CPU cost per instance frame, measured in thread CPU time so a busy machine
 * does not inflate it: each simulated second, {@code instances} frames ({@link FleetFrames}:
 * {@code rate} lines a second over 2,000 hosts and 50 sections) are encoded for that second
 * (not timed), then accepted by a {@link FleetMerger} and the second closed through the combiner
 * (timed: dedup, decode, sum, tick, snapshot every 10 s). Prints microseconds of CPU per frame
 * and the instances one core merges at one frame a second.
 *
 * <pre>
 *   java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Xmx1g \
 *        -cp bench/target/benchmarks.jar dev.logmon.bench.FleetMergeCpu [instances] [rate] [seconds]
 * </pre>
 */
public final class FleetMergeCpu {
    private FleetMergeCpu() {
    }

    public static void main(final String[] args) throws FrameCodecException {
        final int instances = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        final int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        final FrameCodec codec = new FrameCodec();
        final long start = 1_767_225_600L;
        final Frame[] frames = new Frame[instances];
        long bytes = 0;
        for (int i = 0; i < instances; i++) {
            frames[i] = new Frame(4_000);
            final byte[] encoded = FleetFrames.encoded(i, start, rate, 2_000, 50);
            bytes += encoded.length;
            codec.decode(encoded, frames[i]);
        }
        final SnapshotPublisher nowhere = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
            }
        };
        final FleetMerger merger = new FleetMerger(40_000, 5, 60_000, (FrameExchange[] ex) -> CombinerSetup.builder(ex,
                40_000, new AlertRule(AlertRuleKind.RELATIVE, 10, 10), nowhere).everySeconds(10), CombinerReadings.NONE);
        final String[] ids = new String[instances];
        for (int i = 0; i < instances; i++) {
            ids[i] = "web-" + i;
        }
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final byte[][] round = new byte[instances][];
        final int warmup = Math.max(10, seconds / 4);
        long cpu = 0;
        long measured = 0;
        for (int s = 0; s < warmup + seconds; s++) {
            final long second = start + s;
            for (int i = 0; i < instances; i++) {
                frames[i].second = second;
                round[i] = codec.encodeToArray(frames[i]);
            }
            final long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < instances; i++) {
                merger.accept(new FrameEnvelope(ids[i], "run", s + 1, second, round[i]), second * 1_000);
            }
            merger.advance(second * 1_000); // the simulated clock: each second's frames arrive in it
            final long t1 = mx.getCurrentThreadCpuTime();
            if (s >= warmup) {
                cpu += t1 - t0;
                measured += instances;
            }
        }
        final double usPerFrame = cpu / 1_000.0 / measured;
        System.out.printf(Locale.ROOT, "%d instances x %d lines/s (2,000 hosts, 50 sections), frames of %,d bytes: "
                        + "%.1f us CPU per frame (decode + merge + tick), %,.0f instances per core at one frame a second%n",
                instances, rate, bytes / instances, usPerFrame, 1_000_000 / usPerFrame);
    }
}
