package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.TopCounter;
import java.util.Arrays;

/**
 * The window ring's multi-span views kept as running sums, so a snapshot's 2-minute view merges a
 * few frames instead of every block of the window (the combiner's fast path; {@link WindowRing}
 * decides when its result may be used).
 *
 * <pre>
 *   span j = seconds 10j-9 .. 10j  (ends at a multiple of 10: the seconds --every 10 snapshots at)
 *            summed from its ring slots once it is complete, kept while inside the window
 *
 *   view [lo, current] = edge slots + spans first..last (the spans wholly inside it)
 *   spans first..last, two stacks:   back  [low, mid]  each span replaced in place by the sum of
 *                                                        itself and the newer spans up to mid
 *                                    front (mid, high]  one running sum, a span added as it completes
 *                                    sum = back[first] + front     (rebuilt when first passes mid)
 * </pre>
 *
 * Each snapshot so merges two sums and the edge slots, and each span is summed once from its slots
 * and folded once into the back stack: O(1) frame merges a second, amortised. A frame that joins a
 * slot of a span already summed ({@link #onFrame}) is added to every sum that holds that span.
 *
 * <p>The sums are exact only while no top counter involved purged: a merge order different from
 * {@link WindowRing#merged}'s changes what a purge keeps. {@link WindowRing#fastView} checks that.
 *
 * <p><b>Bounded whatever {@code --top-capacity} is.</b> A sum keeps at most {@link #MAX_KEYS}
 * sections and hosts; past that it purges like any top counter, and the purge's mark turns the
 * fast path off for the views that read it (their keys would not fit anyway: the full merge
 * serves them, as before). Without the cap, a flood of distinct keys under a large
 * {@code --top-capacity} filled every back-stack sum to the capacity (measured: 285 MB of tables
 * at 200,000). With it, the sums' tables hold about {@code (SPANS + 1) x 2 x MAX_KEYS} keys at most.
 */
final class WindowSums {
    /** Seconds in one span. */
    static final int SPAN = WindowRing.BLOCK;
    /** Spans kept: the window's whole spans plus one. */
    static final int SPANS = WindowRing.WINDOW / SPAN + 1;
    /**
     * Most keys (sections, hosts) a sum holds before it purges: four seconds' worth of a window
     * slot's cap, well over a 2-minute window of a site with a few thousand clients (the 2 M-line
     * replay has about 2,000), and far under a large {@code --top-capacity}.
     */
    static final int MAX_KEYS = 4 * SnapshotCombiner.MAX_SLOT_CAPACITY;
    private static final long UNSET = Long.MIN_VALUE;

    private final WindowRing ring;
    private final int topCapacity;
    /** Made on first use: a run that never shows a multi-span view makes none. */
    private final Frame[] spans = new Frame[SPANS];
    private final long[] spanIds = new long[SPANS];
    /** True when the span's frame holds the back-stack sum of spans {@code id .. mid}, not its own seconds only. */
    private final boolean[] folded = new boolean[SPANS];
    private Frame front;
    private boolean stack;
    private long low;
    private long mid;
    private long high;

    WindowSums(final WindowRing ring, final int topCapacity) {
        this.ring = ring;
        this.topCapacity = Math.min(topCapacity, MAX_KEYS);
        Arrays.fill(spanIds, UNSET);
    }

    /** Bytes held by the sums' top counters (made so far). */
    long retainedBytes() {
        long sum = front == null ? 0 : front.sections.retainedBytes() + front.hosts.retainedBytes();
        for (final Frame f : spans) {
            if (f != null) {
                sum += f.sections.retainedBytes() + f.hosts.retainedBytes();
            }
        }
        return sum;
    }

    /** The span holding second {@code s}. */
    static long spanOf(final long s) {
        return Math.floorDiv(s + SPAN - 1, SPAN);
    }

    /** Forgets every sum (the ring's slots were opened out of order: a start moved back). */
    void invalidate() {
        stack = false;
        Arrays.fill(spanIds, UNSET);
    }

