package dev.logmon.cli.demo;

/**
 * Log time for a replay: starts at a given second and moves on one second after every
 * {@code linesPerSecond} lines ({@code factor} times as many in a burst second), so the lines
 * carry realistic rates however fast they are written.
 */
final class SimulatedClock {
    private final long start;
    private final long linesPerSecond;
    private final Burst burst;
    private long elapsed;
    private long usedInSecond;
    private long capacity;

    SimulatedClock(final long startSecond, final long linesPerSecond, final Burst burst) {
        this.start = startSecond;
        this.linesPerSecond = linesPerSecond;
        this.burst = burst;
        this.capacity = linesPerSecond * burst.factorAt(0);
    }

    /** The second to stamp on the next line. */
    long next() {
        if (usedInSecond == capacity) {
            elapsed++;
            usedInSecond = 0;
            capacity = linesPerSecond * burst.factorAt(elapsed);
        }
        usedInSecond++;
        return start + elapsed;
    }
}
