package dev.logmon.core.history;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.combine.CombinerHook;

/**
 * Sums, on the combiner's thread, every frame that joins the lifetime into the minute of its own
 * second, and hands each minute to a {@link MinuteSink} as an immutable {@link MinuteRecord} when
 * the active time closes the minute's last second. So the records of a run add up exactly to its
 * lifetime: late frames and far-future frames are not lost, they are summed into their own
 * minute and handed over as an extra record of that minute (records of one minute add).
 *
 * <pre>
 *   add(frame)        minute m = floor(frame.second / 60) * 60
 *                     slot holding m:  add to it
 *                     else a free slot: take it for m
 *                     else: hand over the older slot's minute, take it for m
 *   secondClosed(s)   s is the last second of a minute: hand over every slot
 *   finish()          hand over every slot
 * </pre>
 *
 * Two slots: the minute being filled, and one more for a frame of another minute (a late frame
 * of the minute before, or a future one). Frames are added, never kept: they are pooled.
 *
 * <p>A {@link CombinerHook}: the engine registers it when a minute sink is given (the history).
 */
public final class MinuteAccumulator implements CombinerHook {
    private static final int SLOTS = 2;
    private static final long UNSET = Long.MIN_VALUE;

    private final MinuteSink sink;
    private final Frame[] frames = new Frame[SLOTS];
    private final long[] minutes = new long[SLOTS];
    private final long[] opened = new long[SLOTS];
    private long openings;

    /** @param topCapacity capacity of the accumulating frames (the merged capacity keeps them exact) */
    public MinuteAccumulator(final MinuteSink sink, final int topCapacity) {
        this.sink = sink;
        for (int i = 0; i < SLOTS; i++) {
            frames[i] = new Frame(topCapacity);
            minutes[i] = UNSET;
        }
    }

    /** Adds a frame that joined the lifetime. Frames with nothing counted are skipped. */
    void add(final Frame f) {
        if (f.hits == 0 && f.malformedTotal() == 0) {
            return;
        }
        final long m = MinuteRecord.minuteOf(f.second);
        int free = -1;
        for (int i = 0; i < SLOTS; i++) {
            if (minutes[i] == m) {
                frames[i].add(f);
                return;
            }
            if (minutes[i] == UNSET && free < 0) {
                free = i;
            }
        }
        if (free < 0) {
            free = opened[0] <= opened[1] ? 0 : 1;
            handOver(free);
        }
        minutes[free] = m;
        opened[free] = ++openings;
        frames[free].clear(m);
        frames[free].add(f);
    }

    /** The active time closed second {@code s}: at a minute's end every summed minute is handed over. */
    void secondClosed(final long s) {
        if (Math.floorMod(s, 60L) == 59) {
            finish();
        }
    }

    /** Hands over every minute being summed (the final tick). */
    void finish() {
        for (int i = 0; i < SLOTS; i++) {
            if (minutes[i] != UNSET) {
                handOver(i);
            }
        }
    }

    private void handOver(final int i) {
        final MinuteRecord record = MinuteRecord.of(minutes[i], frames[i]);
        minutes[i] = UNSET;
        sink.offerMinute(record);
    }

    @Override
    public void onLifetimeFrame(final Frame frame) {
        add(frame);
    }

    @Override
    public void onSecondClosed(final long second) {
        secondClosed(second);
    }

    @Override
    public void onFlush() {
        finish();
    }
}
