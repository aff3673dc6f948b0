package dev.logmon.sinks.notify;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th retry waits a random time between half and all of
 * {@code min(first * 2^n, max)}, so many logmon instances hit by the same outage do not retry in
 * lock-step, and no wait is ever shorter than half its step.
 */
public final class Backoff {
    private final long firstMs;
    private final long maxMs;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1); a fixed value in tests */
    public Backoff(final long firstMs, final long maxMs, final DoubleSupplier random) {
        this.firstMs = firstMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** Wait before retry number {@code retry} (0 for the first retry). */
    public long delayMs(final int retry) {
        long step = firstMs;
        for (int i = 0; i < retry && step < maxMs; i++) {
            step *= 2;
        }
        step = Math.min(step, maxMs);
        final long half = step / 2;
        return half + (long) (random.getAsDouble() * (step - half));
    }
}
