package dev.logmon.core.analyze;

import java.util.Arrays;

/**
 * Hits, bytes, 4xx and 5xx hits of a frame per source ({@code -s} option, by its index, the
 * {@link dev.logmon.core.format.LogEvent#sourceId}), for the per-source breakdown. Bounded: the
 * first {@value #CAPACITY} sources have a row each, every later one shares the {@link #OTHER} row.
 * Plain arrays, no allocation after construction; they add like every counter of a frame.
 */
public final class SourceCounters {
    /** Sources with a row of their own (ids 0 .. CAPACITY - 1). */
    public static final int CAPACITY = 64;
    /** The row of every source id at or past {@link #CAPACITY} (and of a negative id). */
    public static final int OTHER = CAPACITY;
    /** Rows: CAPACITY sources and the other row. */
    public static final int ROWS = CAPACITY + 1;

    private final long[] hits = new long[ROWS];
    private final long[] bytes = new long[ROWS];
    private final long[] errors4xx = new long[ROWS];
    private final long[] errors5xx = new long[ROWS];
    /** One past the highest row counted since the last clear (0: nothing to clear). */
    private int used;

    /** The row of a source id. */
    public static int rowOf(final int sourceId) {
        return sourceId >= 0 && sourceId < CAPACITY ? sourceId : OTHER;
    }

    /**
     * Counts one line.
     *
     * @param statusClass index of {@link dev.logmon.core.snapshot.StatusCounts#classIndex(int)} (3 is 4xx, 4 is 5xx)
     */
    public void record(final int sourceId, final long size, final int statusClass) {
        final int r = rowOf(sourceId);
        hits[r]++;
        bytes[r] += size;
        if (statusClass == 3) {
            errors4xx[r]++;
        } else if (statusClass == 4) {
            errors5xx[r]++;
        }
        if (r >= used) {
            used = r + 1;
        }
    }

    /** Adds a row's counts (a decoded frame's). */
    public void add(final int row, final long rowHits, final long rowBytes, final long row4xx, final long row5xx) {
        hits[row] += rowHits;
        bytes[row] += rowBytes;
        errors4xx[row] += row4xx;
        errors5xx[row] += row5xx;
        if (row >= used) {
            used = row + 1;
        }
    }

    /** Adds every row of {@code other}. */
    public void addAll(final SourceCounters other) {
        for (int r = 0, n = other.used; r < n; r++) {
            if (other.hits[r] > 0) {
                add(r, other.hits[r], other.bytes[r], other.errors4xx[r], other.errors5xx[r]);
            }
        }
    }

    /** Zeroes every row. */
    public void clear() {
        if (used > 0) {
            Arrays.fill(hits, 0, used, 0L);
            Arrays.fill(bytes, 0, used, 0L);
            Arrays.fill(errors4xx, 0, used, 0L);
            Arrays.fill(errors5xx, 0, used, 0L);
            used = 0;
        }
    }

    /** One past the highest row that may hold counts: rows {@code [0, rows())} are worth reading. */
    public int rows() {
        return used;
    }

    /** Hits of a row. */
    public long hits(final int row) {
        return hits[row];
    }

    /** Response bytes of a row. */
    public long bytes(final int row) {
        return bytes[row];
    }

    /** 4xx hits of a row. */
    public long errors4xx(final int row) {
        return errors4xx[row];
    }

    /** 5xx hits of a row. */
    public long errors5xx(final int row) {
        return errors5xx[row];
    }
}
