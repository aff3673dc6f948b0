package dev.logmon.core.time;

import java.util.Arrays;

/**
 * Log-time progress across sources: decides when a second of log time is complete and publishes
 * its TICK.
 *
 * <pre>
 *   source 0   ....... max 10:00:41 (reading)
 *   source 1   ....... max 10:00:37 (reading)      watermark = min over reading sources = 10:00:37
 *   source 2   finished                            complete  = 10:00:36  -> TICK(10:00:36)
 * </pre>
 *
 * A source that has not read a line yet holds the watermark back; a finished source, or one idle
 * at the end of its file, does not. When every source has finished, everything up to the largest
 * second seen is complete. Calls happen only when a source's newest second advances, never per
 * line.
 *
 * <p><b>Files replayed together advance in step, so a replay is reproducible.</b> A source whose
 * newest second {@code M} has just advanced (its line is published) waits until the complete
 * second is {@code M - 1}, that is until every other reading source has read a line stamped
 * {@code M} or later (or finished). The lines it reads next, up to its next advance, are then
 * published after TICK({@code M - 1}) and before TICK({@code M}) on the ring, whatever the
 * threads' speeds: each source's lines fall between the same ticks on every run, and the ticks
 * themselves are the same sequence (each is the smallest next advance of any source, minus one).
 * Before the first tick (some source has not read a line yet) a source that advanced waits too.
 * The cost is a wait per second of log time in which the sources take turns, none per line.
 */
public final class LogWatermark {
    private static final long NONE = Long.MIN_VALUE;

    private final long[] maxima;
    private final boolean[] finished;
    private final boolean[] idle;
    private final TickPublisher ticks;
    private long lastTick = NONE;
    /** Read by the combiner without the lock (a tick can block on a full ring while holding it). */
    private final java.util.concurrent.atomic.AtomicLongArray finishedAt;

    /**
     * @param sources how many sources report
     * @param ticks   where TICK events go
     */
    public LogWatermark(final int sources, final TickPublisher ticks) {
        this.maxima = new long[sources];
        this.finished = new boolean[sources];
        this.idle = new boolean[sources];
        this.ticks = ticks;
        this.finishedAt = new java.util.concurrent.atomic.AtomicLongArray(sources);
        for (int i = 0; i < sources; i++) {
            finishedAt.set(i, Long.MAX_VALUE);
        }
        Arrays.fill(maxima, NONE);
    }

    /**
     * A source's newest second advanced (the line that advanced it is published); may publish a
     * tick, then waits until log time has caught up with this source (see above). A source that
     * advances is reading, whatever it said last: a follower tells {@link #idle} it is busy again
     * only after the read that published these lines, and taken as idle here it would have this
     * second ticked at its first line, and the rest of the second's lines, coming after that tick,
     * never counted until a later second is ticked (in a quiet log, never).
     */
    public synchronized void advance(final int source, final long maxSecond) throws InterruptedException {
        idle[source] = false;
        maxima[source] = Math.max(maxima[source], maxSecond);
        maybeTick();
        while (!finished[source] && (lastTick == NONE || lastTick < maxima[source] - 1) && othersReading(source)) {
            wait(50);
        }
    }

    /**
     * A following source reached the end of its file ({@code true}) or has new lines again
     * ({@code false}). An idle source does not hold log time back.
     */
    public synchronized void idle(final int source, final boolean nowIdle) {
        idle[source] = nowIdle;
        maybeTick();
        notifyAll();
    }

    /** A source has published its last line. */
    public synchronized void finish(final int source) {
        finished[source] = true;
        finishedAt.set(source, lastTick);
        maybeTick();
        notifyAll();
    }

    /**
     * The last tick published before the source finished ({@link Long#MIN_VALUE} if none), or
     * {@link Long#MAX_VALUE} while it has not. Every tick after that value came after its end.
     * Files in step make it the same on every run: a source that finishes has waited for
     * log time to reach the second before its newest, and no later tick can come before its end.
     */
    public long finishedAtTick(final int source) {
        return finishedAt.get(source);
    }

    /** The largest second any source has seen, or {@link Long#MIN_VALUE}. */
    public synchronized long maxSeen() {
        long max = NONE;
        for (final long m : maxima) {
            max = Math.max(max, m);
        }
        return max;
    }

    private boolean othersReading(final int source) {
        for (int i = 0; i < finished.length; i++) {
            if (i != source && !finished[i] && !idle[i]) {
                return true;
            }
        }
        return false;
    }

    private void maybeTick() {
        long min = Long.MAX_VALUE;
        boolean anyReading = false;
        for (int i = 0; i < maxima.length; i++) {
            if (!finished[i] && !idle[i]) {
                if (maxima[i] == NONE) {
                    return;
                }
                anyReading = true;
                min = Math.min(min, maxima[i]);
            }
        }
        final long complete = anyReading ? min - 1 : maxSeen();
        if (complete != NONE && complete > lastTick && complete != Long.MAX_VALUE) {
            lastTick = complete;
            ticks.publishTick(complete, false);
            notifyAll();
        }
    }
}
