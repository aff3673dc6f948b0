package dev.logmon.core.filter;

import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;

/**
 * The user agent contains a text, ASCII letter case ignored ({@code agent~bot}). False when the
 * format has no user agent.
 */
final class AgentPredicate implements LinePredicate {
    private final byte[] needle;

    /** @param needle lower case, not empty */
    AgentPredicate(final byte[] needle) {
        this.needle = needle.clone();
    }

    @Override
    public boolean test(final LogEvent event) {
        if (event.agentLength < 0) {
            AccessLogParser.findAgent(event); // a Common/auto line: its agent is looked for only now
        }
        final byte[] b = event.agentBytes;
        return b != null && Ascii.containsIgnoreCase(b, event.agentAt, event.agentLength, needle);
    }
}
