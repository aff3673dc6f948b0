package dev.logmon.core.snapshot;

/**
 * Counters of one notification sink (webhook, email) at a snapshot.
 *
 * @param sink    the sink's name as used on the command line ({@code webhook}, {@code email})
 * @param sent    notifications delivered
 * @param retried attempts repeated after a failure
 * @param failed  notifications given up on
 * @param pending notifications waiting to be delivered
 */
public record DeliveryStats(String sink, long sent, long retried, long failed, long pending) {
}
