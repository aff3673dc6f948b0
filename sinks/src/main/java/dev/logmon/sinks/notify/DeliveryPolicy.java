package dev.logmon.sinks.notify;

/**
 * How hard a notification sink tries.
 *
 * @param timeoutMs        one attempt's limit (connect, send, response)
 * @param giveUpMs         how long one notification is retried before it is counted failed
 * @param graceMs          at exit, how long pending notifications may still take
 * @param repeatSeconds    while an alert lasts, remind this often (active-time seconds); 0 = never
 * @param queueCapacity    notifications waiting at most; beyond it new ones are counted failed
 * @param firstBackoffMs   wait after the first failure; doubles after each further one
 * @param maxBackoffMs     the doubling stops here
 */
public record DeliveryPolicy(long timeoutMs, long giveUpMs, long graceMs, long repeatSeconds, int queueCapacity,
                             long firstBackoffMs, long maxBackoffMs) {
    /** Default per-attempt timeout. */
    public static final long DEFAULT_TIMEOUT_MS = 5_000;
    /** Default give-up time of one notification. */
    public static final long DEFAULT_GIVE_UP_MS = 600_000;
    /** Default grace period at exit. */
    public static final long DEFAULT_GRACE_MS = 10_000;
    /** Default queue capacity. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;

    /** The given timeouts with the default queue and a 500 ms .. 30 s backoff. */
    public static DeliveryPolicy of(final long timeoutMs, final long giveUpMs, final long graceMs,
                                    final long repeatSeconds) {
        return new DeliveryPolicy(timeoutMs, giveUpMs, graceMs, repeatSeconds, DEFAULT_QUEUE_CAPACITY, 500, 30_000);
    }
}
