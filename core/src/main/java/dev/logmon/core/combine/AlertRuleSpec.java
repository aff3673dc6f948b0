package dev.logmon.core.combine;

import dev.logmon.core.snapshot.AlertRuleKind;

/**
 * One named alert rule as configured ({@code --rule} or {@code --rules}); checked by the command
 * line before it gets here. The meaning of {@code limit} depends on the kind:
 *
 * <pre>
 *   kind          condition (over the last windowSeconds, once at least windowSeconds have run)
 *   RELATIVE      hits/s > lifetime hits/s + limit            (named "traffic" rule, mode relative)
 *   ABSOLUTE      hits/s > limit                              (named "traffic" rule, mode absolute)
 *   ERROR_RATIO   hits >= minHits and share of statusMask classes > limit
 *   LATENCY       requests timed >= minHits and the percentile of request times > limit ms
 *   SILENCE       hits < limit
 *   CLIENT_FLOOD  hits >= minHits and the busiest host's share > limit (if limit > 0)
 *                 or its hits/s > rate (if rate > 0)
 * </pre>
 *
 * @param name                 unique name, carried by every alert of the rule
 * @param kind                 what it looks at
 * @param windowSeconds        window length, 1 .. {@value AlertRule#WINDOW_SECONDS}
 * @param forSeconds           the condition must hold this long before the alert fires
 * @param keepFiringForSeconds once firing, the alert resolves only after the condition has been
 *                             false this long
 * @param minHits              fewest hits (timed requests for latency) in the window for the rule to hold
 * @param limit                the threshold, in the kind's unit (see above)
 * @param statusMask           error-ratio: bit {@code i} set counts status class {@code i+1}xx
 * @param percentile           latency: the percentile, 0 .. 100
 * @param rate                 client-flood: the busiest host's hits/s limit (0: unused)
 * @param source               the source ({@code -s} option, by its index) the rule looks at, or
 *                             {@link #ALL_SOURCES}; scoped rules count that source's rows of the
 *                             per-source breakdown ({@link dev.logmon.core.analyze.SourceCounters}),
 *                             so only absolute traffic, 4xx/5xx error-ratio and silence take one
 */
public record AlertRuleSpec(String name, AlertRuleKind kind, int windowSeconds, long forSeconds,
                            long keepFiringForSeconds, long minHits, double limit, int statusMask, double percentile,
                            double rate, int source) {
    /** {@link #source} of a rule over all traffic. */
    public static final int ALL_SOURCES = -1;

    /** A rule over all traffic. */
    public AlertRuleSpec(final String name, final AlertRuleKind kind, final int windowSeconds, final long forSeconds,
                         final long keepFiringForSeconds, final long minHits, final double limit, final int statusMask,
                         final double percentile, final double rate) {
        this(name, kind, windowSeconds, forSeconds, keepFiringForSeconds, minHits, limit, statusMask, percentile, rate,
                ALL_SOURCES);
    }
}
