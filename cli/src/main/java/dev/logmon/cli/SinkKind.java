package dev.logmon.cli;

import java.util.Locale;

/**
 * The sinks {@code --sink} names: where a run's snapshots and alerts go. Parsed once from the
 * option's text; everything after validation works with the enum.
 */
public enum SinkKind {
    /** The terminal dashboard (needs a terminal; not with serve). */
    TUI,
    /** JSON lines on stdout. */
    JSON,
    /** Alert transitions POSTed as JSON. */
    WEBHOOK,
    /** Alert transitions by SMTP. */
    EMAIL,
    /** Each closed second's frame to a Kafka topic, for {@code aggregate} (issue 19). */
    KAFKA;

    /** The name as given to {@code --sink}. */
    String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the sinks that deliver alert notifications (each on its own delivery thread). */
    boolean notifies() {
        return this == WEBHOOK || this == EMAIL;
    }

    /** The sink named {@code name} ({@code tui}, {@code json}, {@code webhook}, {@code email}, {@code kafka}), or null. */
    public static SinkKind fromName(final String name) {
        for (final SinkKind k : values()) {
            if (k.optionName().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
