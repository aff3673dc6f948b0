package dev.logmon.core.analyze;

import dev.logmon.core.format.FieldValues;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.StatusCounts;
import org.HdrHistogram.Histogram;

/**
 * Counters for one second of traffic (or, in the combiner, a sum of seconds). Everything in a
 * frame adds: shards merge by addition, windows are sums of frames, and a frame does not care
 * which shard, machine or thread made it.
 *
 * <pre>
 *   second                 the second it describes (a sum keeps the latest)
 *   hits, bytes            parsed lines and response bytes
 *   status[6]              hits by class: 1xx 2xx 3xx 4xx 5xx other
 *   sections  TopCounter   section -> (hits, 4xx hits, 5xx hits)
 *   hosts     TopCounter   host    -> (bytes, hits, 0)
 *   sizes     Histogram    response sizes in bytes (clamped to the trackable range)
 *   latency   Histogram    request times in microseconds, lines that have one (clamped to 1 h)
 *   sectionLatencies       request times of up to 32 sections ({@link SectionLatencies})
 *   visitors  sketch       distinct client addresses ({@link VisitorSketch}, merged by union)
 *   sources   counters     hits, bytes, 4xx, 5xx per source ({@link SourceCounters})
 *   malformed[reasons]     malformed lines that rode along with this frame
 * </pre>
 */
public final class Frame {
    /**
     * Seconds of the longest time window frames are merged into (the 2-minute window). A line whose
     * second is this far behind the last tick can no longer join it: its analyzer counts it in a late
     * frame. The combiner's window ring and the alert rule use this length too.
     */
    public static final int WINDOW_SECONDS = 120;

    /** Largest response size the histogram tracks exactly; larger sizes are recorded as this. */
    public static final long MAX_TRACKED_SIZE = 1L << 40;

    /** {@link #spill} of a frame of one second. */
    public static final int IN_TIME = 0;
    /** {@link #spill} of a frame of lines older than the window when they were read. */
    public static final int LATE = 1;
    /** {@link #spill} of a frame of lines ahead of every second a shard could keep open. */
    public static final int FUTURE = 2;

    /** The second this frame counts (epoch seconds). */
    public long second;
    /** The tick that sealed it; used by the hand-off to the combiner. */
    public long sealedAt;
    /**
     * {@link #IN_TIME} for a frame of one second's lines; {@link #LATE} or {@link #FUTURE} for a
     * shard's spill frame, which sums lines of any seconds already known to be late, or pushed out
     * of the shard's open frames ({@link ShardAnalyzer}); it joins the lifetime only. Its
     * {@link #second} (of its first line, or the latest merged into it) files it under a minute in
     * the history.
     */
    public int spill;
    /** Parsed lines. */
    public long hits;
    /** Response bytes. */
    public long bytes;
    /** Hits by status class, indexed by {@link StatusCounts#classIndex(int)}. */
    public final long[] status = new long[StatusCounts.CLASSES];
    /** Malformed lines by reason ordinal. */
    public final long[] malformed = new long[MalformedReason.count()];
    /** Section counters: (hits, 4xx, 5xx). */
    public final TopCounter sections;
    /** Host counters: (bytes, hits, unused). */
    public final TopCounter hosts;
    /** Response sizes (2 significant digits, 0 to {@link #MAX_TRACKED_SIZE}; {@link #sizesForm()}). */
    public final Histogram sizes = sizesForm();
    /**
     * Request times in microseconds (2 significant digits, 1 us to 1 h). A frame of a format
     * without request times never records one, so the histogram starts empty and small (not the
     * 27 KB of counts of the whole range: ~4 MB over the combiner's frames); the frame's own
     * counting ({@link #record}, {@link #add}) widens it to the whole range of
     * {@link #latencyForm()} before its first value, so merges of frames take HdrHistogram's
     * direct path as they did with fixed histograms (measured: histograms of different sizes
     * merge value by value, ~9 % more combiner CPU on the 2 M replay when sizes grew that way).
     * A histogram added by another path (a decoded frame, history) grows to the values it meets,
     * which counts the same. {@link FrameCodec} encodes it in the fixed form.
     */
    public final Histogram latency = growing();
    /** Request times of the busiest sections. */
    public final SectionLatencies sectionLatencies = new SectionLatencies();
    /** Distinct client addresses (unique visitors). */
    public final VisitorSketch visitors = new VisitorSketch();
    /** Hits, bytes and errors per source. */
    public final SourceCounters sources = new SourceCounters();

