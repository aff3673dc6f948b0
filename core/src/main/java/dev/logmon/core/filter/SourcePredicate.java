package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;

/** The line was read by one of the sources chosen at compile time (by name or glob). */
final class SourcePredicate implements LinePredicate {
    private final boolean[] sources;

    /** @param sources by source index, true for each that matches */
    SourcePredicate(final boolean[] sources) {
        this.sources = sources.clone();
    }

    @Override
    public boolean test(final LogEvent event) {
        final int s = event.sourceId;
        return s >= 0 && s < sources.length && sources[s];
    }
}
