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
        return of(f, seconds, reportLatency, sourceNames, f.sections.top(top, false, sectionRows(f, reportLatency)),
                f.hosts.top(top, false, HOST_ROWS));
    }

    /** A host row of a top list (bytes, hits), made straight from the table ({@link TopCounter#top(int, boolean, TopCounter.RowMaker)}). */
    static final TopCounter.RowMaker<HostCount> HOST_ROWS = (key, c0, c1, c2, hash) -> new HostCount(key, c0, c1);

    /** Section rows of {@code f}'s top list (hits, 4xx, 5xx, and the section's request times when reported). */
    static TopCounter.RowMaker<SectionCount> sectionRows(final Frame f, final boolean reportLatency) {
        return (key, c0, c1, c2, hash) -> {
            final org.HdrHistogram.Histogram h = reportLatency ? f.sectionLatencies.of(hash) : null;
            return new SectionCount(key, c0, c1, c2, h == null ? null : LatencySummary.of(h));
        };
    }

    /**
     * @param sections the frame's top sections ({@link #sectionRows})
     * @param hosts    the frame's top hosts ({@link #HOST_ROWS})
     */
    static WindowView of(final Frame f, final long seconds, final boolean reportLatency, final List<String> sourceNames,
                         final List<SectionCount> sections, final List<HostCount> hosts) {
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
