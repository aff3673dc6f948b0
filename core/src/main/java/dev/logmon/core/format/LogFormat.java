package dev.logmon.core.format;

import dev.logmon.core.text.EnumNames;

/** The access-log layouts the parser understands. */
public enum LogFormat {
    /**
     * For the built-in parser: Combined first, then Common, line by line. As a {@link LineFormat}
     * ({@code --log-format auto}, the default): the format is detected per source among every preset.
     */
    AUTO,
    /** NCSA Common Log Format: {@code host ident user [time] "request" status size}. */
    COMMON,
    /** Common followed by {@code "referer" "user-agent"}. */
    COMBINED;

    /** Parses a command-line name ({@code auto}, {@code common}, {@code combined}), or null. */
    public static LogFormat fromName(final String name) {
        return EnumNames.parse(values(), name);
    }
}
