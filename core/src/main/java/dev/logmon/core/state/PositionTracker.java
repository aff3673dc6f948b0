package dev.logmon.core.state;

import dev.logmon.core.format.LogEvent;

/**
 * Tells, for each source, the file offset before which every line is in the combiner's lifetime
 * totals: the position that may be saved with those totals. Fed by the combiner with every event
 * in ring order; confined to the combiner's thread.
 *
 * <pre>
 *   at TICK t the lifetime holds every line published before the tick whose second is <= t;
 *   lines of later seconds are still in the analyzers' open frames.
 *
 *   source lines in ring order:   s=40 s=41 s=41 s=43 s=42 s=44 ... TICK 42
 *   records (second > all before): 40   41        43        44
 *   after TICK 42:                                 ^ first record with second > 42
 *   safe offset = start of that line (or, with no such record, the end of the last line seen)
 * </pre>
 *
 * The first line with a second after {@code t} is always a record (its second exceeds every
 * second before it), so a deque of records, popped while their second is {@code <= t}, gives it.
 * Every line before the safe offset is counted; lines after it with a second {@code <= t} (out of
 * order lines in log time) are counted too and would be read again after a crash: that is the
 * bounded duplication of at-least-once. After the final tick every line is counted and the safe
 * offset is the end of the last line. Malformed lines are counted at the next tick whatever
 * their place, so they only move the end.
 *
 * <p>A followed file's rotated files are read on while the new file at its path is read, so lines
 * of an older file generation may come after lines of a newer one: those are counted but do not
 * move the position, which stays in the newest file. A restart after a crash inside the rotate
 * wait therefore does not read again the rest of a rotated file (at a clean stop the rotated file
 * is not read further either: a restart reads on in the file at the path).
 */
public final class PositionTracker {
    /** Records kept per source; beyond it the newest two merge (earlier offset, later second: safe). */
    static final int MAX_RECORDS = 1024;
    private static final long NONE = Long.MIN_VALUE;

    private final long[] maxSecond;
    private final int[] lastGeneration;
    /** The newest file generation each source has published a line of. */
    private final int[] newestGeneration;
    private final long[] lastEnd;
    private final long[][] recSecond;
    private final int[][] recGeneration;
    private final long[][] recOffset;
    private final int[] head;
    private final int[] count;

    /** @param sources how many sources publish */
    public PositionTracker(final int sources) {
        maxSecond = new long[sources];
        lastGeneration = new int[sources];
        newestGeneration = new int[sources];
        lastEnd = new long[sources];
        recSecond = new long[sources][MAX_RECORDS];
        recGeneration = new int[sources][MAX_RECORDS];
        recOffset = new long[sources][MAX_RECORDS];
        head = new int[sources];
        count = new int[sources];
        java.util.Arrays.fill(maxSecond, NONE);
        java.util.Arrays.fill(lastEnd, -1);
        java.util.Arrays.fill(newestGeneration, Integer.MIN_VALUE);
    }

    /** A data or malformed event, in ring order. */
    public void onLine(final LogEvent e) {
        final int s = e.sourceId;
        if (s < 0 || s >= maxSecond.length) {
            return;
        }
        if (e.generation < newestGeneration[s]) {
            // a rotated file read on after the new file at the path has begun: counted, but the
            // position saved is the one in the newest file (see the class comment)
            return;
        }
        newestGeneration[s] = e.generation;
        // a line marked future is counted at the next tick, like a malformed one: it only moves
        // the end (as a record, no tick would ever close it and the saved position would stay there)
        if (e.kind == LogEvent.DATA && e.second > maxSecond[s] && !e.future) {
            maxSecond[s] = e.second;
            push(s, e.second, e.generation, e.lineStart);
        }
        lastGeneration[s] = e.generation;
        lastEnd[s] = e.lineEnd;
    }

    private void push(final int s, final long second, final int generation, final long offset) {
        final int n = count[s];
        if (n == MAX_RECORDS) {
            recSecond[s][(head[s] + n - 1) % MAX_RECORDS] = second; // merge into the newest: safe
            return;
        }
        final int k = (head[s] + n) % MAX_RECORDS;
        recSecond[s][k] = second;
        recGeneration[s][k] = generation;
        recOffset[s][k] = offset;
        count[s] = n + 1;
    }

    /** The lifetime now holds every line of second {@code <= tick} seen so far. */
    public void onTick(final long tick, final boolean last) {
        for (int s = 0; s < count.length; s++) {
            while (count[s] > 0 && (last || recSecond[s][head[s]] <= tick)) {
                head[s] = (head[s] + 1) % MAX_RECORDS;
                count[s]--;
            }
        }
    }

    /** True when the source has published a line. */
    boolean seen(final int source) {
        return lastEnd[source] >= 0;
    }

    /** The generation of the file the safe offset is in. */
    int safeGeneration(final int source) {
        return count[source] > 0 ? recGeneration[source][head[source]] : lastGeneration[source];
    }

    /** The safe offset (see the class comment). */
    long safeOffset(final int source) {
        return count[source] > 0 ? recOffset[source][head[source]] : lastEnd[source];
    }

    /** Sources tracked. */
    int sources() {
        return count.length;
    }
}
