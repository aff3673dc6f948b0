package dev.logmon.cli.demo;

/**
 * Steady real-time pacing: how many lines should have been written after a given time, at
 * {@code linesPerSecond} (times the burst factor in burst seconds), spread evenly over each second.
 * Pure arithmetic on elapsed nanoseconds, so tests need no clock.
 */
final class Pacer {
    private static final long NANOS = 1_000_000_000L;

    private final long linesPerSecond;
    private final Burst burst;

    Pacer(final long linesPerSecond, final Burst burst) {
        if (linesPerSecond <= 0) {
            throw new IllegalArgumentException("linesPerSecond must be > 0");
        }
        this.linesPerSecond = linesPerSecond;
        this.burst = burst;
    }

    /** Lines due by {@code elapsedNanos} after the start (the first line is due at once). */
    long dueBy(final long elapsedNanos) {
        final long second = elapsedNanos / NANOS;
        final long nanosIn = elapsedNanos % NANOS;
        final long rate = linesPerSecond * burst.factorAt(second);
        final long within = (long) ((double) rate * nanosIn / NANOS);
        return burst.linesBefore(second, linesPerSecond) + within + 1;
    }

    /** How long to park before checking again: about one line's time, between 50 us and 10 ms. */
    long pauseNanos(final long elapsedNanos) {
        final long rate = linesPerSecond * burst.factorAt(elapsedNanos / NANOS);
        return Math.max(50_000L, Math.min(10_000_000L, NANOS / rate));
    }
}
