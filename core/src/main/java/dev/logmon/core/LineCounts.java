package dev.logmon.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Line totals since start. {@code read == parsed + malformed} always.
 *
 * @param read              lines handed to the parser
 * @param parsed            lines counted as hits
 * @param malformed         lines that could not be parsed
 * @param malformedByReason malformed lines by reason (every reason present, zeros included)
 * @param late              parsed lines older than the 2-minute window when they arrived (lifetime only)
 * @param future            parsed lines stamped too far ahead of the clock (lifetime only)
 */
public record LineCounts(long read, long parsed, long malformed, Map<MalformedReason, Long> malformedByReason,
                         long late, long future) {

    public LineCounts {
        malformedByReason = Collections.unmodifiableMap(new EnumMap<>(malformedByReason));
    }

    /** Builds the record from a counter array indexed by reason ordinal. */
    public static LineCounts of(final long parsed, final long[] malformedByOrdinal, final long late, final long future) {
        final Map<MalformedReason, Long> byReason = new EnumMap<>(MalformedReason.class);
        long malformed = 0;
        for (final MalformedReason r : MalformedReason.values()) {
            byReason.put(r, malformedByOrdinal[r.ordinal()]);
            malformed += malformedByOrdinal[r.ordinal()];
        }
        return new LineCounts(parsed + malformed, parsed, malformed, byReason, late, future);
    }
}