    /** A frame joined its second's slot: every sum holding that second takes it too. */
    void onFrame(final Frame f) {
        final long k = spanOf(f.second);
        if (stack && k >= low && k <= mid) {
            for (long i = low; i <= k; i++) {
                final int x = indexOf(i);
                if (spanIds[x] == i) {
                    spans[x].add(f);
                }
            }
            return;
        }
        final int x = indexOf(k);
        if (spanIds[x] == k) {
            spans[x].add(f);
        }
        if (stack && k > mid && k <= high) {
            front.add(f);
        }
    }

    /**
     * The sum of the seconds {@code [current - seconds + 1, current]}: a span's or back-stack
     * frame itself, or {@code scratch} filled. Null when no span lies wholly inside (the full
     * merge reads slots only then). Frames returned are read before the next call.
     */
    Frame sum(final long current, final long seconds, final Frame scratch) {
        final long lo = current - seconds + 1;
        final long first = spanOf(lo + SPAN - 1);
        final long last = Math.floorDiv(current, SPAN);
        if (last < first) {
            return null;
        }
        final long bottomEnd = first * SPAN - SPAN;
        final long topStart = last * SPAN + 1;
        final boolean edges = lo <= bottomEnd || topStart <= current;
        final Frame whole;
        final Frame more;
        if (last - first < 2) {
            whole = raw(first);
            more = last > first ? raw(last) : null;
        } else {
            if (!stack || first < low || first > mid || high > last || spanIds[indexOf(first)] != first) {
                rebuild(first, last);
            } else {
                for (long j = high + 1; j <= last; j++) {
                    front.add(raw(j));
                }
                high = last;
            }
            whole = spans[indexOf(first)];
            more = high > mid ? front : null;
        }
        if (more == null && !edges) {
            return whole;
        }
        scratch.clear(current);
        scratch.add(whole);
        if (more != null) {
            scratch.add(more);
        }
        for (long s = lo; s <= bottomEnd; s++) {
            addSlot(scratch, s);
        }
        for (long s = topStart; s <= current; s++) {
            addSlot(scratch, s);
        }
        return scratch;
    }

    private void addSlot(final Frame into, final long s) {
        final Frame slot = ring.slotAt(s);
        if (slot != null) {
            into.add(slot);
        }
    }

    /** Span {@code j} (complete, inside the ring) as the sum of its own slots. */
    private Frame raw(final long j) {
        final int x = indexOf(j);
        Frame f = spans[x];
        if (spanIds[x] == j && !folded[x]) {
            return f;
        }
        if (spanIds[x] == j && stack) {
            stack = false; // a back-stack sum summed again as its own span: the stack is gone
        }
        if (f == null) {
            f = new Frame(topCapacity);
            spans[x] = f;
        }
        f.clear(j * SPAN);
        for (long s = j * SPAN - SPAN + 1; s <= j * SPAN; s++) {
            addSlot(f, s);
        }
        spanIds[x] = j;
        folded[x] = false;
        return f;
    }

    /** A back stack over spans {@code first .. last} and an empty front. */
    private void rebuild(final long first, final long last) {
        stack = false;
        for (long j = first; j <= last; j++) {
            raw(j);
        }
        for (long j = last - 1; j >= first; j--) {
            final int x = indexOf(j);
            spans[x].add(spans[indexOf(j + 1)]);
            folded[x] = true;
        }
        if (front == null) {
            front = new Frame(topCapacity);
        }
        front.clear(last * SPAN);
        low = first;
        mid = last;
        high = last;
        stack = true;
    }

    /**
     * True when a frame carries the mark of a purge: a top counter's purged totals or error bound,
     * or request times of sections past {@link dev.logmon.core.analyze.SectionLatencies#CAPACITY}.
     * Every key a frame counts has a non-zero counter (a section's hits, a host's hits), so a purge
     * always leaves one, and merging carries it into every sum.
     */
    static boolean traced(final Frame f) {
        return traced(f.sections) || traced(f.hosts) || f.sectionLatencies.otherCount() != 0;
    }

    private static boolean traced(final TopCounter c) {
        return c.errorBound() != 0 || c.other0() != 0 || c.other1() != 0 || c.other2() != 0;
    }

    private static int indexOf(final long span) {
        return (int) Math.floorMod(span, (long) SPANS);
    }
}