    private static Histogram growing() {
        final Histogram h = new Histogram(2);
        h.setAutoResize(true);
        return h;
    }

    /**
     * Widens an empty growing histogram to track values up to {@code highest} (once: it keeps its
     * size through resets), so it merges with fixed-range ones by HdrHistogram's direct path; one
     * already holding counts, or already that wide, is left as it is.
     */
    public static void widen(final Histogram h, final long highest) {
        if (h.isAutoResize() && h.getTotalCount() == 0 && h.getHighestTrackableValue() < highest) {
            h.recordValue(highest);
            h.reset();
        }
    }

    /**
     * A histogram of the whole range of {@link #sizes}: the form frames carry it in (its header names
     * this range), and the range a decoded one must fit.
     */
    public static Histogram sizesForm() {
        return new Histogram(MAX_TRACKED_SIZE, 2);
    }

    /** A histogram of the whole range of {@link #latency}, as {@link #sizesForm()} is for sizes. */
    public static Histogram latencyForm() {
        return new Histogram(1, FieldValues.MAX_LATENCY_MICROS, 2);
    }

    /** Before this frame's own counting adds a request time: {@link #latency} at its whole range. */
    private void widenLatency() {
        if (latency.getHighestTrackableValue() < FieldValues.MAX_LATENCY_MICROS) {
            widen(latency, FieldValues.MAX_LATENCY_MICROS);
        }
    }

    /** @param topCapacity most sections and most hosts held exactly */
    public Frame(final int topCapacity) {
        sections = new TopCounter(topCapacity, LogEvent.MAX_SECTION);
        hosts = new TopCounter(topCapacity, LogEvent.MAX_HOST);
    }

    /** Counts one parsed line. */
    public void record(final LogEvent e) {
        hits++;
        final long size = e.size;
        bytes += size;
        final int cls = StatusCounts.classIndex(e.status);
        status[cls]++;
        if (e.sectionLength > 0) {
            sections.add(e.sectionHash, e.section, 0, e.sectionLength, 1, cls == 3 ? 1 : 0, cls == 4 ? 1 : 0);
        }
        hosts.add(e.hostHash, e.host, 0, e.hostLength, size, 1, 0);
        visitors.record(e.hostHash);
        sources.record(e.sourceId, size, cls);
        sizes.recordValue(Math.min(size, MAX_TRACKED_SIZE));
        final long micros = e.latencyMicros;
        if (micros >= 0) {
            final long clamped = Math.min(micros, FieldValues.MAX_LATENCY_MICROS);
            widenLatency();
            latency.recordValue(clamped);
            if (e.sectionLength > 0) {
                sectionLatencies.record(e.sectionHash, clamped);
            }
        }
    }

    /** Adds every counter of {@code other}; the second becomes the later of the two. */
    public void add(final Frame other) {
        second = Math.max(second, other.second);
        hits += other.hits;
        bytes += other.bytes;
        for (int i = 0; i < status.length; i++) {
            status[i] += other.status[i];
        }
        for (int i = 0; i < malformed.length; i++) {
            malformed[i] += other.malformed[i];
        }
        sections.addAll(other.sections);
        hosts.addAll(other.hosts);
        visitors.add(other.visitors);
        sources.addAll(other.sources);
        if (other.hits > 0) {
            sizes.add(other.sizes);
        }
        if (other.latency.getTotalCount() > 0) {
            widenLatency();
            latency.add(other.latency);
            sectionLatencies.addAll(other.sectionLatencies);
        }
    }

    /** Resets every counter so the frame can be reused for another second. */
    public void clear(final long newSecond) {
        second = newSecond;
        sealedAt = 0;
        spill = IN_TIME;
        if (hits > 0) {
            sizes.reset();
        }
        if (latency.getTotalCount() > 0) {
            latency.reset();
            sectionLatencies.clear();
        }
        hits = 0;
        bytes = 0;
        java.util.Arrays.fill(status, 0L);
        java.util.Arrays.fill(malformed, 0L);
        sections.clear();
        hosts.clear();
        visitors.clear();
        sources.clear();
    }

    /** Total malformed lines carried. */
    public long malformedTotal() {
        long sum = 0;
        for (final long m : malformed) {
            sum += m;
        }
        return sum;
    }
}
