package dev.logmon.fleet.lines;

import dev.logmon.core.format.LogEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells, for each partition of a Kafka source, the offset before which every line is in the
 * combiner's lifetime totals: the offset that may be committed. Fed by the combiner with every
 * event of its source in ring order; confined to the combiner's thread. The same reasoning as
 * {@link dev.logmon.core.state.PositionTracker}'s for file offsets, per partition:
 *
 * <pre>
 *   at TICK t the lifetime holds every line published before the tick whose second is &lt;= t;
 *   records: (second, offset) of each line whose second exceeds every second before it in its partition
 *   after TICK t: pop records with second &lt;= t; counted offset = offset of the first record left,
 *                 or, with none left, the offset after the last line seen
 * </pre>
 *
 * A partition read again from an earlier offset (assigned back after a rebalance, at the offset
 * committed then) starts afresh: its lines from then on are the ones that count for it. A line's
 * partition and the assignment epoch come in its {@code generation} ({@link PartitionEpochs}).
 * Nothing is allocated per line; a tick that moves an offset publishes a new {@link CountedOffsets}.
 */
final class PartitionProgress {
    /** Records kept per partition; beyond it the newest merges into the one before (earlier offset: safe). */
    static final int MAX_RECORDS = 256;
    private static final long NONE = Long.MIN_VALUE;

    private final int sourceId;
    private int[] epoch = new int[0];
    private long[] maxSecond = new long[0];
    private long[] lastEnd = new long[0];
    private long[] lastStart = new long[0];
    private long[][] recSecond = new long[0][];
    private long[][] recOffset = new long[0][];
    private int[] head = new int[0];
    private int[] count = new int[0];
    private long[] published = new long[0];
    private int[] publishedEpoch = new int[0];
    private volatile CountedOffsets counted = CountedOffsets.NONE;

    /** @param sourceId the source whose lines are tracked (others are ignored) */
    PartitionProgress(final int sourceId) {
        this.sourceId = sourceId;
    }

    /** A data or malformed event, in ring order. */
    void onLine(final LogEvent e) {
        if (e.sourceId != sourceId) {
            return;
        }
        final int p = PartitionEpochs.partition(e.generation);
        final int ep = PartitionEpochs.epoch(e.generation);
        if (p >= lastEnd.length) {
            grow(p + 1);
        }
        if (ep != epoch[p] || lastEnd[p] >= 0 && e.lineStart < lastStart[p]) {
            // a new assignment (or read again from an earlier offset): the lines from here on are
            // the ones that count, whatever seconds the lines of the previous one had
            epoch[p] = ep;
            count[p] = 0;
            maxSecond[p] = NONE;
        }
        if (e.kind == LogEvent.DATA && e.second > maxSecond[p] && !e.future) {
            maxSecond[p] = e.second;
            push(p, e.second, e.lineStart);
        }
        lastEnd[p] = e.lineEnd;
        lastStart[p] = e.lineStart;
    }

    private void push(final int p, final long second, final long offset) {
        final int n = count[p];
        if (n == MAX_RECORDS) {
            recSecond[p][(head[p] + n - 1) % MAX_RECORDS] = second; // merge into the newest: safe
            return;
        }
        final int k = (head[p] + n) % MAX_RECORDS;
        recSecond[p][k] = second;
        recOffset[p][k] = offset;
        count[p] = n + 1;
    }

    /**
     * The lifetime now holds every line of second {@code <= tick} seen so far (every line, when
     * {@code last}); publishes the counted offsets when one moved.
     */
    void onTick(final long tick, final boolean last) {
        boolean moved = false;
        for (int p = 0; p < count.length; p++) {
            while (count[p] > 0 && (last || recSecond[p][head[p]] <= tick)) {
                head[p] = (head[p] + 1) % MAX_RECORDS;
                count[p]--;
            }
            if (lastEnd[p] < 0) {
                continue;
            }
            final long safe = count[p] > 0 ? recOffset[p][head[p]] : lastEnd[p];
            if (safe != published[p] || epoch[p] != publishedEpoch[p]) {
                published[p] = safe;
                publishedEpoch[p] = epoch[p];
                moved = true;
            }
        }
        if (moved) {
            final Map<Integer, CountedOffsets.Counted> m = new HashMap<>();
            for (int p = 0; p < count.length; p++) {
                if (lastEnd[p] >= 0) {
                    m.put(p, new CountedOffsets.Counted(publishedEpoch[p], published[p]));
                }
            }
            counted = new CountedOffsets(Map.copyOf(m));
        }
    }

    /** The counted offsets as of the last tick that moved one (any thread). */
    CountedOffsets counted() {
        return counted;
    }

    private void grow(final int n) {
        final int old = lastEnd.length;
        final int size = Math.min(PartitionEpochs.MAX_PARTITIONS, Math.max(n, old * 2));
        epoch = Arrays.copyOf(epoch, size);
        maxSecond = Arrays.copyOf(maxSecond, size);
        lastEnd = Arrays.copyOf(lastEnd, size);
        lastStart = Arrays.copyOf(lastStart, size);
        recSecond = Arrays.copyOf(recSecond, size);
        recOffset = Arrays.copyOf(recOffset, size);
        head = Arrays.copyOf(head, size);
        count = Arrays.copyOf(count, size);
        published = Arrays.copyOf(published, size);
        publishedEpoch = Arrays.copyOf(publishedEpoch, size);
        for (int p = old; p < size; p++) {
            maxSecond[p] = NONE;
            lastEnd[p] = -1;
            published[p] = -1;
            recSecond[p] = new long[MAX_RECORDS];
            recOffset[p] = new long[MAX_RECORDS];
        }
    }
}
