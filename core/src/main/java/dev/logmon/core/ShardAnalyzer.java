package dev.logmon.core;

import com.lmax.disruptor.EventHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the data events of one shard (chosen by host hash) into per-second frames, and on each
 * TICK seals the frames that are complete and hands them to the combiner. Shard 0 also counts
 * malformed lines and hands them over with its frames.
 *
 * <p>Runs on its own Disruptor thread; every field is confined to it. Usually one frame is open
 * (the current second); in log time out-of-order lines may open a few more, and frames stamped
 * far in the future are sealed at the next tick so they cannot pile up.
 */
public final class ShardAnalyzer implements EventHandler<LogEvent> {
    /** Frames more than this many seconds ahead of a tick are sealed as future frames. */
    public static final long FUTURE_HORIZON_SECONDS = 300;

    private final int shard;
    private final int shards;
    private final FrameExchange exchange;
    private final List<Frame> open = new ArrayList<>();
    private final long[] malformed = new long[MalformedReason.count()];
    private boolean malformedPending;
    private Frame current;

    /**
     * @param shard    this analyzer's index, 0-based
     * @param shards   how many analyzers share the ring
     * @param exchange where sealed frames go
     */
    public ShardAnalyzer(final int shard, final int shards, final FrameExchange exchange) {
        this.shard = shard;
        this.shards = shards;
        this.exchange = exchange;
    }

    /** The shard a host hash belongs to. */
    public static int shardOf(final long hostHash, final int shards) {
        return (int) ((hostHash >>> 1) % shards);
    }

    @Override
    public void onEvent(final LogEvent event, final long sequence, final boolean endOfBatch) {
        switch (event.kind) {
            case LogEvent.DATA -> {
                if (shards == 1 || shardOf(event.hostHash, shards) == shard) {
                    Frame f = current;
                    if (f == null || f.second != event.second) {
                        f = frameFor(event.second);
                    }
                    f.record(event);
                }
            }
            case LogEvent.MALFORMED -> {
                if (shard == 0) {
                    malformed[event.malformedReason]++;
                    malformedPending = true;
                }
            }
            case LogEvent.TICK -> onTick(event.second, event.finalTick);
            default -> throw new IllegalStateException("unknown event kind " + event.kind);
        }
    }

    private Frame frameFor(final long second) {
        for (int i = 0, n = open.size(); i < n; i++) {
            final Frame f = open.get(i);
            if (f.second == second) {
                current = f;
                return f;
            }
        }
        final Frame f = exchange.obtain(second);
        open.add(f);
        current = f;
        return f;
    }

    private void onTick(final long tick, final boolean last) {
        for (int i = open.size() - 1; i >= 0; i--) {
            final Frame f = open.get(i);
            if (last || f.second <= tick || f.second > tick + FUTURE_HORIZON_SECONDS) {
                open.remove(i);
                if (f == current) {
                    current = null;
                }
                exchange.seal(f, tick);
            }
        }
        if (malformedPending) {
            final Frame carrier = exchange.obtain(tick);
            System.arraycopy(malformed, 0, carrier.malformed, 0, malformed.length);
            java.util.Arrays.fill(malformed, 0L);
            malformedPending = false;
            exchange.seal(carrier, tick);
        }
    }
}
