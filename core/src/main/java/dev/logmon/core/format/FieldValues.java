package dev.logmon.core.format;

/**
 * Reads field values in place, with no allocation: statuses and sizes (for every parser), and for
 * the custom formats ISO-8601 times, epoch seconds and request times in any unit. Shared by
 * {@link AccessLogParser}, {@link CompiledFormatParser} and {@link JsonLineParser}.
 */
public final class FieldValues {
    /** Returned when the bytes are not a value of the expected kind. */
    static final long INVALID = Long.MIN_VALUE;
    /** A request time of {@code -} (nginx writes it when there was no upstream): no latency. */
    static final long ABSENT = -1;
    /** Largest request time kept, in microseconds (one hour); larger times are clamped to it. */
    public static final long MAX_LATENCY_MICROS = 3_600_000_000L;

    /** Request time units, as the number of microseconds in one unit (nanoseconds as -1000). */
    static final int SECONDS = 1_000_000;
    static final int MILLIS = 1_000;
    static final int MICROS = 1;
    static final int NANOS = -1_000;

    private FieldValues() {
    }

    /** An HTTP status: exactly three digits as 0..999, else -1. */
    static int status(final byte[] buf, final int start, final int end) {
        if (end - start != 3) {
            return -1;
        }
        final int a = buf[start] - '0';
        final int b = buf[start + 1] - '0';
        final int c = buf[start + 2] - '0';
        if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) {
            return -1;
        }
        return a * 100 + b * 10 + c;
    }

    /** A response size: 1 to 18 digits, or {@code -} as 0; else -1. */
    static long size(final byte[] buf, final int start, final int end) {
        final int n = end - start;
        if (n == 1 && buf[start] == '-') {
            return 0;
        }
        if (n == 0 || n > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            final int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /**
     * A request time written as a non-negative decimal number of {@code unit}s ({@code 0.123},
     * {@code 12}, {@code 1.5e0} is not accepted) converted to microseconds and clamped to
     * {@link #MAX_LATENCY_MICROS}; {@link #ABSENT} for {@code -} or an empty value; {@link #INVALID}
     * otherwise (a sign, an exponent, letters). Digits beyond microsecond resolution are dropped.
     */
    static long latencyMicros(final byte[] b, final int start, final int end, final int unit) {
        if (end == start || (end - start == 1 && b[start] == '-')) {
            return ABSENT;
        }
        long whole = 0;
        int p = start;
        boolean huge = false;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            if (whole < 1_000_000_000_000L) {
                whole = whole * 10 + (b[p] - '0');
            } else {
                huge = true;
            }
            p++;
        }
        final int intDigits = p - start;
        long fraction = 0;
        int fractionDigits = 0;
        if (p < end && b[p] == '.') {
            p++;
            final int fracStart = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                if (fractionDigits < 9) {
                    fraction = fraction * 10 + (b[p] - '0');
                    fractionDigits++;
                }
                p++;
            }
            if (p == fracStart && intDigits == 0) {
                return INVALID;
            }
        } else if (intDigits == 0) {
            return INVALID;
        }
        if (p != end) {
            return INVALID;
        }
        if (huge) {
            return MAX_LATENCY_MICROS;
        }
        // fraction as nanoseconds of one unit-fraction: scale to 9 digits
        for (int i = fractionDigits; i < 9; i++) {
            fraction *= 10;
        }
        final long micros;
        if (unit == NANOS) {
            micros = whole / 1000;
        } else {
            micros = whole * unit + fraction * unit / 1_000_000_000L;
        }
        return micros < 0 || micros > MAX_LATENCY_MICROS ? MAX_LATENCY_MICROS : micros;
    }

    /**
     * A request time that may be a list, as nginx writes {@code $upstream_response_time} for a
     * request passed to several upstreams ({@code 0.100, 0.004}) or redirected internally
     * ({@code 0.1 : 0.2}): the sum of the listed times (the time spent in upstreams), entries of
     * {@code -} left out; {@link #ABSENT} when every entry is {@code -}; {@link #INVALID} when an
     * entry is not a time. A single value is read by {@link #latencyMicros}.
     */
    static long latencyListMicros(final byte[] b, final int start, final int end, final int unit) {
        int sep = start;
        while (sep < end && b[sep] != ',' && b[sep] != ':') {
            sep++;
        }
        if (sep == end) {
            return latencyMicros(b, start, end, unit);
        }
        long sum = ABSENT;
        int s = start;
        while (s <= end) {
            int e = s;
            while (e < end && b[e] != ',' && b[e] != ':') {
                e++;
            }
            int vs = s;
            int ve = e;
            while (vs < ve && b[vs] == ' ') {
                vs++;
            }
            while (ve > vs && b[ve - 1] == ' ') {
                ve--;
            }
            if (vs == ve) {
                return INVALID; // "0.1,,0.2" or a trailing separator
            }
            final long v = latencyMicros(b, vs, ve, unit);
            if (v == INVALID) {
                return INVALID;
            }
            if (v != ABSENT) {
                sum = Math.min(MAX_LATENCY_MICROS, (sum == ABSENT ? 0 : sum) + v);
            }
            s = e + 1;
        }
        return sum;
    }

    /** Epoch microseconds (up to 18 digits, no fraction) as epoch seconds, else {@link #INVALID}. */
    static long epochMicrosAsSeconds(final byte[] b, final int start, final int end) {
        if (end == start || end - start > 18) {
            return INVALID;
        }
        long v = 0;
        for (int p = start; p < end; p++) {
            final int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            v = v * 10 + d;
        }
        return v / 1_000_000L;
    }

    /** {@code dd/Mon/yyyy:HH:mm:ss} (no zone; read as UTC) at {@code start}, else {@link #INVALID}. */
    static long noZone(final byte[] b, final int start, final int end) {
        if (end - start < 20 || b[start + 2] != '/' || b[start + 6] != '/' || b[start + 11] != ':'
                || b[start + 14] != ':' || b[start + 17] != ':') {
            return INVALID;
        }
        final int day = TimestampParser.twoDigits(b, start);
        final int month = TimestampParser.month(b[start + 3], b[start + 4], b[start + 5]);
        final int century = TimestampParser.twoDigits(b, start + 7);
        final int yearOfCentury = TimestampParser.twoDigits(b, start + 9);
        if (month < 1 || century < 0 || yearOfCentury < 0) {
            return INVALID;
        }
        final int year = century * 100 + yearOfCentury;
        if (day < 1 || day > TimestampParser.daysInMonth(year, month)) {
            return INVALID;
        }
        final long tod = timeOfDay(b, start + 12, start + 20);
        return tod < 0 ? INVALID : TimestampParser.daysFromCivil(year, month, day) * 86_400L + tod;
    }

    /** Midnight UTC of {@code yyyy-MM-dd}, else {@link #INVALID}. */
    static long date(final byte[] b, final int start, final int end) {
        if (end - start != 10 || b[start + 4] != '-' || b[start + 7] != '-') {
            return INVALID;
        }
        final int century = TimestampParser.twoDigits(b, start);
        final int yearOfCentury = TimestampParser.twoDigits(b, start + 2);
        final int month = TimestampParser.twoDigits(b, start + 5);
        final int day = TimestampParser.twoDigits(b, start + 8);
        if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12) {
            return INVALID;
        }
        final int year = century * 100 + yearOfCentury;
        if (day < 1 || day > TimestampParser.daysInMonth(year, month)) {
            return INVALID;
        }
        return TimestampParser.daysFromCivil(year, month, day) * 86_400L;
    }

    /** Seconds into the day of {@code HH:mm:ss} (a fraction after it is dropped), else -1. */
    static long timeOfDay(final byte[] b, final int start, final int end) {
        if (end - start < 8 || b[start + 2] != ':' || b[start + 5] != ':') {
            return -1;
        }
        for (int p = start + 8; p < end; p++) {
            if (!(b[p] == '.' && p == start + 8) && (b[p] < '0' || b[p] > '9')) {
                return -1;
            }
        }
        final int hour = TimestampParser.twoDigits(b, start);
        final int minute = TimestampParser.twoDigits(b, start + 3);
        final int second = TimestampParser.twoDigits(b, start + 6);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return -1;
        }
        return hour * 3600L + minute * 60L + second;
    }

    /** Epoch seconds written as a decimal number ({@code 1700000000.123}), fraction dropped, else INVALID. */
    static long epochSeconds(final byte[] b, final int start, final int end, final boolean millis) {
        long whole = 0;
        int p = start;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            if (p - start >= 15) {
                return INVALID;
            }
            whole = whole * 10 + (b[p] - '0');
            p++;
        }
        if (p == start) {
            return INVALID;
        }
        if (p < end && b[p] == '.') {
            p++;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
        }
        if (p != end) {
            return INVALID;
        }
        return millis ? whole / 1000 : whole;
    }

    /**
     * Epoch second of {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|+HH:MM|+HHMM|+HH)} (a space is
     * accepted for {@code T}), or {@link #INVALID}. A time without a zone is invalid, as in the
     * built-in formats.
     */
    static long iso8601(final byte[] b, final int start, final int end) {
        if (end - start < 20) {
            return INVALID;
        }
        final int p = start;
        if (b[p + 4] != '-' || b[p + 7] != '-' || (b[p + 10] != 'T' && b[p + 10] != ' ' && b[p + 10] != 't')
                || b[p + 13] != ':' || b[p + 16] != ':') {
            return INVALID;
        }
        final int century = TimestampParser.twoDigits(b, p);
        final int yearOfCentury = TimestampParser.twoDigits(b, p + 2);
        final int month = TimestampParser.twoDigits(b, p + 5);
        final int day = TimestampParser.twoDigits(b, p + 8);
        final int hour = TimestampParser.twoDigits(b, p + 11);
        final int minute = TimestampParser.twoDigits(b, p + 14);
        final int second = TimestampParser.twoDigits(b, p + 17);
        if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12) {
            return INVALID;
        }
        final int year = century * 100 + yearOfCentury;
        if (day < 1 || day > TimestampParser.daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return INVALID;
        }
        int q = p + 19;
        if (q < end && (b[q] == '.' || b[q] == ',')) {
            q++;
            final int digits = q;
            while (q < end && b[q] >= '0' && b[q] <= '9') {
                q++;
            }
            if (q == digits) {
                return INVALID;
            }
        }
        if (q == end) {
            return INVALID;
        }
        final long zoneSeconds;
        if ((b[q] == 'Z' || b[q] == 'z') && q + 1 == end) {
            zoneSeconds = 0;
        } else if (b[q] == '+' || b[q] == '-') {
            final int n = end - q - 1;
            final int zh = n >= 2 ? TimestampParser.twoDigits(b, q + 1) : -1;
            final int zm;
            if (n == 2) {
                zm = 0;
            } else if (n == 4) {
                zm = TimestampParser.twoDigits(b, q + 3);
            } else if (n == 5 && b[q + 3] == ':') {
                zm = TimestampParser.twoDigits(b, q + 4);
            } else {
                return INVALID;
            }
            if (zh < 0 || zh > 23 || zm < 0 || zm > 59) {
                return INVALID;
            }
            zoneSeconds = (b[q] == '+' ? 1 : -1) * (zh * 3600L + zm * 60L);
        } else {
            return INVALID;
        }
        return TimestampParser.daysFromCivil(year, month, day) * 86_400L
                + hour * 3600L + minute * 60L + Math.min(second, 59) - zoneSeconds;
    }
}
