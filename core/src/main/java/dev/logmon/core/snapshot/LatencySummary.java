package dev.logmon.core.snapshot;

import org.HdrHistogram.AbstractHistogram;

/**
 * Request-time percentiles of a window (or of one section in it), in milliseconds whatever unit
 * the log wrote ({@code %D} microseconds, {@code %T} and {@code $request_time} seconds). Values
 * are the histogram's (equivalent within its precision), recorded with microsecond resolution.
 *
 * @param count requests with a request time
 * @param p50   median, ms
 * @param p90   90th percentile, ms
 * @param p99   99th percentile, ms
 * @param p999  99.9th percentile, ms
 * @param max   largest, ms
 */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max) {
    /** No request time recorded. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    /** The percentiles of a histogram of microseconds. */
    public static LatencySummary of(final AbstractHistogram micros) {
        final long n = micros.getTotalCount();
        if (n == 0) {
            return EMPTY;
        }
        return new LatencySummary(n, ms(micros.getValueAtPercentile(50.0)), ms(micros.getValueAtPercentile(90.0)),
                ms(micros.getValueAtPercentile(99.0)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()));
    }

    private static double ms(final long micros) {
        return micros / 1000.0;
    }
}
