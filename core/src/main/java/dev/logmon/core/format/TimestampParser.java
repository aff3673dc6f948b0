package dev.logmon.core.format;

import java.nio.charset.StandardCharsets;

/**
 * Reads the bracketed access-log time {@code [dd/Mon/yyyy:HH:mm:ss +zzzz]} (always
 * {@link #LENGTH} bytes) into UTC epoch seconds, arithmetically: no formatter, no allocation.
 * Month names are matched as Apache writes them ({@code Jan} .. {@code Dec}); the day is checked
 * against the month's length (February 29 only in leap years).
 */
final class TimestampParser {
    /** Length of {@code [dd/Mon/yyyy:HH:mm:ss +zzzz]}. */
    static final int LENGTH = 28;
    /** Length of the bare {@code dd/Mon/yyyy:HH:mm:ss +zzzz} (nginx {@code $time_local}). */
    static final int BARE_LENGTH = 26;
    /** Returned when the bytes are not a timestamp. */
    static final long INVALID = Long.MIN_VALUE;
    /** Returned when the line ends inside what is so far a well-formed timestamp. */
    static final long TRUNCATED = Long.MIN_VALUE + 1;

    /** Byte classes of a timestamp: 0 a digit, A a letter, + a sign, anything else itself. */
    private static final byte[] SHAPE = "[00/AAA/0000:00:00:00 +0000]".getBytes(StandardCharsets.US_ASCII);
    private static final int SECONDS_PER_DAY = 86_400;

    private TimestampParser() {
    }

    /**
     * Epoch second (UTC, zone offset applied) of the timestamp starting with {@code [} at
     * {@code p}, or {@link #INVALID} or {@link #TRUNCATED}.
     */
    static long parse(final byte[] b, final int p, final int end) {
        if (end - p < LENGTH) {
            return isShapePrefix(b, p, end, 0) ? TRUNCATED : INVALID;
        }
        if (b[p] != '[' || b[p + 27] != ']') {
            return INVALID;
        }
        return fields(b, p + 1);
    }

    /**
     * Epoch second of the bare time {@code dd/Mon/yyyy:HH:mm:ss +zzzz} (nginx {@code $time_local},
     * {@link #BARE_LENGTH} bytes) starting at {@code p}, or {@link #INVALID} or {@link #TRUNCATED}.
     */
    static long parseBare(final byte[] b, final int p, final int end) {
        if (end - p < BARE_LENGTH) {
            return isShapePrefix(b, p, end, 1) ? TRUNCATED : INVALID;
        }
        return fields(b, p);
    }

    /** Reads the 26 bytes {@code dd/Mon/yyyy:HH:mm:ss +zzzz} at {@code q}. */
    private static long fields(final byte[] b, final int q) {
        final int p = q - 1;
        if (b[p + 3] != '/' || b[p + 7] != '/' || b[p + 12] != ':' || b[p + 15] != ':'
                || b[p + 18] != ':' || b[p + 21] != ' ') {
            return INVALID;
        }
        final int day = twoDigits(b, p + 1);
        final int month = month(b[p + 4], b[p + 5], b[p + 6]);
        final int century = twoDigits(b, p + 8);
        final int yearOfCentury = twoDigits(b, p + 10);
        final int hour = twoDigits(b, p + 13);
        final int minute = twoDigits(b, p + 16);
        final int second = twoDigits(b, p + 19);
        final byte sign = b[p + 22];
        final int zoneHours = twoDigits(b, p + 23);
        final int zoneMinutes = twoDigits(b, p + 25);
        // twoDigits is -1 on a non-digit, so each lower bound also rejects non-digits.
        if (month == 0 || century < 0 || yearOfCentury < 0) {
            return INVALID;
        }
        final int year = century * 100 + yearOfCentury;
        if (day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || (sign != '+' && sign != '-')
                || zoneHours < 0 || zoneHours > 23 || zoneMinutes < 0 || zoneMinutes > 59) {
            return INVALID;
        }
        final int zoneSeconds = zoneHours * 3600 + zoneMinutes * 60;
        return daysFromCivil(year, month, day) * SECONDS_PER_DAY
                + hour * 3600 + minute * 60 + second
                - (sign == '+' ? zoneSeconds : -zoneSeconds);
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (the era-based days-from-civil method:
     * years counted from March so the leap day falls last, 400-year eras of 146,097 days).
     */
    static long daysFromCivil(final int year, final int month, final int day) {
        final int y = month <= 2 ? year - 1 : year;
        final int era = (y >= 0 ? y : y - 399) / 400;
        final int yearOfEra = y - era * 400;
        final int monthFromMarch = month > 2 ? month - 3 : month + 9;
        final int dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    static boolean isLeapYear(final int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    static int daysInMonth(final int year, final int month) {
        switch (month) {
            case 2:
                return isLeapYear(year) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** 1..12 for {@code Jan}..{@code Dec} exactly as written, else 0. */
    static int month(final byte a, final byte b, final byte c) {
        switch ((a & 0xff) << 16 | (b & 0xff) << 8 | (c & 0xff)) {
            case 'J' << 16 | 'a' << 8 | 'n': return 1;
            case 'F' << 16 | 'e' << 8 | 'b': return 2;
            case 'M' << 16 | 'a' << 8 | 'r': return 3;
            case 'A' << 16 | 'p' << 8 | 'r': return 4;
            case 'M' << 16 | 'a' << 8 | 'y': return 5;
            case 'J' << 16 | 'u' << 8 | 'n': return 6;
            case 'J' << 16 | 'u' << 8 | 'l': return 7;
            case 'A' << 16 | 'u' << 8 | 'g': return 8;
            case 'S' << 16 | 'e' << 8 | 'p': return 9;
            case 'O' << 16 | 'c' << 8 | 't': return 10;
            case 'N' << 16 | 'o' << 8 | 'v': return 11;
            case 'D' << 16 | 'e' << 8 | 'c': return 12;
            default: return 0;
        }
    }

    /** Value of two ASCII digits at {@code i}, or -1 when either is not a digit. */
    static int twoDigits(final byte[] b, final int i) {
        final int hi = b[i] - '0';
        final int lo = b[i + 1] - '0';
        if (hi < 0 || hi > 9 || lo < 0 || lo > 9) {
            return -1;
        }
        return hi * 10 + lo;
    }

    /** True when {@code b[p, end)} could be the start of a timestamp cut by the end of the line. */
    private static boolean isShapePrefix(final byte[] b, final int p, final int end, final int shapeFrom) {
        for (int i = p; i < end; i++) {
            final byte want = SHAPE[i - p + shapeFrom];
            final byte c = b[i];
            final boolean ok;
            if (want == '0') {
                ok = c >= '0' && c <= '9';
            } else if (want == 'A') {
                ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            } else if (want == '+') {
                ok = c == '+' || c == '-';
            } else {
                ok = c == want;
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
