package dev.logmon.core.snapshot;

/**
 * An alert transition (or a repeat of the ON message while it lasts).
 *
 * @param on           true for "High traffic" (firing), false for "Alert Off" (resolved)
 * @param second       epoch second, in the active time, when the rule was evaluated
 * @param startedAt    epoch second the current alert went ON (equal to {@code second} on the transition)
 * @param repeat       true when this repeats an ON message already sent
 * @param avg2m        average hits/s over the rule's window (the 2-minute window for the default rule)
 * @param lifetimeRate lifetime average hits/s
 * @param threshold    the configured threshold (the limit of a named rule, in its kind's unit)
 * @param rule         the rule's kind
 * @param message      the human message, as the original tool printed it for the default rule
 * @param name         the named rule's name; null for the default high-traffic rule
 * @param value        what a named rule measured (ratio, milliseconds, hits, share or hits/s);
 *                     NaN for the default rule
 */
public record AlertEvent(boolean on, long second, long startedAt, boolean repeat, double avg2m, double lifetimeRate,
                         double threshold, AlertRuleKind rule, String message, String name, double value) {

    /** An event of the default high-traffic rule (no name, no separate value). */
    public AlertEvent(final boolean on, final long second, final long startedAt, final boolean repeat,
                      final double avg2m, final double lifetimeRate, final double threshold, final AlertRuleKind rule,
                      final String message) {
        this(on, second, startedAt, repeat, avg2m, lifetimeRate, threshold, rule, message, null, Double.NaN);
    }
}
