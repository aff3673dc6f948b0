package dev.logmon.sinks.notify;

/**
 * The outcome of one delivery attempt.
 *
 * @param kind         delivered, worth retrying, or rejected for good
 * @param retryAfterMs how long the far end asked us to wait (429/503 {@code Retry-After}), or -1
 * @param detail       a one-line description for the log: never holds a secret (URL, password)
 */
public record Attempt(Kind kind, long retryAfterMs, String detail) {

    /** What the delivery engine does next. */
    public enum Kind {
        /** Done: count it sent. */
        DELIVERED,
        /** Connection error, timeout, 5xx, 429: try again after a backoff. */
        RETRY,
        /** A 4xx or a refusal that will not change: count it failed now. */
        REJECTED
    }

    /** Delivered. */
    public static Attempt delivered() {
        return new Attempt(Kind.DELIVERED, -1, "delivered");
    }

    /** Worth another try, after the engine's own backoff. */
    public static Attempt retry(final String detail) {
        return new Attempt(Kind.RETRY, -1, detail);
    }

    /** Worth another try, after at least {@code retryAfterMs}. */
    public static Attempt retryAfter(final long retryAfterMs, final String detail) {
        return new Attempt(Kind.RETRY, retryAfterMs, detail);
    }

    /** Never worth retrying. */
    public static Attempt rejected(final String detail) {
        return new Attempt(Kind.REJECTED, -1, detail);
    }
}
