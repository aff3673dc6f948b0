package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.format.LogEvent;

/**
 * What the engine hangs on the combiner's thread: state checkpoints ({@link dev.logmon.core.state.CheckpointHook}) and
 * history minutes ({@link dev.logmon.core.history.MinuteAccumulator}). The combiner merges, windows, alerts and snapshots;
 * whatever else must see every line, every frame or every tick is a hook, registered once in the
 * {@link CombinerSetup} and called in registration order.
 *
 * <pre>
 *   data event        onLine(event)               every line, in ring order, after every shard
 *   frame merged      onLifetimeFrame(frame)      every frame once, as it joins the lifetime
 *   second s closed   onSecondClosed(s)           before the alert of s and its snapshot
 *   gap skipped /     onFlush()                   hand over what is held for open seconds
 *     final tick                                  (the final one before the final snapshot)
 *   tick merged       onTickMerged(tick, last, totals)   after the tick's snapshots
 * </pre>
 *
 * Hooks run on the combiner's thread: they must not block for long nor touch the disk there (hand
 * the work to a thread of their own), and must not keep the frames they are shown (they are pooled).
 */
public interface CombinerHook {

    /** A data event (parsed or malformed line) the combiner saw. */
    default void onLine(LogEvent event) {
    }

    /** A frame joined the lifetime (every frame exactly once; late and future frames too). */
    default void onLifetimeFrame(Frame frame) {
    }

    /** The active time closed {@code second}. */
    default void onSecondClosed(long second) {
    }

    /** A quiet gap of log time is skipped, or the final tick is merged: nothing more comes for the seconds held. */
    default void onFlush() {
    }

    /**
     * A tick has been merged (and its snapshots published); also a tick before the active time
     * started. {@code totals} is read-only and valid only during the call.
     */
    default void onTickMerged(long tick, boolean last, LifetimeTotals totals) {
    }
}
