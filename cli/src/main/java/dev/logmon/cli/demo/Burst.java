package dev.logmon.cli.demo;

/**
 * A recurring burst of traffic: in every {@code periodSeconds}, the last {@code durationSeconds}
 * carry {@code factor} times the normal number of lines. Bursts come at the end of each period so
 * that a monitor first sees a baseline (the relative alert rule needs one).
 *
 * @param periodSeconds   length of one cycle, &gt; 0
 * @param durationSeconds burst seconds per cycle, 1..period
 * @param factor          traffic multiplier during a burst, &gt;= 1
 */
public record Burst(long periodSeconds, long durationSeconds, long factor) {

    /** No bursts: every second has factor 1. */
    public static final Burst NONE = new Burst(1, 1, 1);

    public Burst {
        if (periodSeconds <= 0 || durationSeconds <= 0 || durationSeconds > periodSeconds || factor < 1) {
            throw new IllegalArgumentException("need 0 < DURATION <= PERIOD and FACTOR >= 1");
        }
    }

    /**
     * Parses {@code PERIOD:DURATION:FACTOR}, e.g. {@code 60:20:5}.
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static Burst parse(final String text) {
        final String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected PERIOD:DURATION:FACTOR");
        }
        final long[] v = new long[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Long.parseLong(parts[i].trim());
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i] + "' is not a whole number");
            }
        }
        return new Burst(v[0], v[1], v[2]);
    }

    /** Whether second {@code elapsed} (0 = the first second) is a burst second. */
    public boolean active(final long elapsed) {
        return factor > 1 && Math.floorMod(elapsed, periodSeconds) >= periodSeconds - durationSeconds;
    }

    /** The multiplier of second {@code elapsed}: {@link #factor} in a burst, else 1. */
    public long factorAt(final long elapsed) {
        return active(elapsed) ? factor : 1;
    }

    /** How many lines seconds {@code 0 .. elapsed-1} hold together when a normal second holds {@code perSecond}. */
    public long linesBefore(final long elapsed, final long perSecond) {
        final long quiet = periodSeconds - durationSeconds;
        final long burstSeconds = elapsed / periodSeconds * durationSeconds
                + Math.max(0, elapsed % periodSeconds - quiet);
        final long extra = factor > 1 ? burstSeconds * (factor - 1) : 0;
        return (elapsed + extra) * perSecond;
    }
}
