package dev.logmon.core;

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
 * at the end of its file, does not.
 * When every source has finished, everything up to the largest second seen is complete. A source
 * more than {@link #MAX_LEAD_SECONDS} ahead of the watermark waits, so files replayed in parallel
 * stay within the 2-minute window of each other and no line is pushed out of it by a faster file.
 * Calls happen only when a source's newest second advances, never per line.
 */
public final class LogWatermark {
    /** How far a source may run ahead of the slowest reading source. */
    public static final long MAX_LEAD_SECONDS = 60;

    private static final long NONE = Long.MIN_VALUE;

    private final long[] maxima;
    private final boolean[] finished;
    private final boolean[] idle;
    private final TickPublisher ticks;
    private long lastTick = NONE;
    private long earliest = Long.MAX_VALUE;

    /**
     * @param sources how many sources report
     * @param ticks   where TICK events go
     */
    public LogWatermark(final int sources, final TickPublisher ticks) {
        this.maxima = new long[sources];
        this.finished = new boolean[sources];
        this.idle = new boolean[sources];
        this.ticks = ticks;
        Arrays.fill(maxima, NONE);
    }

    /** A source's newest second advanced; may publish a tick, and may wait while the source leads. */
    public synchronized void advance(final int source, final long maxSecond) throws InterruptedException {
        if (maxima[source] == NONE) {
            earliest = Math.min(earliest, maxSecond);
        }
        maxima[source] = Math.max(maxima[source], maxSecond);
        maybeTick();
        while (!finished[source] && maxima[source] > leadReference() + MAX_LEAD_SECONDS && othersReading(source)) {
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

    /**
     * What a source's lead is measured from: the last tick, or before the first tick (some source
     * has not read a line yet) the earliest first second any source reported. Without the latter a
     * source could run arbitrarily far ahead while another is still opening its file, and its
     * frames would then be sealed as future frames.
     */
    private long leadReference() {
        return lastTick != NONE ? lastTick : earliest;
    }

    /** A source has published its last line. */
    public synchronized void finish(final int source) {
        finished[source] = true;
        maybeTick();
        notifyAll();
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
