package dev.logmon.core;

import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.analyze.ShardAnalyzer;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerReadings;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.combine.SnapshotCombiner;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceStatus;

/**
 * Shard analyzers and the combiner driven by hand, as the ring would drive them, with no
 * Disruptor and no threads: every event goes to every analyzer (each keeps its own shard), and a
 * tick goes to every analyzer and then to the combiner.
 */
public final class EngineHarness {
    public final RecordingPublisher out = new RecordingPublisher();
    public final ShardAnalyzer[] analyzers;
    public final FrameExchange[] exchanges;
    public final SnapshotCombiner combiner;
    public final AlertRule rule;
    /** What the combiner's source supplier returns: set a state here to change it between ticks. */
    public final java.util.List<SourceStatus> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long sequence;

    public EngineHarness(final int shards, final int capacity, final AlertRule rule, final long everySeconds,
                  final Long startSecond) {
        this(shards, capacity, rule, everySeconds, startSecond, setup -> { });
    }

    /** @param more adds to the combiner's setup (hooks, readings) before it is built */
    public EngineHarness(final int shards, final int capacity, final AlertRule rule, final long everySeconds,
                  final Long startSecond, final java.util.function.Consumer<CombinerSetup.Builder> more) {
        this.rule = rule;
        analyzers = new ShardAnalyzer[shards];
        exchanges = new FrameExchange[shards];
        for (int i = 0; i < shards; i++) {
            exchanges[i] = new FrameExchange(capacity);
            // as on a ring of 64 slots: shards own blocks of 16 events, so every shard counts early on
            analyzers[i] = new ShardAnalyzer(i, shards, exchanges[i], 64);
        }
        final CombinerSetup.Builder setup = CombinerSetup.builder(exchanges, capacity * shards, rule, out)
                .top(10).everySeconds(everySeconds).startSecond(startSecond)
                .readings(new CombinerReadings() {
                    @Override
                    public java.util.List<SourceStatus> sources() {
                        return java.util.List.copyOf(sources);
                    }
                });
        more.accept(setup);
        combiner = new SnapshotCombiner(setup.build());
    }

    /** One shard, a large capacity, an absolute rule that never fires, snapshots every 10 s, log time. */
    public static EngineHarness logTime() {
        return logTime(setup -> { });
    }

    /** {@link #logTime()} with additions to the combiner's setup. */
    public static EngineHarness logTime(final java.util.function.Consumer<CombinerSetup.Builder> more) {
        return new EngineHarness(1, 1_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 10, null, more);
    }

    public void event(final LogEvent e) {
        for (final ShardAnalyzer a : analyzers) {
            a.onEvent(e, sequence, true);
        }
        sequence++;
    }

    public void line(final String line) {
        event(TestLines.parsed(line));
    }

    /** {@code n} hits at {@code second} from host h{i % hosts}. */
    public void hits(final long second, final int n) {
        for (int i = 0; i < n; i++) {
            line(TestLines.line("h" + (i % 7), second, "/p" + (i % 3) + "/x", 200, 100));
        }
    }

    /** {@code n} hits at {@code second} marked as their source marks a line stamped too far past the wall clock. */
    public void futureHits(final long second, final int n) {
        for (int i = 0; i < n; i++) {
            final LogEvent e = TestLines.parsed(TestLines.line("h" + (i % 7), second, "/f/x", 200, 100));
            e.future = true;
            event(e);
        }
    }

    public void malformed(final MalformedReason reason) {
        event(TestLines.malformed(reason));
    }

    public void tick(final long second) {
        tick(second, false);
    }

    public void tick(final long second, final boolean last) {
        event(TestLines.tick(second, last));
        combiner.onTick(second, last);
    }

    /** Ticks every second from {@code from} to {@code to}, inclusive. */
    public void tickThrough(final long from, final long to) {
        for (long s = from; s <= to; s++) {
            tick(s);
        }
    }

    public Snapshot now() {
        return combiner.buildSnapshot(false);
    }
}
