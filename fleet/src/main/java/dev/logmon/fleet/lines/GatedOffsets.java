package dev.logmon.fleet.lines;

import dev.logmon.core.state.CheckpointGate;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * With {@code --sink kafka}: the counted offsets of a {@code -s kafka:} source become committable
 * only once the frames that counted their lines are acknowledged by the broker, so a crash (or a
 * frame lost) never leaves a commit saying lines are done whose frames the aggregate will not get.
 *
 * <pre>
 *   combiner thread, after the frame publisher's hook of tick t:  offer(counted offsets after t, gate.mark())
 *   consumer thread, before a commit:                              committable() = the newest offered
 *                                                                  offsets whose mark has passed
 * </pre>
 *
 * The gate's marks only grow and pass in order, so the entries are popped from the front while
 * their mark has passed. At most {@link #MAX_WAITING} entries wait (while the broker is away, one a
 * tick); beyond that a tick's offsets are not kept, which only makes the next commit come later
 * (a later tick offers its own, newer offsets). Nothing is allocated per line.
 */
final class GatedOffsets {
    /** Entries kept waiting at most (one a tick: about 17 minutes at one tick a second). */
    static final int MAX_WAITING = 1_024;

    private record Entry(CountedOffsets counted, long mark) {
    }

    private final CheckpointGate gate;
    private final ConcurrentLinkedDeque<Entry> waiting = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    /** The last offsets offered (combiner's thread). */
    private CountedOffsets lastOffered = CountedOffsets.NONE;
    private volatile CountedOffsets committable = CountedOffsets.NONE;

    /** @param gate the kafka sink's delivery gate */
    GatedOffsets(final CheckpointGate gate) {
        this.gate = gate;
    }

    /**
     * The counted offsets after a merged tick, with what must be acknowledged before they may be
     * committed (combiner's thread, after the frames of the tick were offered).
     */
    void offer(final CountedOffsets counted, final long mark) {
        if (counted == lastOffered) {
            return; // nothing moved: the entry offered before covers it, with an earlier mark
        }
        if (size.get() >= MAX_WAITING) {
            return; // a later tick offers again (lastOffered unchanged)
        }
        lastOffered = counted;
        size.incrementAndGet();
        waiting.addLast(new Entry(counted, mark));
    }

    /** True once every offsets offered so far may be committed. */
    boolean allPassed() {
        committable();
        return waiting.isEmpty();
    }

    /** The newest offered offsets whose frames are acknowledged ({@link CountedOffsets#NONE} before any). */
    CountedOffsets committable() {
        CountedOffsets best = committable;
        Entry e;
        while ((e = waiting.peekFirst()) != null && gate.passed(e.mark())) {
            if (waiting.pollFirst() != null) {
                size.decrementAndGet();
                best = e.counted();
            }
        }
        committable = best;
        return best;
    }

    /** Offsets waiting for their frames. */
    int waiting() {
        return size.get();
    }
}
