package dev.logmon.core;

/**
 * Shard analyzers and the combiner driven by hand, as the ring would drive them, with no
 * Disruptor and no threads: every event goes to every analyzer (each keeps its own shard), and a
 * tick goes to every analyzer and then to the combiner.
 */
final class EngineHarness {
    final RecordingPublisher out = new RecordingPublisher();
    final ShardAnalyzer[] analyzers;
    final FrameExchange[] exchanges;
    final SnapshotCombiner combiner;
    final AlertRule rule;
    /** What the combiner's source supplier returns: set a state here to change it between ticks. */
    final java.util.List<SourceStatus> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long sequence;

    EngineHarness(final int shards, final int capacity, final AlertRule rule, final long everySeconds,
                  final Long startSecond) {
        this(shards, capacity, rule, everySeconds, startSecond, setup -> { });
    }

    /** @param more adds to the combiner's setup (hooks, readings) before it is built */
    EngineHarness(final int shards, final int capacity, final AlertRule rule, final long everySeconds,
                  final Long startSecond, final java.util.function.Consumer<CombinerSetup.Builder> more) {
        this.rule = rule;
        analyzers = new ShardAnalyzer[shards];
        exchanges = new FrameExchange[shards];
        for (int i = 0; i < shards; i++) {
            exchanges[i] = new FrameExchange(capacity);
            analyzers[i] = new ShardAnalyzer(i, shards, exchanges[i]);
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
    static EngineHarness logTime() {
        return logTime(setup -> { });
    }

    /** {@link #logTime()} with additions to the combiner's setup. */
    static EngineHarness logTime(final java.util.function.Consumer<CombinerSetup.Builder> more) {
        return new EngineHarness(1, 1_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 10, null, more);
    }

    void event(final LogEvent e) {
        for (final ShardAnalyzer a : analyzers) {
            a.onEvent(e, sequence, true);
        }
        sequence++;
    }

    void line(final String line) {
        event(TestLines.parsed(line));
    }

    /** {@code n} hits at {@code second} from host h{i % hosts}. */
    void hits(final long second, final int n) {
        for (int i = 0; i < n; i++) {
            line(TestLines.line("h" + (i % 7), second, "/p" + (i % 3) + "/x", 200, 100));
        }
    }

    /** {@code n} hits at {@code second} marked as their source marks a line stamped too far past the wall clock. */
    void futureHits(final long second, final int n) {
        for (int i = 0; i < n; i++) {
            final LogEvent e = TestLines.parsed(TestLines.line("h" + (i % 7), second, "/f/x", 200, 100));
            e.future = true;
            event(e);
        }
    }

    void malformed(final MalformedReason reason) {
        event(TestLines.malformed(reason));
    }

    void tick(final long second) {
        tick(second, false);
    }

    void tick(final long second, final boolean last) {
        event(TestLines.tick(second, last));
        combiner.onTick(second, last);
    }

    /** Ticks every second from {@code from} to {@code to}, inclusive. */
    void tickThrough(final long from, final long to) {
        for (long s = from; s <= to; s++) {
            tick(s);
        }
    }

    Snapshot now() {
        return combiner.buildSnapshot(false);
    }
}
