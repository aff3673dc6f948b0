package dev.logmon.core.analyze;

import java.util.Arrays;

/**
 * Hits, bytes, 4xx and 5xx hits of a frame per source ({@code -s} option, by its index, the
 * {@link dev.logmon.core.format.LogEvent#sourceId}), for the per-source breakdown. Bounded: the
 * first {@value #CAPACITY} sources have a row each, every later one shares the {@link #OTHER} row.
 * Plain arrays, made at the first line counted and grown once more at most (to {@value #FEW_ROWS}
 * rows, then to all {@link #ROWS}), so the combiner's window frames do not each carry 65 rows of a
 * run with one source (2 KB a frame, about 0.35 MB over a replay's frames); nothing is allocated
 * once a frame has its rows. They add like every counter of a frame.
 */
public final class SourceCounters {
    /** Sources with a row of their own (ids 0 .. CAPACITY - 1). */
    public static final int CAPACITY = 64;
    /** The row of every source id at or past {@link #CAPACITY} (and of a negative id). */
    public static final int OTHER = CAPACITY;
    /** Rows: CAPACITY sources and the other row. */
    public static final int ROWS = CAPACITY + 1;

    /** Rows made for the first sources: a run with at most this many sources never needs more. */
    static final int FEW_ROWS = 8;
    private static final long[] NONE = new long[0];

    private long[] hits = NONE;
    private long[] bytes = NONE;
    private long[] errors4xx = NONE;
    private long[] errors5xx = NONE;
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
        if (r >= hits.length) {
            grow(r);
        }
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
        if (row >= hits.length) {
            grow(row);
        }
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

    /** Makes room for {@code row} (0 .. {@link #OTHER}): {@value #FEW_ROWS} rows first, then all of them. */
    private void grow(final int row) {
        final int n = row < FEW_ROWS ? FEW_ROWS : ROWS;
        hits = Arrays.copyOf(hits, n);
        bytes = Arrays.copyOf(bytes, n);
        errors4xx = Arrays.copyOf(errors4xx, n);
        errors5xx = Arrays.copyOf(errors5xx, n);
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
        return row < hits.length ? hits[row] : 0;
    }

    /** Response bytes of a row. */
    public long bytes(final int row) {
        return row < bytes.length ? bytes[row] : 0;
    }

    /** 4xx hits of a row. */
    public long errors4xx(final int row) {
        return row < errors4xx.length ? errors4xx[row] : 0;
    }

    /** 5xx hits of a row. */
    public long errors5xx(final int row) {
        return row < errors5xx.length ? errors5xx[row] : 0;
    }
}
