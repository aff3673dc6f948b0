package dev.logmon.core.analyze;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hands sealed frames from one shard analyzer to the combiner and recycles them back.
 *
 * <pre>
 *   ShardAnalyzer --(sealed, FIFO by tick)--> SnapshotCombiner
 *        ^                                          |
 *        +----------------(free)--------------------+
 * </pre>
 *
 * Both queues move a frame per shard per tick, never per line. The combiner only takes frames
 * sealed at or before the tick it is processing: it runs behind every shard on the ring, so
 * those frames are always there.
 */
public final class FrameExchange {
    private final Queue<Frame> sealed = new ConcurrentLinkedQueue<>();
    private final Queue<Frame> free = new ConcurrentLinkedQueue<>();
    private final int topCapacity;
    private long allocated;

    /** @param topCapacity capacity of the frames this exchange creates */
    public FrameExchange(final int topCapacity) {
        this.topCapacity = topCapacity;
    }

    /** A cleared frame for {@code second}: recycled when one is free, new otherwise (shard thread). */
    public Frame obtain(final long second) {
        Frame f = free.poll();
        if (f == null) {
            f = new Frame(topCapacity);
            allocated++;
        }
        f.clear(second);
        return f;
    }

    /** Passes a sealed frame to the combiner (shard thread). */
    public void seal(final Frame frame, final long tick) {
        frame.sealedAt = tick;
        sealed.offer(frame);
    }

    /** The next frame sealed at or before {@code tick}, or null (combiner thread). */
    public Frame takeSealed(final long tick) {
        final Frame head = sealed.peek();
        if (head == null || head.sealedAt > tick) {
            return null;
        }
        return sealed.poll();
    }

    /** Returns a merged frame for reuse (combiner thread). */
    public void recycle(final Frame frame) {
        free.offer(frame);
    }

    /** Frames created so far (shard thread's view); a steady value means frames are recycled. */
    public long allocated() {
        return allocated;
    }
}
