package dev.logmon.core.format;

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
 *
 * <p>The keys are compared as four little-endian words ({@link Swar#word}) instead of two range
 * comparisons of bytes: bytes [0, 8), [8, 16), [10, 18) (the minute's end) and [18, 26) with the
 * two second digits masked out.
 */
final class TimestampCache {
    private static final int SECOND_AT = 18;
    /** Where the key's third word starts: it ends with the minute, just before the second. */
    private static final int MINUTE_END_AT = SECOND_AT - Long.BYTES;
    private static final long MISS = Long.MIN_VALUE + 2;

    /** Bytes 18 and 19 (the second) of the word read at 18 are not part of the key. */
    private static final long ZONE_MASK = 0xFFFF_FFFF_FFFF_0000L;

    /** The key's words: time bytes [0, 8), [8, 16), [10, 18), and [18, 26) masked by {@link #ZONE_MASK}. */
    private long key0;
    private long key1;
    private long key2;
    private long key3;
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
        // the callers checked that the 26 bytes of a time are there
        final long differ = (Swar.word(b, q) ^ key0) | (Swar.word(b, q + Long.BYTES) ^ key1)
                | (Swar.word(b, q + MINUTE_END_AT) ^ key2) | ((Swar.word(b, q + SECOND_AT) & ZONE_MASK) ^ key3);
        if (differ != 0) {
            return MISS;
        }
        final int second = TimestampParser.twoDigits(b, q + SECOND_AT);
        return second >= 0 && second <= 59 ? minuteStart + second : MISS;
    }

    private void remember(final byte[] b, final int q, final long s) {
        if (s == TimestampParser.INVALID || s == TimestampParser.TRUNCATED) {
            return;
        }
        key0 = Swar.word(b, q);
        key1 = Swar.word(b, q + Long.BYTES);
        key2 = Swar.word(b, q + MINUTE_END_AT);
        key3 = Swar.word(b, q + SECOND_AT) & ZONE_MASK;
        minuteStart = s - TimestampParser.twoDigits(b, q + SECOND_AT);
        valid = true;
    }
}
