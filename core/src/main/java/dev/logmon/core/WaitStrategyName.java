package dev.logmon.core;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.Locale;

/**
 * The consumer wait strategies a user may pick. None busy-spins: on a 2-core machine a spinning
 * consumer starves the source threads that parse.
 */
public enum WaitStrategyName {
    /** Spins briefly, yields, then parks for short intervals: low latency, little idle CPU. */
    SLEEPING,
    /** Lock and condition: least CPU, some cost per publish. */
    BLOCKING,
    /** Spins then yields: lowest latency, burns a core while idle. */
    YIELDING;

    /** A new strategy instance. */
    public WaitStrategy create() {
        return switch (this) {
            case SLEEPING -> new SleepingWaitStrategy();
            case BLOCKING -> new BlockingWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
        };
    }

    /** Lower-case name as used on the command line. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower-case name; null for anything else. */
    public static WaitStrategyName fromName(final String name) {
        for (final WaitStrategyName w : values()) {
            if (w.displayName().equals(name)) {
                return w;
            }
        }
        return null;
    }
}
