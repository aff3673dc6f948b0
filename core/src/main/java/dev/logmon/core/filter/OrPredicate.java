package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;
import java.util.List;

/** True when any part is (evaluated left to right, stopping at the first true). */
final class OrPredicate implements LinePredicate {
    private final LinePredicate[] parts;

    OrPredicate(final List<LinePredicate> parts) {
        this.parts = parts.toArray(new LinePredicate[0]);
    }

    @Override
    public boolean test(final LogEvent event) {
        for (final LinePredicate p : parts) {
            if (p.test(event)) {
                return true;
            }
        }
        return false;
    }
}
