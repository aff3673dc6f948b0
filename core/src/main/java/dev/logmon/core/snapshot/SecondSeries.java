package dev.logmon.core.snapshot;

import java.util.Arrays;

/**
 * Hits in each of the last seconds of the 2-minute window, oldest first, the last entry being the
 * snapshot's own second. Immutable; at most {@link dev.logmon.core.combine.SnapshotCombiner#WINDOW} entries (fewer while
 * the window warms up). Drawn by the dashboard's traffic chart.
 */
public final class SecondSeries {
    /** No seconds yet. */
    public static final SecondSeries EMPTY = new SecondSeries(new long[0]);

    private final long[] hits;

    private SecondSeries(final long[] hits) {
        this.hits = hits;
    }

    /** A series holding a copy of {@code hits} (oldest first). */
    public static SecondSeries of(final long... hits) {
        return hits.length == 0 ? EMPTY : new SecondSeries(hits.clone());
    }

    /**
     * A series that takes {@code hits} itself, without a copy: for the combiner, which fills a new
     * array for each snapshot. The caller hands the array over and must neither change nor keep it;
     * the series stays immutable to everyone else ({@link #toArray} still copies).
     */
    public static SecondSeries adopting(final long[] hits) {
        return hits.length == 0 ? EMPTY : new SecondSeries(hits);
    }

    /** Number of seconds in the series. */
    public int length() {
        return hits.length;
    }

    /** Hits of second {@code i}, 0 being the oldest. */
    public long at(final int i) {
        return hits[i];
    }

    /** The largest per-second count, 0 when empty. */
    public long max() {
        long m = 0;
        for (final long h : hits) {
            m = Math.max(m, h);
        }
        return m;
    }

    /** A copy of the counts, oldest first. */
    public long[] toArray() {
        return hits.clone();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof SecondSeries other && Arrays.equals(hits, other.hits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hits);
    }

    @Override
    public String toString() {
        return "SecondSeries" + Arrays.toString(hits);
    }
}
