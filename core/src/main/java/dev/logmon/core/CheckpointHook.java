package dev.logmon.core;

/**
 * Restart without loss ({@code --state-dir}) as a {@link CombinerHook}: tracks each source's
 * counted position from the lines the combiner sees, and after a merged tick (every
 * {@code --state-every}, timed with the injectable clock, and at the final tick) saves the
 * positions with the lifetime totals through the {@link StateStore}.
 *
 * <pre>
 *   onLine(event)                    PositionTracker: (second, generation, offset) of each line
 *   onTickMerged(tick, last, totals) tracker: lines of seconds &lt;= tick are in the lifetime
 *                                    last, or a save due:  StateStore.save(positions, totals)
 * </pre>
 */
final class CheckpointHook implements CombinerHook {
    private final PositionTracker tracker;
    private final StateStore store;

    /**
     * @param tracker where each source's counted position is kept
     * @param store   where the state is saved
     */
    CheckpointHook(final PositionTracker tracker, final StateStore store) {
        this.tracker = tracker;
        this.store = store;
    }

    @Override
    public void onLine(final LogEvent event) {
        tracker.onLine(event);
    }

    @Override
    public void onTickMerged(final long tick, final boolean last, final LifetimeTotals totals) {
        tracker.onTick(tick, last);
        if (last || store.due()) {
            store.save(tracker, totals.lifetime(), totals.late(), totals.future(), totals.seconds());
        }
    }
}
