package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;

/**
 * A status condition ({@code =}, {@code <}, a class like {@code 5xx}, a set) compiled into a
 * table of the 1000 statuses a line can carry, so every form costs one array read.
 */
final class StatusPredicate implements LinePredicate {
    /** How many statuses a line can carry (000..999). */
    static final int STATUSES = 1000;

    private final boolean[] matches;

    /** @param matches {@link #STATUSES} entries, true for each status that matches */
    StatusPredicate(final boolean[] matches) {
        this.matches = matches.clone();
    }

    @Override
    public boolean test(final LogEvent event) {
        final int s = event.status;
        return s >= 0 && s < STATUSES && matches[s];
    }
}
