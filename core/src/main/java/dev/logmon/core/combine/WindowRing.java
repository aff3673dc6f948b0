package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SecondSeries;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.WindowView;
import java.util.List;

/**
 * The combiner's window ring: one frame per second of the last {@value #WINDOW} seconds, ten
 * seconds pre-summed per aligned block, and the hits of the 2-minute window kept as a running sum.
 * Owned by the {@link SnapshotCombiner}'s thread.
 *
 * <pre>
 *   slot  = second mod 120      [s-119] ... [s-1] [s]
 *   block = floor(second / 10)  block b holds seconds 10b .. 10b+9, the sum of their slots
 *   view of the last n seconds = whole blocks inside it + the slots at its edges
 * </pre>
 *
 * A slot counts only for the second it was opened for: a stale slot (a second skipped over) is
 * never read, so a quiet gap needs no clearing.
 *
 * <p>A snapshot's views come from {@link #fastView} (running sums of 10-second spans,
 * {@link WindowSums}: a few merges) when that is provably the same view as {@link #merged}'s
 * (every block in order), else from {@link #merged}.
 */
final class WindowRing {
    /** Seconds in the ring (the alert window). */
    static final int WINDOW = AlertRule.WINDOW_SECONDS;
    /** Seconds in one pre-merged block (aligned: block b holds seconds 10b .. 10b+9). */
    static final int BLOCK = 10;
    /** Blocks kept: the {@value #WINDOW} seconds of the ring plus the block being filled. */
    private static final int BLOCKS = WINDOW / BLOCK + 1;
    /** The second of a slot never opened. */
    static final long UNSET = Long.MIN_VALUE;

    private final Frame[] ring = new Frame[WINDOW];
    private final Frame[] blocks = new Frame[BLOCKS];
    private final long[] blockIds = new long[BLOCKS];
    private final Frame scratch;
    /** The views' running sums; null when every view is merged in full. */
    private final WindowSums sums;
    private long hits2m;
    /** Views served by {@link #fastView} (tests and diagnostics). */
    private long fastServed;

    /**
     * @param slotCapacity top-counter capacity of one second's slot
     * @param topCapacity  capacity of blocks and merged views (the merged capacity keeps them exact)
     */
    WindowRing(final int slotCapacity, final int topCapacity) {
        this(slotCapacity, topCapacity, true);
    }

