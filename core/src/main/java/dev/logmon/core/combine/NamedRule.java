package dev.logmon.core.combine;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.RuleState;
import java.time.Instant;
import java.util.Locale;

/**
 * The state machine of one named rule, as Prometheus runs an alerting rule: a condition that must
 * hold {@code for} before the alert fires, and once firing, must be false for
 * {@code keep_firing_for} before it resolves. Pure: the combiner measures, this decides.
 *
 * <pre>
 *   INACTIVE --condition--> PENDING (since a) --condition at t with t - a >= for--> FIRING
 *      ^                       |  no condition                                       |
 *      +-----------------------+                                                     |
 *      +---- no condition at t with t - (first second it failed) >= keep_firing_for -+
 * </pre>
 *
 * With {@code for} 0 the alert fires at the first second the condition holds; with
 * {@code keep_firing_for} 0 it resolves at the first second it does not.
 */
public final class NamedRule {
    private final AlertRuleSpec spec;
    private final long repeatSeconds;

    private boolean pending;
    private long pendingSince;
    private boolean firing;
    private long startedAt;
    private long lastTrue;
    private long lastMessageAt;
    private boolean holding;
    private long stateSince;
    private double lastValue = Double.NaN;

    /**
     * @param spec          the rule
     * @param repeatSeconds while firing, repeat the message this often (0: only on change)
     */
    public NamedRule(final AlertRuleSpec spec, final long repeatSeconds) {
        this.spec = spec;
        this.repeatSeconds = repeatSeconds;
    }

    /** The rule. */
    public AlertRuleSpec spec() {
        return spec;
    }

    /**
     * Takes one second's verdict.
     *
     * @param second       the second just completed (active time)
     * @param label        its wall-clock label (messages and event times)
     * @param condition    whether the rule's condition holds at {@code second}
     * @param value        what was measured (for the message)
     * @param avg          hits/s over the rule's window
     * @param lifetimeRate lifetime hits/s
     * @return the event to publish, or null
     */
    public AlertEvent evaluate(final long second, final long label, final boolean condition, final double value,
                               final double avg, final double lifetimeRate) {
        lastValue = value;
        if (condition) {
            lastTrue = second;
            if (firing) {
                if (holding) {
                    holding = false; // firing again: since it started
                    stateSince = startedAt;
                }
                if (repeatSeconds > 0 && second - lastMessageAt >= repeatSeconds) {
                    lastMessageAt = second;
                    return event(true, label, true, value, avg, lifetimeRate);
                }
                return null;
            }
            if (!pending) {
                pending = true;
                pendingSince = second;
                stateSince = label;
            }
            if (second - pendingSince >= spec.forSeconds()) {
                pending = false;
                firing = true;
                startedAt = label;
                stateSince = label;
                lastMessageAt = second;
                return event(true, label, false, value, avg, lifetimeRate);
            }
            return null;
        }
        if (pending) {
            pending = false;
            stateSince = label; // ok again, without having fired
        }
        // as Prometheus: false since the first false second (lastTrue + 1) for keep_firing_for, so
        // keep_firing_for 1s holds one second longer than 0 (">=" here made 1s the same as 0)
        if (firing && second - (lastTrue + 1) >= spec.keepFiringForSeconds()) {
            firing = false;
            holding = false;
            stateSince = label;
            return event(false, label, false, value, avg, lifetimeRate);
        }
        if (firing && !holding) {
            holding = true;
            stateSince = label;
        }
        if (firing && repeatSeconds > 0 && second - lastMessageAt >= repeatSeconds) {
            lastMessageAt = second; // still firing (kept): the repeat says so
            return event(true, label, true, value, avg, lifetimeRate);
        }
        return null;
    }

    /** Whether the alert is firing. */
    public boolean isFiring() {
        return firing;
    }

    /** Where the rule stands now, for a snapshot (allocates: once per snapshot). */
    public RuleState state() {
        final RuleState.Phase phase = firing ? (holding ? RuleState.Phase.HOLDING : RuleState.Phase.FIRING)
                : pending ? RuleState.Phase.PENDING : RuleState.Phase.OK;
        return new RuleState(spec.name(), spec.kind(), phase, lastValue, spec.limit(), stateSince);
    }

    /** Whether the condition holds but has not held {@code for} yet. */
    public boolean isPending() {
        return pending;
    }

    private AlertEvent event(final boolean on, final long label, final boolean repeat, final double value,
                             final double avg, final double lifetimeRate) {
        final String at = Instant.ofEpochSecond(label).toString();
        final String message = on
                ? String.format(Locale.ROOT, "Alert %s (%s) firing - %s, triggered at %s", spec.name(),
                        spec.kind().displayName(), measure(value), at)
                : String.format(Locale.ROOT, "Alert %s (%s) off - %s, resolved at %s", spec.name(),
                        spec.kind().displayName(), measure(value), at);
        return new AlertEvent(on, label, startedAt, repeat, avg, lifetimeRate, spec.limit(), spec.kind(), message,
                spec.name(), value);
    }

    private String measure(final double value) {
        final String window = spec.windowSeconds() + "s";
        return switch (spec.kind()) {
            case RELATIVE -> String.format(Locale.ROOT, "hits = %.2f/s over %s, limit lifetime + %s", value, window,
                    num(spec.limit()));
            case ABSOLUTE -> String.format(Locale.ROOT, "hits = %.2f/s over %s, limit %s", value, window,
                    num(spec.limit()));
            case ERROR_RATIO -> String.format(Locale.ROOT, "%s ratio = %.4f over %s, limit %s", classes(), value,
                    window, num(spec.limit()));
            case LATENCY -> String.format(Locale.ROOT, "p%s = %.1f ms over %s, limit %s ms", num(spec.percentile()),
                    value, window, num(spec.limit()));
            case SILENCE -> String.format(Locale.ROOT, "hits = %d over %s, limit fewer than %s", (long) value, window,
                    num(spec.limit()));
            case CLIENT_FLOOD -> String.format(Locale.ROOT, "busiest host %.0f hits over %s, limit %s", value, window,
                    floodLimit());
        };
    }

    private String floodLimit() {
        final String share = spec.limit() > 0 ? "share " + num(spec.limit()) : "";
        final String rate = spec.rate() > 0 ? num(spec.rate()) + " hits/s" : "";
        return share.isEmpty() ? rate : rate.isEmpty() ? share : share + " or " + rate;
    }

    private String classes() {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            if ((spec.statusMask() & (1 << i)) != 0) {
                b.append(b.length() == 0 ? "" : "+").append(i + 1).append("xx");
            }
        }
        return b.toString();
    }

    private static String num(final double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** True for the kinds whose condition can hold on an empty window. */
    static boolean holdsWhenEmpty(final AlertRuleKind kind) {
        return kind == AlertRuleKind.SILENCE;
    }
}
