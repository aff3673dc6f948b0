package dev.logmon.core;

import java.util.Locale;

/** The access-log layouts the parser understands. */
public enum LogFormat {
    /** Try Combined first, then Common, line by line. */
    AUTO,
    /** NCSA Common Log Format: {@code host ident user [time] "request" status size}. */
    COMMON,
    /** Common followed by {@code "referer" "user-agent"}. */
    COMBINED;

    /** Parses a command-line name ({@code auto}, {@code common}, {@code combined}), or null. */
    public static LogFormat fromName(final String name) {
        for (final LogFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
                return f;
            }
        }
        return null;
    }
}
