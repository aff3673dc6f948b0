package dev.logmon.core.combine;

import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.snapshot.SnapshotPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToLongFunction;

/**
 * Everything the {@link SnapshotCombiner} knows of the run, given once at construction: the
 * shards' exchanges, capacities, the alert rule, where snapshots go, when they are taken, where
 * the active time starts, what snapshots read of the rest of the run ({@link CombinerReadings}),
 * the hooks the engine registers ({@link CombinerHook}), a restart's saved lifetime and, for a
 * replay, how to show progress as counted. Immutable; built with {@link #builder}.
 */
public final class CombinerSetup {
    final FrameExchange[] exchanges;
    final int topCapacity;
    final AlertRule alert;
    final SnapshotPublisher publisher;
    final int top;
    final long everySeconds;
    final Long startSecond;
    final CombinerReadings readings;
    final List<CombinerHook> hooks;
    final LifetimeTotals seed;
    final int countedSources;
    final IntToLongFunction finishedAt;
    final List<AlertRuleSpec> rules;
    final long rulesRepeatSeconds;

    private CombinerSetup(final Builder b) {
        this.exchanges = b.exchanges.clone();
        this.topCapacity = b.topCapacity;
        this.alert = b.alert;
        this.publisher = b.publisher;
        this.top = b.top;
        this.everySeconds = b.everySeconds;
        this.startSecond = b.startSecond;
        this.readings = b.readings;
        this.hooks = List.copyOf(b.hooks);
        this.seed = b.seed;
        this.countedSources = b.countedSources;
        this.finishedAt = b.finishedAt;
        this.rules = List.copyOf(b.rules);
        this.rulesRepeatSeconds = b.rulesRepeatSeconds;
    }

    /**
     * @param exchanges   one per shard, in shard order
     * @param topCapacity capacity of merged frames (per-shard capacity times shards keeps merges exact)
     * @param alert       the alert rule
     * @param publisher   where snapshots and alerts go
     */
    public static Builder builder(final FrameExchange[] exchanges, final int topCapacity, final AlertRule alert,
                                  final SnapshotPublisher publisher) {
        return new Builder(exchanges, topCapacity, alert, publisher);
    }

    /** Builds a {@link CombinerSetup}; the defaults are those of a log-time run with nothing registered. */
    public static final class Builder {
        private final FrameExchange[] exchanges;
        private final int topCapacity;
        private final AlertRule alert;
        private final SnapshotPublisher publisher;
        private int top = 10;
        private long everySeconds = 1;
        private Long startSecond;
        private CombinerReadings readings = CombinerReadings.NONE;
        private final List<CombinerHook> hooks = new ArrayList<>();
        private LifetimeTotals seed;
        private int countedSources;
        private IntToLongFunction finishedAt;
        private List<AlertRuleSpec> rules = List.of();
        private long rulesRepeatSeconds;

        private Builder(final FrameExchange[] exchanges, final int topCapacity, final AlertRule alert,
                        final SnapshotPublisher publisher) {
            this.exchanges = Objects.requireNonNull(exchanges, "exchanges");
            this.topCapacity = topCapacity;
            this.alert = Objects.requireNonNull(alert, "alert");
            this.publisher = Objects.requireNonNull(publisher, "publisher");
        }

        /** Length of top lists in snapshots (default 10). */
        public Builder top(final int n) {
            this.top = n;
            return this;
        }

        /** Periodic snapshot interval in active-time seconds (default 1). */
        public Builder everySeconds(final long seconds) {
            this.everySeconds = seconds;
            return this;
        }

        /** First second of the lifetime (arrival time); null (the default) starts at the first data (log time). */
        public Builder startSecond(final Long second) {
            this.startSecond = second;
            return this;
        }

        /** What snapshots read of the rest of the run (default {@link CombinerReadings#NONE}). */
        public Builder readings(final CombinerReadings r) {
            this.readings = Objects.requireNonNull(r, "readings");
            return this;
        }

        /** Registers a hook; hooks are called in the order registered. */
        public Builder hook(final CombinerHook hook) {
            this.hooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /**
         * Starts the lifetime from saved totals (restart without loss): hits, bytes, status classes,
         * malformed reasons, histograms, top counters, late and future, and the active seconds.
         */
        public Builder seed(final LifetimeTotals saved) {
            this.seed = saved;
            return this;
        }

        /**
         * A replay ({@code --once} in log time): snapshots before the final one show each source's
         * progress as counted, not as read, so the same files give the same snapshots.
         *
         * @param sourceCount how many sources publish
         * @param finished    the last tick before a source ended ({@link dev.logmon.core.time.LogWatermark#finishedAtTick})
         */
        public Builder countedProgress(final int sourceCount, final IntToLongFunction finished) {
            this.countedSources = sourceCount;
            this.finishedAt = Objects.requireNonNull(finished, "finishedAt");
            return this;
        }

        /**
         * Named alert rules evaluated beside the default one (default none).
         *
         * @param specs         the rules, checked already (unique names, windows within the ring)
         * @param repeatSeconds while one fires, repeat its message this often (0: only on change)
         */
        public Builder rules(final List<AlertRuleSpec> specs, final long repeatSeconds) {
            for (final AlertRuleSpec spec : specs) {
                if (spec.windowSeconds() < 1 || spec.windowSeconds() > AlertRule.WINDOW_SECONDS) {
                    throw new IllegalArgumentException("rule " + spec.name() + ": window out of 1.."
                            + AlertRule.WINDOW_SECONDS + " s");
                }
            }
            this.rules = List.copyOf(specs);
            this.rulesRepeatSeconds = repeatSeconds;
            return this;
        }

        /** The setup. */
        public CombinerSetup build() {
            return new CombinerSetup(this);
        }
    }
}
