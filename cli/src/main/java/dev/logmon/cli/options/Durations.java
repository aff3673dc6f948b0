package dev.logmon.cli.options;

import java.util.Locale;

/** Parses durations such as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}; a bare number is seconds. */
public final class Durations {
    private Durations() {
    }

    /** Milliseconds, or -1 when {@code text} is not a duration (negative values included). */
    public static long parseMillis(final String text) {
        if (text == null) {
            return -1;
        }
        final String t = text.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < t.length() && Character.isDigit(t.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 12) {
            return -1;
        }
        final long n = Long.parseLong(t.substring(0, end));
        switch (t.substring(end)) {
            case "ms":
                return n;
            case "":
            case "s":
                return n * 1_000;
            case "m":
                return n * 60_000;
            case "h":
                return n * 3_600_000;
            default:
                return -1;
        }
    }

    /**
     * As {@link #parseMillis}, also taking days ({@code 30d}), for long spans such as a retention.
     * Milliseconds, or -1 when {@code text} is not such a duration.
     */
    public static long parseMillisOrDays(final String text) {
        if (text != null) {
            final String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.matches("\\d{1,6}d")) {
                return Long.parseLong(t.substring(0, t.length() - 1)) * 86_400_000L;
            }
        }
        return parseMillis(text);
    }

    /** The shortest way to write {@code millis} back: {@code 10m}, {@code 5s}, {@code 250ms}. */
    public static String format(final long millis) {
        if (millis % 86_400_000 == 0 && millis > 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
