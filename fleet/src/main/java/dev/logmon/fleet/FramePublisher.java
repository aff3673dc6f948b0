package dev.logmon.fleet;

import java.util.function.LongSupplier;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.combine.CombinerHook;
import dev.logmon.core.combine.LifetimeTotals;

/**
 * The kafka sink's hook on the combiner's thread: sums the frames of each second this instance
 * closes into one frame and hands its encoded form ({@link FrameCodec}) to the {@link FrameSender}.
 * So the aggregator receives what the combiner counted, once: every frame that joins this
 * instance's lifetime is in exactly one envelope.
 *
 * <pre>
 *   frame of an open second s          summed into the frame of s
 *   second s closed                    the frame of s sent (if it counted anything)
 *   frame of a second already closed   sent at once, alone, as a frame of its second (late lines:
 *                                      the aggregator merges it into s if s is still open there)
 *   spill frame (late / future)        sent at once, alone, with its spill
 *   tick merged                        what is still summed lies ahead of every closed second:
 *                                      sent as a future spill; a heartbeat if nothing went out
 * </pre>
 *
 * Seconds are sent labelled with the wall clock in arrival time (ring second + label offset), so
 * instances' seconds line up. One allocation per envelope (its bytes), never per line.
 */
public final class FramePublisher implements CombinerHook {
    private static final long UNSET = Long.MIN_VALUE;

    private final String instance;
    private final String run;
    private final FrameSender sender;
    private final LongSupplier labelOffset;
    private final FrameCodec codec = new FrameCodec();
    private final Frame open;
    private final Frame scratch;
    private boolean openHolds;
    private long closed = UNSET;
    private long seq;
    private boolean sentThisTick;

    /**
     * @param instance    the instance id
     * @param run         this process's run id
     * @param sender      where envelopes go
     * @param topCapacity capacity of the summed frames (the merged capacity keeps them exact)
     * @param labelOffset seconds to add to a ring second to label it with the wall clock
     */
    public FramePublisher(final String instance, final String run, final FrameSender sender, final int topCapacity,
                          final LongSupplier labelOffset) {
        this.instance = instance;
        this.run = run;
        this.sender = sender;
        this.labelOffset = labelOffset;
        this.open = new Frame(topCapacity);
        this.scratch = new Frame(topCapacity);
        open.clear(UNSET);
    }

    @Override
    public void onLifetimeFrame(final Frame f) {
        if (f.hits == 0 && f.malformedTotal() == 0) {
            return;
        }
        if (f.spill != Frame.IN_TIME || (closed != UNSET && f.second <= closed)) {
            scratch.clear(f.second);
            scratch.add(f);
            scratch.second = f.second;
            scratch.spill = f.spill;
            send(scratch);
            return;
        }
        if (openHolds && open.second != f.second) {
            sendOpenAsFuture(); // the combiner adds a second's frames just before closing it
        }
        if (!openHolds) {
            open.clear(f.second);
            openHolds = true;
        }
        open.add(f);
    }

    @Override
    public void onSecondClosed(final long second) {
        closed = second;
        if (openHolds && open.second == second) {
            openHolds = false;
            send(open);
        }
    }

    @Override
    public void onTickMerged(final long tick, final boolean last, final LifetimeTotals totals) {
        if (openHolds) {
            sendOpenAsFuture();
        }
        if (!sentThisTick && closed != UNSET) {
            sender.offer(new FrameEnvelope(instance, run, ++seq, closed + labelOffset.getAsLong(), null));
        }
        sentThisTick = false;
    }

    private void sendOpenAsFuture() {
        openHolds = false;
        open.spill = Frame.FUTURE;
        send(open);
    }

    /** Encodes {@code f} with its second labelled, then offers it (a full buffer counts the drop). */
    private void send(final Frame f) {
        final long offset = labelOffset.getAsLong();
        final long ringSecond = f.second;
        f.second = ringSecond + offset;
        final int length = codec.encode(f);
        f.second = ringSecond;
        final byte[] bytes = java.util.Arrays.copyOf(codec.buffer(), length);
        sender.offer(new FrameEnvelope(instance, run, ++seq, closed == UNSET ? UNSET : closed + offset, bytes));
        sentThisTick = true;
    }

    /** Records numbered so far (frames and heartbeats). */
    public long sequence() {
        return seq;
    }
}
