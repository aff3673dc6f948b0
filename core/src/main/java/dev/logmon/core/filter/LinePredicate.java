package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;

/**
 * A compiled {@code --where} condition on one parsed line. Implementations compare bytes in place
 * and allocate nothing; a tree may keep scratch state, so it is confined to one thread.
 */
public interface LinePredicate {
    /**
     * Whether the parsed line in {@code event} (a DATA event, its request and agent views still
     * valid) matches.
     */
    boolean test(LogEvent event);
}
