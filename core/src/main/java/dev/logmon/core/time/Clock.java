package dev.logmon.core.time;

/**
 * Wall-clock time and a monotonic clock, injectable so tests drive time explicitly instead of
 * sleeping (and step the wall clock without touching the monotonic one).
 */
@FunctionalInterface
public interface Clock {
    /** The system clock. */
    Clock SYSTEM = System::currentTimeMillis;

    /** Milliseconds since the epoch. */
    long millis();

    /**
     * A monotonic clock in nanoseconds with an arbitrary origin ({@link System#nanoTime()}): it
     * never steps when the wall clock is set. Only differences between two readings mean anything.
     */
    default long nanos() {
        return System.nanoTime();
    }

    /** Whole seconds since the epoch. */
    default long second() {
        return Math.floorDiv(millis(), 1000L);
    }
}
