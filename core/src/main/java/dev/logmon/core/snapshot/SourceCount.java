package dev.logmon.core.snapshot;

/**
 * One row of a window's per-source breakdown: a source ({@code -s} option; a glob pattern is one
 * source) with its hits, response bytes and 4xx and 5xx hits. The row named {@link #OTHER} sums the
 * sources past the per-frame capacity ({@link dev.logmon.core.analyze.SourceCounters#CAPACITY}).
 *
 * @param source       the source as given on the command line (sanitised by the sinks that print it)
 * @param hits         parsed lines of the source in the window
 * @param bytes        their response bytes
 * @param clientErrors hits with a 4xx status
 * @param serverErrors hits with a 5xx status
 */
public record SourceCount(String source, long hits, long bytes, long clientErrors, long serverErrors) {
    /** Name of the row that sums the sources beyond the capacity. */
    public static final String OTHER = "(other)";

    /** Share of the source's hits that were 4xx, 0..1 (0 without hits). */
    public double clientErrorShare() {
        return hits == 0 ? 0 : clientErrors / (double) hits;
    }

    /** Share of the source's hits that were 5xx, 0..1 (0 without hits). */
    public double serverErrorShare() {
        return hits == 0 ? 0 : serverErrors / (double) hits;
    }
}
