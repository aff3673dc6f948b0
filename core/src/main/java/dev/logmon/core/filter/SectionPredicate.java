package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;
import java.util.Arrays;

/** The line's section ({@code /api}) is one of a few, byte for byte (paths are case-sensitive). */
final class SectionPredicate implements LinePredicate {
    private final byte[][] sections;

    SectionPredicate(final byte[][] sections) {
        this.sections = sections.clone();
    }

    @Override
    public boolean test(final LogEvent event) {
        final int n = event.sectionLength;
        for (final byte[] s : sections) {
            if (s.length == n && Arrays.equals(event.section, 0, n, s, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
