package dev.logmon.core.snapshot;

/**
 * Hits by status class. {@code other} holds statuses outside 100..599 (e.g. {@code 000}, {@code 999}).
 */
public record StatusCounts(long c1xx, long c2xx, long c3xx, long c4xx, long c5xx, long other) {

    /** Number of classes a frame counts: 1xx..5xx and other. */
    public static final int CLASSES = 6;

    /** Index of a status in a class array: 0 for 1xx .. 4 for 5xx, 5 for anything else. */
    public static int classIndex(final int status) {
        final int c = status / 100;
        return c >= 1 && c <= 5 ? c - 1 : CLASSES - 1;
    }

    /** Builds the record from a class array indexed by {@link #classIndex(int)}. */
    public static StatusCounts of(final long[] byClass) {
        return new StatusCounts(byClass[0], byClass[1], byClass[2], byClass[3], byClass[4], byClass[5]);
    }
}
