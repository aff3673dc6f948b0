package dev.logmon.core.time;

import dev.logmon.core.text.EnumNames;

/** Which second a line counts in. */
public enum TimeMode {
    /** The second it was read: natural when following live logs. */
    ARRIVAL,
    /** The second of its own timestamp: natural when replaying a file. */
    LOG;

    /** Lower-case name as used on the command line. */
    public String displayName() {
        return EnumNames.of(this);
    }

    /** Parses {@code arrival} or {@code log}; null for anything else. */
    public static TimeMode fromName(final String name) {
        return EnumNames.parse(values(), name);
    }
}
