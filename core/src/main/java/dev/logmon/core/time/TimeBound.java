package dev.logmon.core.time;

import dev.logmon.core.text.TextSafety;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code --since}/{@code --until} time: ISO-8601 with a zone ({@code 2026-01-01T10:00:00Z},
 * {@code 2026-01-01T10:00:00+02:00}), a date-time or a date without zone (taken as UTC), or a
 * duration back from now ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}: now minus that).
 */
public final class TimeBound {
    private TimeBound() {
    }

    /**
     * Epoch second of {@code text}.
     *
     * @param nowSecond the current time, for relative values
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    public static long parse(final String text, final long nowSecond) {
        final String t = text.trim();
        if (t.matches("\\d+[smhdw]")) {
            final long n = Long.parseLong(t.substring(0, t.length() - 1));
            final long unit = switch (t.charAt(t.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86_400;
                default -> 604_800;
            };
            if (n > 1_000_000_000L / unit) {
                throw new IllegalArgumentException("too far back: " + text);
            }
            return nowSecond - n * unit;
        }
        try {
            return OffsetDateTime.parse(t).toEpochSecond();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Instant.parse(t).getEpochSecond();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time (ISO-8601 such as 2026-01-01T10:00:00Z, a date, "
                    + "or a duration back from now such as 2h, 30m, 7d): " + TextSafety.oneLine(text));
        }
    }
}
