package dev.logmon.core.time;

import java.util.concurrent.TimeUnit;

/**
 * In arrival time, publishes TICK(s) just after the {@link ArrivalClock} leaves second {@code s}.
 * Sleeps between ticks; if it oversleeps it catches up, one tick per missed second. The arrival
 * clock is monotonic, so a wall-clock step neither stops the ticks nor sends a burst of them; the
 * ticker checks the wall clock once a second so the labels follow it.
 */
public final class ArrivalTicker implements Runnable {
    private final ArrivalClock clock;
    private final TickPublisher ticks;
    private volatile boolean stopping;
    private long lastTick;

    /**
     * @param clock      arrival clock
     * @param ticks      where TICKs go
     * @param lastTicked the second before the first one to tick
     */
    public ArrivalTicker(final ArrivalClock clock, final TickPublisher ticks, final long lastTicked) {
        this.clock = clock;
        this.ticks = ticks;
        this.lastTick = lastTicked;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                clock.check();
                final long nowMs = clock.millis();
                final long completed = Math.floorDiv(nowMs, 1000L) - 1;
                while (lastTick < completed && !stopping) {
                    lastTick++;
                    ticks.publishTick(lastTick, false);
                }
                final long untilNext = 1000 - Math.floorMod(nowMs, 1000L) + 5;
                TimeUnit.MILLISECONDS.sleep(untilNext);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops ticking; returns the last second ticked. */
    public long stop() {
        stopping = true;
        return lastTick;
    }
}
