package dev.logmon.core.combine;

import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.snapshot.SourceStatus;
import java.util.List;

/**
 * What a snapshot reads of the rest of the run, at the moment it is built, on the combiner's
 * thread: the sources' states and counters kept outside the ring. The engine provides it once in
 * the {@link CombinerSetup}; every method has a neutral default (tests implement what they need).
 */
public interface CombinerReadings {
    /** Reads nothing: no source, every counter 0, no label offset, no request times. */
    CombinerReadings NONE = new CombinerReadings() {
    };

    /** Handler exceptions counted so far. */
    default long handlerErrors() {
        return 0;
    }

    /** Each source's state, in command-line order. */
    default List<SourceStatus> sources() {
        return List.of();
    }

    /** Lines left out by {@code --since}/{@code --until} (counted by the sources, never published). */
    default long linesFiltered() {
        return 0;
    }

    /** Hits whose request time could not be read. */
    default long linesNoLatency() {
        return 0;
    }

    /** The notification sinks' delivery counters. */
    default List<DeliveryStats> deliveries() {
        return List.of();
    }

    /**
     * Arrival time: seconds to add to a second of the window ring (monotonic) to label it with the
     * wall clock, in snapshots and alert messages ({@link dev.logmon.core.time.ArrivalClock}); 0 in log time.
     */
    default long labelOffsetSeconds() {
        return 0;
    }

    /**
     * Whether windows carry request-time percentiles whatever has been counted (the format has a
     * request time). They also do once the lifetime holds a request time (a format detected by
     * {@code --log-format auto}, frames of other instances): the combiner checks that itself.
     */
    default boolean reportLatency() {
        return false;
    }

    /** The instances an aggregator merges ({@code aggregate}); empty in a local run. */
    default List<InstanceStatus> instances() {
        return List.of();
    }
}
