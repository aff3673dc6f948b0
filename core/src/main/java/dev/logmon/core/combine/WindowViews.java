package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LatencySummary;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.SourceCount;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.core.analyze.SourceCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a merged frame into the immutable {@link WindowView} of a snapshot: the top sections and
 * hosts (Strings exist only for these winners), status classes, size percentiles and, when the
 * format has a request time, latency summaries. Allocates; runs once per view of a snapshot.
 */
final class WindowViews {
    private WindowViews() {
    }

    /**
     * @param f             the frame summed over the view's seconds
     * @param seconds       seconds the view spans (its rate's denominator)
     * @param top           length of the top lists
     * @param reportLatency whether to summarise request times
     */
    static WindowView of(final Frame f, final long seconds, final int top, final boolean reportLatency) {
        return of(f, seconds, top, reportLatency, List.of());
    }

    /**
     * @param sourceNames each source's name by its id (a row past the list is named {@code source N})
     */
    static WindowView of(final Frame f, final long seconds, final int top, final boolean reportLatency,
                         final List<String> sourceNames) {
        return of(f, seconds, reportLatency, sourceNames, f.sections.top(top), f.hosts.top(top));
    }

    /**
     * @param topSections the frame's top sections ({@link TopCounter#top})
     * @param topHosts    the frame's top hosts
     */
    static WindowView of(final Frame f, final long seconds, final boolean reportLatency, final List<String> sourceNames,
                         final List<TopCounter.Entry> topSections, final List<TopCounter.Entry> topHosts) {
        final List<SectionCount> sections = new ArrayList<>();
        for (final TopCounter.Entry e : topSections) {
            final org.HdrHistogram.Histogram h = reportLatency ? f.sectionLatencies.of(e.hash()) : null;
            sections.add(new SectionCount(e.key(), e.c0(), e.c1(), e.c2(), h == null ? null : LatencySummary.of(h)));
        }
        final List<HostCount> hosts = new ArrayList<>();
        for (final TopCounter.Entry e : topHosts) {
            hosts.add(new HostCount(e.key(), e.c0(), e.c1()));
        }
        final boolean any = f.hits > 0;
        return new WindowView(seconds, f.hits, seconds > 0 ? f.hits / (double) seconds : 0.0, f.bytes,
                StatusCounts.of(f.status), sections, hosts,
                any ? f.sizes.getValueAtPercentile(50.0) : 0,
                any ? f.sizes.getValueAtPercentile(99.0) : 0,
                any ? f.sizes.getMaxValue() : 0,
                Math.max(f.sections.errorBound(), f.hosts.errorBound()),
                reportLatency ? LatencySummary.of(f.latency) : null,
                f.visitors.estimate(), sources(f.sources, sourceNames));
    }

    /** The rows with hits, busiest first (ties in source order). */
    static List<SourceCount> sources(final SourceCounters c, final List<String> names) {
        final List<SourceCount> rows = new ArrayList<>();
        for (int r = 0; r < c.rows(); r++) {
            if (c.hits(r) > 0) {
                final String name = r == SourceCounters.OTHER ? SourceCount.OTHER
                        : r < names.size() ? names.get(r) : "source " + r;
                rows.add(new SourceCount(name, c.hits(r), c.bytes(r), c.errors4xx(r), c.errors5xx(r)));
            }
        }
        rows.sort(Comparator.comparingLong(SourceCount::hits).reversed());
        return rows;
    }
}
