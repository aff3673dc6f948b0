package dev.logmon.core.snapshot;

/**
 * The alert rule's state at a snapshot.
 *
 * @param on           whether the alert is firing
 * @param threshold    the configured threshold (hits/s)
 * @param rule         relative or absolute
 * @param avg2m        2-minute average hits/s at the last evaluation
 * @param lifetimeRate lifetime average hits/s at the last evaluation
 */
public record AlertStatus(boolean on, double threshold, AlertRuleKind rule, double avg2m, double lifetimeRate) {
}
