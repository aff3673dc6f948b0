package dev.logmon.core.snapshot;

/**
 * An alert transition (or a repeat of the ON message while it lasts).
 *
 * @param on           true for "High traffic" (firing), false for "Alert Off" (resolved)
 * @param second       epoch second, in the active time, when the rule was evaluated
 * @param startedAt    epoch second the current alert went ON (equal to {@code second} on the transition)
 * @param repeat       true when this repeats an ON message already sent
 * @param avg2m        2-minute average hits/s
 * @param lifetimeRate lifetime average hits/s
 * @param threshold    the configured threshold
 * @param rule         the rule that produced it
 * @param message      the human message, as the original tool printed it
 */
public record AlertEvent(boolean on, long second, long startedAt, boolean repeat, double avg2m, double lifetimeRate,
                         double threshold, AlertRuleKind rule, String message) {
}
