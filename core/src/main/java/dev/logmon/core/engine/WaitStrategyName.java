package dev.logmon.core.engine;

import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import dev.logmon.core.text.EnumNames;

/**
 * The consumer wait strategies a user may pick. None busy-spins: on a 2-core machine a spinning
 * consumer starves the source threads that parse.
 */
public enum WaitStrategyName {
    /**
     * Spins briefly, yields, then parks {@value #SLEEP_NANOS} ns at a time: no cost per publish and
     * about 1,000 wake-ups per second per idle thread (the Disruptor's default 100 ns park costs a
     * quarter of a core per idle thread on Linux).
     */
    SLEEPING,
    /**
     * Starts as the sleeping strategy, then after {@value #BLOCK_AFTER_PARKS} parks (about 20 ms without
     * a line) waits on a lock until a line is published (or 100 ms pass): 10 wake-ups a second while idle, and a publish costs a
     * fence unless a consumer waits. The default when following files live (see {@link Settings#effectiveWaitStrategy()}).
     */
    BLOCKING,
    /** Spins then yields: lowest latency, burns a core while idle. */
    YIELDING;

    /** Spins and yields before the sleeping strategy parks. */
    public static final int SLEEP_RETRIES = 200;
    /** How long the sleeping strategy parks once idle: 1 ms, far below the one-second resolution of the counters. */
    public static final long SLEEP_NANOS = 1_000_000;

    /** Parks of the blocking strategy before it waits on its lock. */
    public static final int BLOCK_AFTER_PARKS = 20;

    /** A new strategy instance. */
    public WaitStrategy create() {
        return switch (this) {
            case SLEEPING -> new SleepingWaitStrategy(SLEEP_RETRIES, SLEEP_NANOS);
            case BLOCKING -> new ParkThenBlockWaitStrategy(SLEEP_RETRIES, BLOCK_AFTER_PARKS, SLEEP_NANOS);
            case YIELDING -> new YieldingWaitStrategy();
        };
    }

    /** Lower-case name as used on the command line. */
    public String displayName() {
        return EnumNames.of(this);
    }

    /** Parses a lower-case name; null for anything else. */
    public static WaitStrategyName fromName(final String name) {
        return EnumNames.parse(values(), name);
    }
}
