package dev.logmon.sinks.json;

import tools.jackson.core.JsonGenerator;

/**
 * Writes an epoch second as the text of {@code Instant.ofEpochSecond(s).toString()}
 * (e.g. {@code 2015-05-17T10:05:03Z}) without the {@code Instant}, formatter and strings that
 * takes: every snapshot line carries one. Years 0000 to 9999 are computed here (days to civil
 * date, proleptic Gregorian, as {@code java.time}); other years take {@code Instant.toString}.
 * {@code IsoSecondTest} checks it against {@code Instant.toString}.
 */
final class IsoSecond {
    /** Length of {@code yyyy-MM-ddTHH:mm:ssZ}. */
    static final int CHARS = 20;

    private static final long MIN = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[CHARS]);

    private IsoSecond() {
    }

    /** Writes {@code name} and the second as a JSON string. */
    static void writeProperty(final JsonGenerator gen, final String name, final long epochSecond) {
        final char[] buf = BUFFER.get();
        if (format(epochSecond, buf)) {
            gen.writeName(name);
            gen.writeString(buf, 0, CHARS);
        } else {
            gen.writeStringProperty(name, JsonStyle.isoSecond(epochSecond));
        }
    }

    /**
     * Writes the {@link #CHARS} characters into {@code buf}; false (nothing written) for a second
     * outside the years 0000 to 9999.
     */
    static boolean format(final long epochSecond, final char[] buf) {
        if (epochSecond < MIN || epochSecond > MAX) {
            return false;
        }
        final long days = Math.floorDiv(epochSecond, 86_400L);
        final int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // Days since 1970-01-01 to year, month, day: the era algorithm java.time's LocalDate.ofEpochDay uses.
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long mp = (5 * dayOfYear + 2) / 153;
        final int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        final int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        final int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        digits(buf, 0, year, 4);
        buf[4] = '-';
        digits(buf, 5, month, 2);
        buf[7] = '-';
        digits(buf, 8, day, 2);
        buf[10] = 'T';
        digits(buf, 11, secondOfDay / 3600, 2);
        buf[13] = ':';
        digits(buf, 14, secondOfDay / 60 % 60, 2);
        buf[16] = ':';
        digits(buf, 17, secondOfDay % 60, 2);
        buf[19] = 'Z';
        return true;
    }

    private static void digits(final char[] buf, final int at, final int value, final int width) {
        int v = value;
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }
}
