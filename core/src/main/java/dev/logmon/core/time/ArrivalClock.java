package dev.logmon.core.time;

import java.io.PrintStream;

/**
 * Arrival time: seconds that advance with the monotonic clock, labelled by the wall clock.
 *
 * <pre>
 *   start:     base = wall ms, origin = monotonic ns
 *   millis()   = base + (monotonic ns - origin) / 1e6     what ticks, windows and lifetime seconds use
 *   label      = second + labelOffsetSeconds()            what snapshots and alerts show
 *   check()    wall - millis() drifted more than {@value #STEP_NOTICE_MS} ms from the offset in use:
 *              the wall clock was stepped; the offset follows it, one notice
 * </pre>
 *
 * So an NTP step or a resumed VM moves the labels only: no second is skipped or ticked twice, no
 * catch-up burst of ticks, the lifetime's seconds stay the seconds that passed, and the 2-minute
 * window never sees a gap. Slow drift (NTP slewing) stays under the threshold and moves nothing.
 * It is itself a {@link Clock} (its {@link #millis()} is the monotonic one), so the sources stamp
 * lines in the same seconds the ticker closes.
 */
public final class ArrivalClock implements Clock {
    /** A wall clock that moves this far from the monotonic one (either way) is a step: noticed, labels follow. */
    public static final long STEP_NOTICE_MS = 2_000;

    private final Clock clock;
    private final PrintStream notices;
    private final long baseMillis;
    private final long originNanos;
    private volatile long offsetMillis;

    /**
     * @param clock   the wall clock and the monotonic clock
     * @param notices where a step of the wall clock is reported (stderr)
     */
    public ArrivalClock(final Clock clock, final PrintStream notices) {
        this.clock = clock;
        this.notices = notices;
        this.originNanos = clock.nanos();
        this.baseMillis = clock.millis();
    }

    /** Milliseconds on the monotonic clock, on the epoch scale the wall clock had at the start. */
    @Override
    public long millis() {
        return baseMillis + Math.floorDiv(clock.nanos() - originNanos, 1_000_000L);
    }

    @Override
    public long nanos() {
        return clock.nanos();
    }

    /**
     * Compares the wall clock with the monotonic one (the ticker calls it every second); after a
     * step of more than {@value #STEP_NOTICE_MS} ms the labels follow the wall clock, and one line
     * says so.
     *
     * @return the label offset in force, in seconds
     */
    public long check() {
        final long mono = millis();
        final long skew = clock.millis() - mono;
        final long before = offsetMillis;
        if (Math.abs(skew - before) > STEP_NOTICE_MS) {
            offsetMillis = skew;
            final long step = Math.round((skew - before) / 1000.0);
            notices.println("logmon: the wall clock stepped " + (step >= 0 ? "forward" : "back") + " by "
                    + Math.abs(step) + " s; arrival time goes on by the monotonic clock (windows and rates"
                    + " are unaffected), timestamps follow the wall clock");
        }
        return labelOffsetSeconds();
    }

    /** Seconds to add to an arrival second to get its wall-clock label (0 until the wall clock steps). */
    public long labelOffsetSeconds() {
        return Math.round(offsetMillis / 1000.0);
    }
}
