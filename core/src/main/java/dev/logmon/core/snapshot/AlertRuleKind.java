package dev.logmon.core.snapshot;

import dev.logmon.core.text.EnumNames;

/** How the 2-minute average is compared with the threshold. */
public enum AlertRuleKind {
    /** ON when the 2-minute average exceeds the lifetime average by more than the threshold. */
    RELATIVE,
    /** ON when the 2-minute average exceeds the threshold. */
    ABSOLUTE;

    /** Lower-case name as used on the command line and in JSON. */
    public String displayName() {
        return EnumNames.of(this);
    }

    /** Parses {@code relative} or {@code absolute}; null for anything else. */
    public static AlertRuleKind fromName(final String name) {
        return EnumNames.parse(values(), name);
    }
}
