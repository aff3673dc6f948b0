package dev.logmon.core.format;

import java.util.Arrays;

/**
 * One parser's memory of the last access-log time it read, so that the many lines of one minute
 * cost a byte comparison instead of a full {@link TimestampParser} read. Confined to its parser's
 * thread; no allocation.
 *
 * <pre>
 *   d d / M o n / y y y y : H H : m m : s s ␣ + z z z z
 *   0                                 17  18  20      25
 *   └──────── minute key [0, 18) ────────┘ ss └ zone key [20, 26)
 * </pre>
 *
 * A time whose minute key and zone key equal those of the last fully parsed (valid) time is that
 * minute's first second plus its two second digits (checked to be 00..59); any other time is
 * parsed in full and becomes the new key. The answer is always the one {@link TimestampParser}
 * gives, including {@link TimestampParser#INVALID} and {@link TimestampParser#TRUNCATED}.
 */
final class TimestampCache {
    private static final int SECOND_AT = 18;
    private static final int ZONE_AT = 20;
    private static final long MISS = Long.MIN_VALUE + 2;

    private final byte[] key = new byte[TimestampParser.BARE_LENGTH];
    private boolean valid;
    private long minuteStart;

    /** As {@link TimestampParser#parse}: the bracketed time starting with {@code [} at {@code p}. */
    long parse(final byte[] b, final int p, final int end) {
        if (valid && end - p >= TimestampParser.LENGTH && b[p] == '[' && b[p + TimestampParser.LENGTH - 1] == ']') {
            final long s = cached(b, p + 1);
            if (s != MISS) {
                return s;
            }
        }
        final long s = TimestampParser.parse(b, p, end);
        remember(b, p + 1, s);
        return s;
    }

    /** As {@link TimestampParser#parseBare}: the bare time {@code dd/Mon/yyyy:HH:mm:ss +zzzz} at {@code p}. */
    long parseBare(final byte[] b, final int p, final int end) {
        if (valid && end - p >= TimestampParser.BARE_LENGTH) {
            final long s = cached(b, p);
            if (s != MISS) {
                return s;
            }
        }
        final long s = TimestampParser.parseBare(b, p, end);
        remember(b, p, s);
        return s;
    }

    private long cached(final byte[] b, final int q) {
        if (!Arrays.equals(b, q, q + SECOND_AT, key, 0, SECOND_AT)
                || !Arrays.equals(b, q + ZONE_AT, q + TimestampParser.BARE_LENGTH, key, ZONE_AT,
                        TimestampParser.BARE_LENGTH)) {
            return MISS;
        }
        final int second = TimestampParser.twoDigits(b, q + SECOND_AT);
        return second >= 0 && second <= 59 ? minuteStart + second : MISS;
    }

    private void remember(final byte[] b, final int q, final long s) {
        if (s == TimestampParser.INVALID || s == TimestampParser.TRUNCATED) {
            return;
        }
        System.arraycopy(b, q, key, 0, TimestampParser.BARE_LENGTH);
        minuteStart = s - TimestampParser.twoDigits(b, q + SECOND_AT);
        valid = true;
    }
}
