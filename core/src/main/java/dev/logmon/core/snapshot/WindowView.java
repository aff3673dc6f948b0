package dev.logmon.core.snapshot;

import java.util.List;

/**
 * The merged counters of one time window (10 s, 2 min or lifetime) at one snapshot.
 *
 * @param seconds       how many seconds the window covers so far (less than its length while warming up)
 * @param hits          parsed lines counted in the window
 * @param rate          hits per second over {@code seconds}
 * @param bytes         response bytes
 * @param status        hits by status class
 * @param sections      top sections by hits, descending
 * @param hosts         top hosts by bytes, descending
 * @param sizeP50       median response size in bytes
 * @param sizeP99       99th percentile response size
 * @param sizeMax       largest response size
 * @param topErrorBound 0 when the top lists are exact; otherwise the most any listed count may be
 *                      under its true value (keys beyond the per-frame capacity were summarised)
 * @param latency       request-time percentiles in ms over every line of the window that had one;
 *                      null when the format has no request time
 * @param visitors      distinct client addresses (unique visitors), estimated by an HLL sketch
 *                      ({@link dev.logmon.core.analyze.VisitorSketch}: exact in practice up to a few
 *                      hundred, 1.6 % relative standard error beyond); 0 when unknown
 * @param sources       hits, bytes and errors per source, busiest first (empty when unknown)
 */
public record WindowView(
        long seconds,
        long hits,
        double rate,
        long bytes,
        StatusCounts status,
        List<SectionCount> sections,
        List<HostCount> hosts,
        long sizeP50,
        long sizeP99,
        long sizeMax,
        long topErrorBound,
        LatencySummary latency,
        long visitors,
        List<SourceCount> sources) {

    public WindowView {
        sections = List.copyOf(sections);
        hosts = List.copyOf(hosts);
        sources = List.copyOf(sources);
    }

    /** A window without visitors and sources (a history bucket, or JSON written before them). */
    public WindowView(final long seconds, final long hits, final double rate, final long bytes,
                      final StatusCounts status, final List<SectionCount> sections, final List<HostCount> hosts,
                      final long sizeP50, final long sizeP99, final long sizeMax, final long topErrorBound,
                      final LatencySummary latency) {
        this(seconds, hits, rate, bytes, status, sections, hosts, sizeP50, sizeP99, sizeMax, topErrorBound, latency, 0,
                List.of());
    }

    /** A window of a format without request times. */
    public WindowView(final long seconds, final long hits, final double rate, final long bytes,
                      final StatusCounts status, final List<SectionCount> sections, final List<HostCount> hosts,
                      final long sizeP50, final long sizeP99, final long sizeMax, final long topErrorBound) {
        this(seconds, hits, rate, bytes, status, sections, hosts, sizeP50, sizeP99, sizeMax, topErrorBound, null);
    }
}
