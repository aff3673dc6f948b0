package dev.logmon.core;

/** Wall-clock time, injectable so tests drive time explicitly instead of sleeping. */
@FunctionalInterface
public interface Clock {
    /** The system clock. */
    Clock SYSTEM = System::currentTimeMillis;

    /** Milliseconds since the epoch. */
    long millis();

    /** Whole seconds since the epoch. */
    default long second() {
        return Math.floorDiv(millis(), 1000L);
    }
}
