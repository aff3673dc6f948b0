package dev.logmon.core.snapshot;

import java.util.List;

/**
 * What every sink sees: an immutable picture of the counters at the end of one second of the
 * active time. Built by the combiner; no sink ever reads analyzer state.
 *
 * @param second        epoch second this snapshot describes (log time with {@code --time log})
 * @param last          true for the final snapshot written at exit
 * @param lines         line totals since start
 * @param tenSeconds    the last 10 seconds
 * @param twoMinutes    the last 2 minutes
 * @param lifetime      everything since the first line
 * @param alert         the alert rule's state
 * @param handlerErrors exceptions caught in pipeline handlers (each also reported once on stderr)
 * @param sources       each source's state, in command-line order
 * @param deliveries    counters of each notification sink (empty when there is none)
 * @param secondHits    hits of each second of the 2-minute window, oldest first, ending at {@code second}
 * @param rules         each named alert rule's state, in the order the rules were given (empty without named rules)
 * @param instances     the instances an aggregator merges ({@code aggregate}); empty in a local run
 */
public record Snapshot(long second, boolean last, LineCounts lines, WindowView tenSeconds, WindowView twoMinutes,
                       WindowView lifetime, AlertStatus alert, long handlerErrors, List<SourceStatus> sources,
                       List<DeliveryStats> deliveries, SecondSeries secondHits, List<RuleState> rules,
                       List<InstanceStatus> instances) {

    public Snapshot {
        sources = List.copyOf(sources);
        rules = rules == null ? List.of() : List.copyOf(rules);
        deliveries = List.copyOf(deliveries);
        secondHits = secondHits == null ? SecondSeries.EMPTY : secondHits;
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    /** A snapshot of a local run without named rules (no rules, no instances). */
    public Snapshot(final long second, final boolean last, final LineCounts lines, final WindowView tenSeconds,
                    final WindowView twoMinutes, final WindowView lifetime, final AlertStatus alert,
                    final long handlerErrors, final List<SourceStatus> sources, final List<DeliveryStats> deliveries,
                    final SecondSeries secondHits) {
        this(second, last, lines, tenSeconds, twoMinutes, lifetime, alert, handlerErrors, sources, deliveries,
                secondHits, List.of(), List.of());
    }

    /** A snapshot without a per-second series (hand-built snapshots in tests and tools). */
    public Snapshot(final long second, final boolean last, final LineCounts lines, final WindowView tenSeconds,
                    final WindowView twoMinutes, final WindowView lifetime, final AlertStatus alert,
                    final long handlerErrors, final List<SourceStatus> sources, final List<DeliveryStats> deliveries) {
        this(second, last, lines, tenSeconds, twoMinutes, lifetime, alert, handlerErrors, sources, deliveries,
                SecondSeries.EMPTY);
    }
}
