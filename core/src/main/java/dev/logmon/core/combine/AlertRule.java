package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * The high-traffic alert: a small pure state machine evaluated once per second of the active
 * time on the 2-minute window.
 *
 * <pre>
 *            condition holds (and 2 full minutes of data exist)
 *     OFF  -------------------------------------------------->  ON   -- repeats the ON message every
 *      ^                                                        |       repeatSeconds while it holds
 *      +------------------ condition no longer holds -----------+
 * </pre>
 *
 * Condition: {@link AlertRuleKind#RELATIVE} is {@code avg2m > lifetimeRate + threshold};
 * {@link AlertRuleKind#ABSOLUTE} is {@code avg2m > threshold}. Equality is not an alert.
 */
public final class AlertRule {
    /** Length of the evaluated window in seconds. */
    public static final int WINDOW_SECONDS = Frame.WINDOW_SECONDS;

    private final AlertRuleKind kind;
    private final double threshold;
    private final long repeatSeconds;

    private boolean on;
    private long startedAt;
    private long lastMessageAt;
    private double lastAvg2m;
    private double lastLifetimeRate;

    /**
     * @param kind          relative or absolute
     * @param threshold     hits per second
     * @param repeatSeconds while ON, repeat the ON message this often (0: only on change)
     */
    public AlertRule(final AlertRuleKind kind, final double threshold, final long repeatSeconds) {
        this.kind = kind;
        this.threshold = threshold;
        this.repeatSeconds = repeatSeconds;
    }

    /**
     * Evaluates the rule at the end of {@code second}.
     *
     * @param second          the second just completed (epoch seconds, active time)
     * @param hits2m          hits in the 120 seconds ending with {@code second}
     * @param lifetimeHits    hits since the first second
     * @param lifetimeSeconds seconds since the first second, inclusive of {@code second}
     * @return the message to send now, or null when there is nothing to say
     */
    public AlertEvent evaluate(final long second, final long hits2m, final long lifetimeHits,
                               final long lifetimeSeconds) {
        return evaluate(second, second, hits2m, lifetimeHits, lifetimeSeconds);
    }

    /**
     * As {@link #evaluate(long, long, long, long)}, with the second's wall-clock label apart from
     * the second itself (arrival time after a wall-clock step, {@link dev.logmon.core.time.ArrivalClock}): the repeat
     * interval counts seconds, the messages and event times show labels.
     *
     * @param label the wall-clock label of {@code second}
     */
    public AlertEvent evaluate(final long second, final long label, final long hits2m, final long lifetimeHits,
                               final long lifetimeSeconds) {
        if (lifetimeSeconds < WINDOW_SECONDS) {
            return null;
        }
        final double avg2m = hits2m / (double) WINDOW_SECONDS;
        final double lifetimeRate = lifetimeHits / (double) lifetimeSeconds;
        lastAvg2m = avg2m;
        lastLifetimeRate = lifetimeRate;
        final boolean condition = kind == AlertRuleKind.ABSOLUTE
                ? avg2m > threshold
                : avg2m > lifetimeRate + threshold;
        if (condition && !on) {
            on = true;
            startedAt = label;
            lastMessageAt = second;
            return event(true, label, false, avg2m, lifetimeRate);
        }
        if (condition && repeatSeconds > 0 && second - lastMessageAt >= repeatSeconds) {
            lastMessageAt = second;
            return event(true, label, true, avg2m, lifetimeRate);
        }
        if (!condition && on) {
            on = false;
            return event(false, label, false, avg2m, lifetimeRate);
        }
        return null;
    }

    private AlertEvent event(final boolean fire, final long second, final boolean repeat, final double avg2m,
                             final double lifetimeRate) {
        final String message = fire
                ? String.format(Locale.ROOT, "High traffic generated an alert - hits = %.2f, triggered at %s",
                        avg2m, Instant.ofEpochSecond(second))
                : "Alert Off - Traffic returned to normal at " + Instant.ofEpochSecond(second);
        return new AlertEvent(fire, second, startedAt, repeat, avg2m, lifetimeRate, threshold, kind, message);
    }

    /** The state to show in a snapshot. */
    public AlertStatus status() {
        return new AlertStatus(on, threshold, kind, lastAvg2m, lastLifetimeRate);
    }

    /** Whether the alert is firing. */
    public boolean isOn() {
        return on;
    }
}
