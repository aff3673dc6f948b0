package dev.logmon.core.analyze;

import com.lmax.disruptor.EventHandler;

import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the lines of one shard into per-second frames, and on each TICK seals the frames that
 * are complete and hands them to the combiner. A line belongs to the shard {@link LogEvent#shardOf}
 * gives for its ring sequence (blocks of up to 4,096 slots in turn; with one shard, every line); a line its
 * source handed over unparsed ({@link LogEvent#RAW}, with two or more shards) is parsed here, by
 * that shard only, so parsing is spread over the shards. Each shard counts its own malformed
 * lines by reason and hands them over with its frames.
 *
 * <p>Runs on its own Disruptor thread; every field is confined to it. Usually one frame is open
 * (the current second); in log time out-of-order lines may open a few more, and a source that has
 * run ahead of the others keeps one open until log time reaches it. A line its source marked as
 * {@link LogEvent#future} (stamped too far past the wall clock to ever move log time) goes to the
 * future spill frame.
 *
 * <p><b>Bounded whatever the timestamps do.</b> A line stamped at or before {@code T - 120 s},
 * where {@code T} is the last tick this shard saw, is late whatever comes next (the combiner
 * judges frames of closed seconds against that same window): it goes to a late spill frame, one
 * per minute of its stamp, at most {@link #MAX_LATE_FRAMES} of them between two ticks, then into
 * the last one. At most {@link #MAX_OPEN_FRAMES} frames of single seconds are open; a line that
 * would open one more moves the frame furthest ahead (or itself, when it is the furthest) into a
 * future spill frame. So a time wrap or a flood of distinct timestamps costs a few frames, not a
 * frame per second, even when no tick comes for a long time.
 */
public final class ShardAnalyzer implements EventHandler<LogEvent> {
    /**
     * Most frames of single seconds open at once. In log time, the window's seconds (out-of-order
     * lines), plus one second ahead per source (a source waits after the line that moves it ahead,
     * {@link dev.logmon.core.time.LogWatermark}); the rest is room.
     */
    public static final int MAX_OPEN_FRAMES = 512;
    /** Most late spill frames (one per minute of the late lines' stamps) sealed between two ticks. */
    public static final int MAX_LATE_FRAMES = 4;

    private static final long NONE = Long.MIN_VALUE;

    private final int shard;
    private final int shards;
    private final int blockShift;
    private final FrameExchange exchange;
    private final List<Frame> open = new ArrayList<>();
    private final long[] malformed = new long[MalformedReason.count()];
    private boolean malformedPending;
    private Frame current;
    private long lastTick = NONE;
    private Frame late;
    private int lateFrames;
    private Frame future;

    /**
     * @param shard    this analyzer's index, 0-based
     * @param shards   how many analyzers share the ring
     * @param exchange where sealed frames go
     */
    public ShardAnalyzer(final int shard, final int shards, final FrameExchange exchange) {
        this(shard, shards, exchange, 1 << 14);
    }

    /**
     * @param shard    this analyzer's index, 0-based
     * @param shards   how many analyzers share the ring
     * @param exchange where sealed frames go
     * @param ringSize the ring's size, which sets how many consecutive slots a shard owns ({@link LogEvent#shardBlockShift})
     */
    public ShardAnalyzer(final int shard, final int shards, final FrameExchange exchange, final int ringSize) {
        this.shard = shard;
        this.shards = shards;
        this.exchange = exchange;
        this.blockShift = LogEvent.shardBlockShift(ringSize);
    }

    @Override
    public void onEvent(final LogEvent event, final long sequence, final boolean endOfBatch) {
        // Only the owner writes a line's slot (RAW to DATA or MALFORMED); the others read its kind
        // at most, which is never TICK for a line, whichever value they see.
        int kind = event.kind;
        if (kind == LogEvent.TICK) {
            onTick(event.second, event.finalTick);
            return;
        }
        if (shards != 1 && LogEvent.shardOf(sequence, shards, blockShift) != shard) {
            return;
        }
        if (kind == LogEvent.RAW) {
            kind = parse(event);
        }
        switch (kind) {
            case LogEvent.DATA -> {
                Frame f = current;
                if (event.future) {
                    f = futureFrame(event.second);
                } else if (f == null || f.second != event.second) {
                    f = frameFor(event.second);
                }
                f.record(event);
            }
            case LogEvent.MALFORMED -> countMalformed(event.malformedReason);
            case LogEvent.FILTERED -> {
                // left out by --where: its source counted it
            }
            default -> throw new IllegalStateException("unknown event kind " + kind);
        }
    }

    /**
     * Parses a line its source handed over; a parser that throws (a bug) leaves the line counted
     * as malformed ({@code bad_format}), as on the source thread, then the exception goes on to
     * the ring's handler.
     */
    private int parse(final LogEvent event) {
        try {
            event.parseRaw();
        } catch (RuntimeException parserBug) {
            event.setMalformed(MalformedReason.BAD_FORMAT);
            countMalformed(event.malformedReason);
            throw parserBug;
        }
        return event.kind;
    }

    private void countMalformed(final int reason) {
        malformed[reason]++;
        malformedPending = true;
    }

    private Frame frameFor(final long second) {
        if (lastTick != NONE && second <= lastTick - Frame.WINDOW_SECONDS) {
            return lateFrame(second);
        }
        long furthest = NONE;
        int furthestAt = -1;
        for (int i = 0, n = open.size(); i < n; i++) {
            final Frame f = open.get(i);
            if (f.second == second) {
                current = f;
                return f;
            }
            if (f.second > furthest) {
                furthest = f.second;
                furthestAt = i;
            }
        }
        if (open.size() >= MAX_OPEN_FRAMES) {
            if (second > furthest) {
                return futureFrame(second);
            }
            final Frame pushed = open.remove(furthestAt);
            if (pushed == current) {
                current = null;
            }
            futureFrame(pushed.second).add(pushed);
            exchange.recycle(pushed);
        }
        final Frame f = exchange.obtain(second);
        open.add(f);
        current = f;
        return f;
    }

    /** The late spill frame for a line of {@code second}; not cached as {@link #current}. */
    private Frame lateFrame(final long second) {
        final Frame f = late;
        if (f != null && (sameMinute(f.second, second) || lateFrames >= MAX_LATE_FRAMES)) {
            return f;
        }
        if (f != null) {
            exchange.seal(f, lastTick + 1); // the combiner may be merging lastTick now: not that one
        }
        lateFrames++;
        late = exchange.obtain(second);
        late.spill = Frame.LATE;
        return late;
    }

    private Frame futureFrame(final long second) {
        if (future == null) {
            future = exchange.obtain(second);
            future.spill = Frame.FUTURE;
        }
        return future;
    }

    private static boolean sameMinute(final long a, final long b) {
        return Math.floorDiv(a, 60L) == Math.floorDiv(b, 60L);
    }

    private void onTick(final long tick, final boolean last) {
        for (int i = open.size() - 1; i >= 0; i--) {
            final Frame f = open.get(i);
            if (last || f.second <= tick) {
                open.remove(i);
                if (f == current) {
                    current = null;
                }
                exchange.seal(f, tick);
            }
        }
        if (late != null) {
            exchange.seal(late, tick);
            late = null;
        }
        lateFrames = 0;
        if (future != null) {
            exchange.seal(future, tick);
            future = null;
        }
        if (malformedPending) {
            final Frame carrier = exchange.obtain(tick);
            System.arraycopy(malformed, 0, carrier.malformed, 0, malformed.length);
            java.util.Arrays.fill(malformed, 0L);
            malformedPending = false;
            exchange.seal(carrier, tick);
        }
        lastTick = Math.max(lastTick, tick);
    }
}
