package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;

/** The opposite of one predicate. */
final class NotPredicate implements LinePredicate {
    private final LinePredicate inner;

    NotPredicate(final LinePredicate inner) {
        this.inner = inner;
    }

    @Override
    public boolean test(final LogEvent event) {
        return !inner.test(event);
    }
}
