package dev.logmon.core.snapshot;

import dev.logmon.core.format.MalformedReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Line totals since start. {@code read == parsed + malformed + filtered} always.
 *
 * @param read              lines handed to the parser
 * @param parsed            lines counted as hits
 * @param malformed         lines that could not be parsed
 * @param malformedByReason malformed lines by reason (every reason present, zeros included)
 * @param late              parsed lines older than the 2-minute window when they arrived (lifetime only)
 * @param future            parsed lines stamped too far ahead of the clock (lifetime only)
 * @param filtered          lines outside {@code --since}/{@code --until}: read, neither parsed nor malformed
 * @param noLatency         parsed lines whose request time could not be read (AWS's {@code -1}): counted as
 *                          hits without a time; 0 for formats without one
 */
public record LineCounts(long read, long parsed, long malformed, Map<MalformedReason, Long> malformedByReason,
                         long late, long future, long filtered, long noLatency) {
    /** {@code MalformedReason.values()} once: the method clones its array on every call (once per snapshot here). */
    private static final MalformedReason[] REASONS = MalformedReason.values();

    public LineCounts {
        malformedByReason = Collections.unmodifiableMap(new EnumMap<>(malformedByReason));
    }

    /** Totals with every request time read. */
    public LineCounts(final long read, final long parsed, final long malformed,
                      final Map<MalformedReason, Long> malformedByReason, final long late, final long future,
                      final long filtered) {
        this(read, parsed, malformed, malformedByReason, late, future, filtered, 0);
    }

    /** Totals of a run without a time filter. */
    public LineCounts(final long read, final long parsed, final long malformed,
                      final Map<MalformedReason, Long> malformedByReason, final long late, final long future) {
        this(read, parsed, malformed, malformedByReason, late, future, 0);
    }

    /** Builds the record from a counter array indexed by reason ordinal, with nothing filtered. */
    public static LineCounts of(final long parsed, final long[] malformedByOrdinal, final long late, final long future) {
        return of(parsed, malformedByOrdinal, late, future, 0);
    }

    /** Builds the record from a counter array indexed by reason ordinal. */
    public static LineCounts of(final long parsed, final long[] malformedByOrdinal, final long late, final long future,
                                final long filtered) {
        return of(parsed, malformedByOrdinal, late, future, filtered, 0);
    }

    /** Builds the record from a counter array indexed by reason ordinal, with unreadable request times. */
    public static LineCounts of(final long parsed, final long[] malformedByOrdinal, final long late, final long future,
                                final long filtered, final long noLatency) {
        final Map<MalformedReason, Long> byReason = new EnumMap<>(MalformedReason.class);
        long malformed = 0;
        for (final MalformedReason r : REASONS) {
            byReason.put(r, malformedByOrdinal[r.ordinal()]);
            malformed += malformedByOrdinal[r.ordinal()];
        }
        return new LineCounts(parsed + malformed + filtered, parsed, malformed, byReason, late, future, filtered,
                noLatency);
    }
}
