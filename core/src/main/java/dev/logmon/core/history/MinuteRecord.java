package dev.logmon.core.history;

import org.HdrHistogram.Histogram;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The counters of one minute as the history store keeps them: exact totals, bounded top lists and
 * compressed histograms. Immutable (arrays are copied in and out). Records add: two records of the
 * same minute (a late frame, a restart) describe the minute together, so readers sum them.
 *
 * @param minute        epoch second the minute starts at (a multiple of 60)
 * @param hits          parsed lines
 * @param bytes         response bytes
 * @param status        hits by status class (1xx..5xx, other), {@link dev.logmon.core.snapshot.StatusCounts#CLASSES} entries
 * @param malformed     malformed lines by {@link dev.logmon.core.format.MalformedReason} ordinal
 * @param sections      top sections by hits (no request times), descending
 * @param hosts         top hosts by bytes, descending
 * @param topErrorBound how far below its true value a listed count of this minute may be: the
 *                      frame's own bound, or the largest count left off the lists, whichever is larger
 * @param sizes         response sizes, HdrHistogram compressed form; empty without hits
 * @param latency       request times in microseconds, compressed; empty when no line had one
 */
public record MinuteRecord(long minute, long hits, long bytes, long[] status, long[] malformed,
                           List<SectionCount> sections, List<HostCount> hosts, long topErrorBound,
                           byte[] sizes, byte[] latency) {

    /** Most sections and most hosts a record keeps. */
    public static final int TOP = 20;

    public MinuteRecord {
        status = status.clone();
        malformed = malformed.clone();
        sections = List.copyOf(sections);
        hosts = List.copyOf(hosts);
        sizes = sizes.clone();
        latency = latency.clone();
    }

    /** The minute of an epoch second. */
    public static long minuteOf(final long second) {
        return Math.floorDiv(second, 60L) * 60L;
    }

    /**
     * Snapshots the counters of {@code f} (not kept: frames are pooled) as the record of {@code minute}.
     * Allocates and compresses the histograms: call it once a minute.
     */
    public static MinuteRecord of(final long minute, final Frame f) {
        final List<TopCounter.Entry> topSections = f.sections.top(TOP + 1);
        final List<TopCounter.Entry> topHosts = f.hosts.top(TOP + 1);
        long bound = Math.max(f.sections.errorBound(), f.hosts.errorBound());
        final List<SectionCount> sections = new ArrayList<>(TOP);
        for (int i = 0; i < topSections.size(); i++) {
            final TopCounter.Entry e = topSections.get(i);
            if (i < TOP) {
                sections.add(new SectionCount(e.key(), e.c0(), e.c1(), e.c2()));
            } else {
                bound = Math.max(bound, e.c0());
            }
        }
        final List<HostCount> hosts = new ArrayList<>(TOP);
        for (int i = 0; i < topHosts.size(); i++) {
            final TopCounter.Entry e = topHosts.get(i);
            if (i < TOP) {
                hosts.add(new HostCount(e.key(), e.c0(), e.c1()));
            } else {
                bound = Math.max(bound, e.c0());
            }
        }
        return new MinuteRecord(minute, f.hits, f.bytes, f.status, f.malformed, sections, hosts, bound,
                f.hits > 0 ? FrameCodec.compress(f.sizes) : new byte[0],
                FrameCodec.compressLatency(f.latency));
    }

    /** Decodes a compressed histogram of this record ({@link #sizes} or {@link #latency}); null when empty. */
    public static Histogram decode(final byte[] compressed) {
        if (compressed.length == 0) {
            return null;
        }
        try {
            return FrameCodec.decompress(ByteBuffer.wrap(compressed));
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("bad histogram: " + e.getMessage(), e);
        }
    }

    /** Malformed lines of every reason. */
    public long malformedTotal() {
        long sum = 0;
        for (final long m : malformed) {
            sum += m;
        }
        return sum;
    }

    @Override
    public long[] status() {
        return status.clone();
    }

    @Override
    public long[] malformed() {
        return malformed.clone();
    }

    @Override
    public byte[] sizes() {
        return sizes.clone();
    }

    @Override
    public byte[] latency() {
        return latency.clone();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof MinuteRecord r && minute == r.minute && hits == r.hits && bytes == r.bytes
                && topErrorBound == r.topErrorBound && Arrays.equals(status, r.status)
                && Arrays.equals(malformed, r.malformed) && sections.equals(r.sections) && hosts.equals(r.hosts)
                && Arrays.equals(sizes, r.sizes) && Arrays.equals(latency, r.latency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minute, hits, bytes, Arrays.hashCode(status), sections, hosts);
    }

    @Override
    public String toString() {
        return "MinuteRecord[" + minute + " hits=" + hits + " bytes=" + bytes + " status=" + Arrays.toString(status)
                + " sections=" + sections + " hosts=" + hosts + "]";
    }
}
