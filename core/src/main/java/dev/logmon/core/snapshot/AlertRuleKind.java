package dev.logmon.core.snapshot;

import dev.logmon.core.text.EnumNames;

/**
 * What an alert rule looks at. {@link #RELATIVE} and {@link #ABSOLUTE} are the two forms of the
 * default high-traffic rule ({@code --alert-rule}); the others are the kinds of named rules
 * ({@code --rule}, {@code --rules}). A named {@code traffic} rule reports as relative or absolute.
 */
public enum AlertRuleKind {
    /** ON when the 2-minute average exceeds the lifetime average by more than the threshold. */
    RELATIVE,
    /** ON when the 2-minute average exceeds the threshold. */
    ABSOLUTE,
    /** ON when the share of hits with a status in a set of classes exceeds a ratio. */
    ERROR_RATIO,
    /** ON when a percentile of request times exceeds a limit in milliseconds. */
    LATENCY,
    /** ON when fewer hits than a limit arrive in the window. */
    SILENCE,
    /** ON when one client host has more than a share of the hits, or more than a rate. */
    CLIENT_FLOOD;

    /** The display names by ordinal, made once: every snapshot line writes its rule's. */
    private static final String[] DISPLAY_NAMES = displayNames();

    private static String[] displayNames() {
        final AlertRuleKind[] kinds = values();
        final String[] names = new String[kinds.length];
        for (final AlertRuleKind k : kinds) {
            names[k.ordinal()] = EnumNames.of(k).replace('_', '-');
        }
        return names;
    }

    /** Lower-case name with hyphens, as used on the command line and in JSON ({@code error-ratio}). */
    public String displayName() {
        return DISPLAY_NAMES[ordinal()];
    }

    /** Parses a {@link #displayName()}; null for anything else. */
    public static AlertRuleKind fromName(final String name) {
        for (final AlertRuleKind k : values()) {
            if (k.displayName().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** True for the two forms of the traffic rule. */
    public boolean isTraffic() {
        return this == RELATIVE || this == ABSOLUTE;
    }
}