    /**
     * @param fastViews false to merge every view in full ({@link #merged}; tests compare the two)
     */
    WindowRing(final int slotCapacity, final int topCapacity, final boolean fastViews) {
        for (int i = 0; i < WINDOW; i++) {
            ring[i] = new Frame(slotCapacity);
            ring[i].second = UNSET;
        }
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = new Frame(topCapacity);
            blockIds[i] = UNSET;
        }
        scratch = new Frame(topCapacity);
        sums = fastViews ? new WindowSums(this, topCapacity) : null;
    }

    /** Hits in the open slots of the window (the 2-minute window's hits). */
    long hits() {
        return hits2m;
    }

    /** Opens second {@code s}'s slot (its previous second leaves the window) and, if new, its block. */
    void open(final long s) {
        final Frame slot = ring[slotOf(s)];
        if (slot.second != UNSET && slot.second > s - 2 * WINDOW) {
            hits2m -= slot.hits;
        }
        slot.clear(s);
        final long b = Math.floorDiv(s, BLOCK);
        final int k = blockOf(b);
        if (blockIds[k] != b) {
            blocks[k].clear(s);
            blockIds[k] = b;
        }
    }

    /**
     * Opens second {@code s}'s slot before the start of the run (log time, a line read out of
     * order in the first ticks): the slot last held a second at least {@value #WINDOW} seconds
     * older, whose hits already left the window's sum.
     */
    void openBefore(final long s) {
        final Frame slot = ring[slotOf(s)];
        slot.clear(s);
        final long b = Math.floorDiv(s, BLOCK);
        final int k = blockOf(b);
        if (blockIds[k] != b) {
            blocks[k].clear(b * BLOCK);
            blockIds[k] = b;
        }
        if (sums != null) {
            sums.invalidate();
        }
    }

    /** Adds a frame to its second's slot, which must be open. */
    void add(final Frame f) {
        addTo(ring[slotOf(f.second)], f);
    }

    /** Adds a frame to its second's slot if that slot is open for its second; false otherwise. */
    boolean addIfOpen(final Frame f) {
        final Frame slot = ring[slotOf(f.second)];
        if (slot.second != f.second) {
            return false;
        }
        addTo(slot, f);
        return true;
    }

    /** A frame joins its second's slot, its block, the window's hits and the running sums. */
    private void addTo(final Frame slot, final Frame f) {
        slot.add(f);
        addToBlock(f);
        hits2m += f.hits;
        if (sums != null) {
            sums.onFrame(f);
        }
    }

    /**
     * Every frame that joins a ring slot also joins its second's block, so a block is always the
     * sum of its ten slots and the views can merge 13 blocks instead of 130 slots per snapshot.
     */
    private void addToBlock(final Frame f) {
        final long b = Math.floorDiv(f.second, BLOCK);
        final int k = blockOf(b);
        if (blockIds[k] == b) {
            blocks[k].add(f);
        }
    }

    /**
     * The sum of the {@code seconds} seconds ending at {@code current}, in a scratch frame reused by
     * the next call. A block lying wholly inside the view is added as its pre-summed frame.
     */
    Frame merged(final long current, final long seconds) {
        scratch.clear(current);
        final long lo = current - seconds + 1;
        long s = current;
        while (s >= lo) {
            final long b = Math.floorDiv(s, BLOCK);
            final long blockStart = b * BLOCK;
            final int k = blockOf(b);
            if (s == blockStart + BLOCK - 1 && blockStart >= lo && blockIds[k] == b) {
                scratch.add(blocks[k]); // the whole block lies inside the view
                s = blockStart - 1;
            } else {
                final Frame slot = ring[slotOf(s)];
                if (slot.second == s) {
                    scratch.add(slot);
                }
                s--;
            }
        }
        return scratch;
    }

    /**
     * The view of the {@code seconds} seconds ending at {@code current} from the running sums, or
     * null when it might differ from the view of {@link #merged} (then the caller merges in full).
     * The same view, field by field, is certain when no top counter involved in either way of
     * summing has purged (each then holds the exact sum of the same frames, and a merge is
     * addition in any order: histograms add counts, visitor sketches take register maxima), and
     * no two rows of a top list tie on count and name (such ties are now broken by hash in both
     * ways, so this last condition is a caution kept from when the table's order broke them).
     * Not covered: two different keys with the same 64-bit hash keep the bytes of whichever was
     * merged first, which the order of merges decides (as it already did between shards).
     */
    WindowView fastView(final long current, final long seconds, final int top, final boolean latency,
                        final List<String> sourceNames) {
        if (sums == null || seconds <= 0 || !exactInputs(current, seconds)) {
            return null;
        }
        final Frame f = sums.sum(current, seconds, scratch);
        if (f == null || WindowSums.traced(f)) {
            return null;
        }
        // null when two of the first top + 1 rows tie on count and name (keys cut at their longest, or
        // bytes that are not UTF-8, can share a name): TopCounter.top lists them by hash, the same
        // in either way of summing, so this only leaves a rare view to the full merge as a caution
        final List<SectionCount> sections = f.sections.top(top, true, WindowViews.sectionRows(f, latency));
        final List<HostCount> hosts = sections == null ? null : f.hosts.top(top, true, WindowViews.HOST_ROWS);
        if (hosts == null) {
            return null;
        }
        fastServed++;
        return WindowViews.of(f, seconds, latency, sourceNames, sections, hosts);
    }

    /** Views {@link #fastView} has served so far. */
    long fastServed() {
        return fastServed;
    }

    /**
     * True when nothing {@link #merged} would read for this view carries the mark of a purge, nor
     * any open slot inside it (the spans are summed from those).
     */
    private boolean exactInputs(final long current, final long seconds) {
        final long lo = current - seconds + 1;
        for (long s = lo; s <= current; s++) {
            final Frame slot = ring[slotOf(s)];
            if (slot.second == s && WindowSums.traced(slot)) {
                return false;
            }
        }
        for (long b = Math.floorDiv(lo + BLOCK - 1, BLOCK); b * BLOCK + BLOCK - 1 <= current; b++) {
            final int k = blockOf(b);
            if (blockIds[k] == b && WindowSums.traced(blocks[k])) {
                return false;
            }
        }
        return true;
    }

    /** Second {@code s}'s slot if it is open for that second, else null. */
    Frame slotAt(final long s) {
        final Frame slot = ring[slotOf(s)];
        return slot.second == s ? slot : null;
    }

    /** Hits of each of the {@code seconds} seconds ending at {@code current}, oldest first (0 for an empty slot). */
    SecondSeries secondHits(final long current, final long seconds) {
        final long[] hits = new long[(int) seconds];
        for (int k = 0; k < hits.length; k++) {
            final long s = current - (hits.length - 1 - k);
            final Frame slot = ring[slotOf(s)];
            hits[k] = slot.second == s ? slot.hits : 0;
        }
        return SecondSeries.adopting(hits);
    }

    /**
     * Hits of the {@code seconds} seconds ending at {@code current}, with their hits by status
     * class added into {@code byClass} (zeroed first). Reads the slots only: no merge, no allocation.
     */
    long sumStatus(final long current, final long seconds, final long[] byClass) {
        java.util.Arrays.fill(byClass, 0);
        long hits = 0;
        for (long s = current - seconds + 1; s <= current; s++) {
            final Frame slot = ring[slotOf(s)];
            if (slot.second == s) {
                hits += slot.hits;
                for (int i = 0; i < byClass.length; i++) {
                    byClass[i] += slot.status[i];
                }
            }
        }
        return hits;
    }

    /**
     * Hits of one source's row ({@link dev.logmon.core.analyze.SourceCounters}) in the {@code
     * seconds} seconds ending at {@code current}, with its 4xx and 5xx hits put in {@code byClass}
     * (indexes 3 and 4; the other classes 0: a row keeps no others). Reads the slots only.
     */
    long sumSource(final long current, final long seconds, final int row, final long[] byClass) {
        java.util.Arrays.fill(byClass, 0);
        long hits = 0;
        for (long s = current - seconds + 1; s <= current; s++) {
            final Frame slot = ring[slotOf(s)];
            if (slot.second == s) {
                hits += slot.sources.hits(row);
                byClass[3] += slot.sources.errors4xx(row);
                byClass[4] += slot.sources.errors5xx(row);
            }
        }
        return hits;
    }

    /**
     * Visits the host entries of each second's slot in the {@code seconds} seconds ending at
     * {@code current} (a host once per second it was seen). The merged views rank hosts by bytes,
     * so a busy window can purge a host with many small responses; a caller ranking by hits sums
     * these itself.
     */
    void forEachSlotHost(final long current, final long seconds, final TopCounter.Visitor v) {
        for (long s = current - seconds + 1; s <= current; s++) {
            final Frame slot = ring[slotOf(s)];
            if (slot.second == s) {
                slot.hosts.forEach(v);
            }
        }
    }

    /** Bytes held by the running sums' top counters (0 without them). */
    long sumsRetainedBytes() {
        return sums == null ? 0 : sums.retainedBytes();
    }

    /** Bytes held by the slots' top counters (the part that grows with cardinality). */
    long retainedBytes() {
        long sum = 0;
        for (final Frame f : ring) {
            sum += f.sections.retainedBytes() + f.hosts.retainedBytes();
        }
        return sum;
    }

    private static int slotOf(final long second) {
        return (int) Math.floorMod(second, (long) WINDOW);
    }

    private static int blockOf(final long block) {
        return (int) Math.floorMod(block, (long) BLOCKS);
    }
}
