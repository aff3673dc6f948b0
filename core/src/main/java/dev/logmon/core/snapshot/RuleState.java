package dev.logmon.core.snapshot;

import java.util.Locale;

/**
 * Where one named alert rule ({@code --rule}, {@code --rules}) stands at a snapshot. The default
 * traffic rule is {@link AlertStatus}.
 *
 * @param name  the rule's name
 * @param kind  what it measures
 * @param state ok, pending (the condition holds, not for {@code for} yet), firing, or holding
 *              (firing, the condition no longer holds, kept for {@code keep_firing_for})
 * @param value what was measured at its last evaluation (the kind's unit), NaN before its window first filled
 * @param limit the rule's limit
 * @param since epoch second (as labelled) the rule entered {@code state}; 0 when it has been ok since the start
 */
public record RuleState(String name, AlertRuleKind kind, Phase state, double value, double limit, long since) {
    /** The states of a rule, as Prometheus names them (with {@code holding} for keep_firing_for). */
    public enum Phase {
        /** The condition does not hold (or the window has not filled yet). */
        OK,
        /** The condition holds, not yet for the rule's {@code for}. */
        PENDING,
        /** The alert is firing. */
        FIRING,
        /** Firing, the condition no longer holds: kept for {@code keep_firing_for}. */
        HOLDING;

        /** {@code ok}, {@code pending}, {@code firing} or {@code holding}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a {@link #jsonName()}; null for anything else. */
        public static Phase fromName(final String name) {
            for (final Phase p : values()) {
                if (p.jsonName().equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }
}
