package dev.logmon.core;

import java.util.Locale;

/** Which second a line counts in. */
public enum TimeMode {
    /** The second it was read: natural when following live logs. */
    ARRIVAL,
    /** The second of its own timestamp: natural when replaying a file. */
    LOG;

    /** Lower-case name as used on the command line. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code arrival} or {@code log}; null for anything else. */
    public static TimeMode fromName(final String name) {
        for (final TimeMode m : values()) {
            if (m.displayName().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
