package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.RuleState;
import dev.logmon.core.snapshot.StatusCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The named rules of a run, measured on the combiner's window ring once per closed second and
 * handed to their {@link NamedRule} state machines. Owned by the combiner's thread. Traffic,
 * error-ratio and silence rules read the ring's slots (no merge); latency rules merge their window
 * once per second each; client-flood rules sum the slots' hosts by hits (a merged view ranks hosts
 * by bytes, and a purge would drop a busy host getting small responses).
 */
final class NamedRules implements TopCounter.Visitor {
    private final NamedRule[] rules;
    private final long[] byClass = new long[StatusCounts.CLASSES];
    private long busiest;
    /** Client-flood: the window's hosts ranked by hits (c0 = hits), so a purge keeps the busiest. */
    private final TopCounter hostsByHits;
    private final TopCounter.Visitor addByHits = (hash, key, offset, length, bytes, hits, unused) -> addByHits(
            hash, key, offset, length, hits);

    NamedRules(final List<AlertRuleSpec> specs, final long repeatSeconds, final int topCapacity) {
        hostsByHits = new TopCounter(topCapacity, LogEvent.MAX_HOST);
        rules = new NamedRule[specs.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new NamedRule(specs.get(i), repeatSeconds);
        }
    }

    /**
     * True when no rule is pending or firing, leaving out silence rules (an empty window holds
     * for them: a log-time gap is skipped without closing its seconds one by one).
     */
    boolean idle() {
        for (final NamedRule r : rules) {
            if ((r.isFiring() || r.isPending()) && !NamedRule.holdsWhenEmpty(r.spec().kind())) {
                return false;
            }
        }
        return true;
    }

    /** Each rule's state, in the order given (allocates: once per snapshot). */
    List<RuleState> states() {
        final List<RuleState> states = new ArrayList<>(rules.length);
        for (final NamedRule r : rules) {
            states.add(r.state());
        }
        return states;
    }

    /**
     * Evaluates every rule at the end of {@code s}.
     *
     * @param runSeconds   seconds the run has closed, including {@code s} (a rule waits for a full window)
     * @param lifetimeRate lifetime hits/s
     * @param out          receives each event
     */
    void evaluate(final WindowRing ring, final long s, final long label, final long runSeconds,
                  final double lifetimeRate, final Consumer<AlertEvent> out) {
        for (final NamedRule r : rules) {
            final AlertRuleSpec spec = r.spec();
            final int window = spec.windowSeconds();
            if (runSeconds < window) {
                continue;
            }
            final long hits = spec.source() == AlertRuleSpec.ALL_SOURCES ? ring.sumStatus(s, window, byClass)
                    : ring.sumSource(s, window, spec.source(), byClass);
            final double avg = hits / (double) window;
            double value;
            boolean condition;
            switch (spec.kind()) {
                case RELATIVE -> {
                    value = avg;
                    condition = hits >= spec.minHits() && avg > lifetimeRate + spec.limit();
                }
                case ABSOLUTE -> {
                    value = avg;
                    condition = hits >= spec.minHits() && avg > spec.limit();
                }
                case ERROR_RATIO -> {
                    long errors = 0;
                    for (int i = 0; i < byClass.length; i++) {
                        if ((spec.statusMask() & (1 << i)) != 0) {
                            errors += byClass[i];
                        }
                    }
                    value = hits == 0 ? 0 : errors / (double) hits;
                    condition = hits > 0 && hits >= spec.minHits() && value > spec.limit();
                }
                case LATENCY -> {
                    final Frame f = ring.merged(s, window);
                    final long timed = f.latency.getTotalCount();
                    value = timed == 0 ? 0 : f.latency.getValueAtPercentile(spec.percentile()) / 1000.0;
                    condition = timed > 0 && timed >= spec.minHits() && value > spec.limit();
                }
                case SILENCE -> {
                    value = hits;
                    condition = hits < spec.limit();
                }
                case CLIENT_FLOOD -> {
                    busiest = 0;
                    if (hits > 0) {
                        // not ring.merged(...).hosts: that ranks by bytes, and a window with more
                        // hosts than its capacity purged a bot getting tiny (or empty) responses
                        hostsByHits.clear();
                        ring.forEachSlotHost(s, window, addByHits);
                        hostsByHits.forEach(this);
                    }
                    value = busiest;
                    condition = hits > 0 && hits >= spec.minHits()
                            && (spec.limit() > 0 && busiest / (double) hits > spec.limit()
                                || spec.rate() > 0 && busiest / (double) window > spec.rate());
                }
                default -> throw new IllegalStateException("no measure for " + spec.kind());
            }
            final AlertEvent event = r.evaluate(s, label, condition, value, avg, lifetimeRate);
            if (event != null) {
                out.accept(event);
            }
        }
    }

    private void addByHits(final long hash, final byte[] key, final int offset, final int length, final long hits) {
        hostsByHits.add(hash, key, offset, length, hits, 0, 0);
    }

    /** {@link #hostsByHits} entries are (hits, 0, 0): the busiest host by hits. */
    @Override
    public void entry(final long hash, final byte[] key, final int offset, final int length, final long c0,
                      final long c1, final long c2) {
        if (c0 > busiest) {
            busiest = c0;
        }
    }
}
