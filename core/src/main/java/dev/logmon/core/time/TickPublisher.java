package dev.logmon.core.time;

/** Puts a TICK on the ring: every line of {@code second} or earlier has been published. */
@FunctionalInterface
public interface TickPublisher {
    /** Publishes a tick; {@code last} marks the final one. */
    void publishTick(long second, boolean last);
}
