package dev.logmon.sinks.tui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers as an operator reads them: sizes in KiB/MiB/GiB, rates, shares, counts with separators. */
final class Human {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Human() {
    }

    /** {@code 1536} → {@code 1.5 KiB}; below 1 KiB in bytes; three significant figures above. */
    static String bytes(final long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        final String number = v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return number + " " + UNITS[unit];
    }

    /** A rate with one decimal. */
    static String rate(final double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** A compact axis label: {@code 950}, {@code 1.2k}, {@code 35k}, {@code 1.5M}. */
    static String compact(final double v) {
        if (v < 1000) {
            return v >= 10 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                    : String.format(Locale.ROOT, "%.1f", v);
        }
        if (v < 1_000_000) {
            return v < 10_000 ? String.format(Locale.ROOT, "%.1fk", v / 1000) : String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        return String.format(Locale.ROOT, "%.1fM", v / 1_000_000);
    }

    /** {@code part / whole} as a percentage with one decimal; {@code -} when whole is 0. */
    static String share(final long part, final long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /** A request time given in milliseconds: {@code 4.2 ms}, {@code 250 ms}, {@code 1.25 s}. */
    static String millis(final double ms) {
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        return ms >= 10 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** A count with thousands separators. */
    static String count(final long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Epoch second as {@code 2026-01-01 12:03:30 UTC}. */
    static String clock(final long epochSecond) {
        return CLOCK.format(Instant.ofEpochSecond(epochSecond));
    }

    /** Epoch second as {@code 12:03:30}. */
    static String time(final long epochSecond) {
        return TIME.format(Instant.ofEpochSecond(epochSecond));
    }
}
