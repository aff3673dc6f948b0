package dev.logmon.core.snapshot;


/**
 * One row of a popular-sections list: hits, how many of them were 4xx and 5xx, and the request
 * times of the section when the format has them and the section held a latency histogram in the
 * window ({@link dev.logmon.core.analyze.SectionLatencies}); null otherwise.
 */
public record SectionCount(String section, long hits, long clientErrors, long serverErrors, LatencySummary latency) {

    /** A row without request times. */
    public SectionCount(final String section, final long hits, final long clientErrors, final long serverErrors) {
        this(section, hits, clientErrors, serverErrors, null);
    }

    /** Share of the section's hits that were 4xx, 0..1 (0 without hits). */
    public double clientErrorShare() {
        return hits == 0 ? 0 : clientErrors / (double) hits;
    }

    /** Share of the section's hits that were 5xx, 0..1 (0 without hits). */
    public double serverErrorShare() {
        return hits == 0 ? 0 : serverErrors / (double) hits;
    }
}
