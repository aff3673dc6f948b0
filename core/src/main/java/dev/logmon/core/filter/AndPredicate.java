package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;
import java.util.List;

/** True when every part is (evaluated left to right, stopping at the first false). */
final class AndPredicate implements LinePredicate {
    private final LinePredicate[] parts;

    AndPredicate(final List<LinePredicate> parts) {
        this.parts = parts.toArray(new LinePredicate[0]);
    }

    @Override
    public boolean test(final LogEvent event) {
        for (final LinePredicate p : parts) {
            if (!p.test(event)) {
                return false;
            }
        }
        return true;
    }
}
