package dev.logmon.core.state;

import dev.logmon.core.combine.CombinerHook;
import dev.logmon.core.combine.LifetimeTotals;
import dev.logmon.core.format.LogEvent;

/**
 * Restart without loss ({@code --state-dir}) as a {@link CombinerHook}: tracks each source's
 * counted position from the lines the combiner sees, and after a merged tick (every
 * {@code --state-every}, timed with the injectable clock, and at the final tick) prepares a save
 * of the positions with the lifetime totals ({@link StateStore#prepare}: no I/O) and hands it to
 * the {@link CheckpointWriter}'s thread, which reads the fingerprints and writes the file.
 *
 * <pre>
 *   onLine(event)                    PositionTracker: (second, generation, offset) of each line
 *   onTickMerged(tick, last, totals) tracker: lines of seconds &lt;= tick are in the lifetime
 *                                    last, or a save due:  writer.offer(store.prepare(tracker, copy of totals))
 * </pre>
 */
public final class CheckpointHook implements CombinerHook {
    private final PositionTracker tracker;
    private final StateStore store;
    private final CheckpointWriter writer;

    /**
     * @param tracker where each source's counted position is kept
     * @param store   where the state is saved
     * @param writer  the thread that writes the saves
     */
    public CheckpointHook(final PositionTracker tracker, final StateStore store, final CheckpointWriter writer) {
        this.tracker = tracker;
        this.store = store;
        this.writer = writer;
    }

    @Override
    public void onLine(final LogEvent event) {
        tracker.onLine(event);
    }

    @Override
    public void onTickMerged(final long tick, final boolean last, final LifetimeTotals totals) {
        tracker.onTick(tick, last);
        if (last || store.due()) {
            writer.offer(store.prepare(tracker, totals, true));
        }
    }
}
