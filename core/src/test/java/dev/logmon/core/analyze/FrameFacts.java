package dev.logmon.core.analyze;

import org.HdrHistogram.Histogram;

import dev.logmon.core.format.ByteHash;
import dev.logmon.core.format.FieldValues;
import dev.logmon.core.snapshot.StatusCounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Test helpers for frames: a canonical description of every counter (independent of the order
 * keys were added in), and seeded random frames.
 */
public final class FrameFacts {
    private FrameFacts() {
    }

    /** Every counter of a frame, top entries sorted by hash, histograms as their recorded values. */
    public static String describe(final Frame f) {
        final StringBuilder b = new StringBuilder(1024);
        b.append("second=").append(f.second).append(" spill=").append(f.spill).append(" hits=").append(f.hits)
                .append(" bytes=").append(f.bytes).append(" status=").append(Arrays.toString(f.status))
                .append(" malformed=").append(Arrays.toString(f.malformed)).append('\n');
        top(b, "sections", f.sections);
        top(b, "hosts", f.hosts);
        histogram(b, "sizes", f.sizes);
        histogram(b, "latency", f.latency);
        final List<String> sections = new ArrayList<>();
        for (int k = 0; k < f.sectionLatencies.size(); k++) {
            final StringBuilder s = new StringBuilder();
            histogram(s, "section " + f.sectionLatencies.hashAt(k), f.sectionLatencies.histogramAt(k));
            sections.add(s.toString());
        }
        sections.sort(null);
        sections.forEach(b::append);
        histogram(b, "other sections", f.sectionLatencies.other());
        if (!f.visitors.isEmpty()) { // absent from frames before the sketch: their descriptions stay as they were
            b.append("visitors=").append(f.visitors.estimate()).append('\n');
        }
        for (int r = 0; r < f.sources.rows(); r++) {
            if (f.sources.hits(r) > 0) {
                b.append("source ").append(r).append(' ').append(f.sources.hits(r)).append(' ').append(f.sources.bytes(r))
                        .append(' ').append(f.sources.errors4xx(r)).append(' ').append(f.sources.errors5xx(r)).append('\n');
            }
        }
        return b.toString();
    }

    private static void top(final StringBuilder b, final String name, final TopCounter t) {
        final List<String> entries = new ArrayList<>();
        t.forEach((hash, key, offset, length, c0, c1, c2) -> entries.add(String.format("%020d %s %d %d %d",
                hash, new String(key, offset, length, StandardCharsets.UTF_8), c0, c1, c2)));
        entries.sort(null);
        b.append(name).append(" other=").append(t.other0()).append('/').append(t.other1()).append('/')
                .append(t.other2()).append(" bound=").append(t.errorBound()).append('\n');
        entries.forEach(e -> b.append("  ").append(e).append('\n'));
    }

    private static void histogram(final StringBuilder b, final String name, final Histogram h) {
        b.append(name).append(" n=").append(h.getTotalCount());
        h.recordedValues().forEach(v -> b.append(' ').append(v.getValueIteratedTo()).append('x').append(v.getCountAtValueIteratedTo()));
        b.append('\n');
    }

    /**
     * A frame of random counters: {@code keys} distinct sections and hosts drawn from a pool of
     * that size (so two frames of one pool fit a capacity of {@code keys}), random histograms.
     */
    public static Frame random(final Random rnd, final int capacity, final int keys) {
        return random(rnd, capacity, keys, true);
    }

    /**
     * A random frame; without visitors and sources when {@code visitorsAndSources} is false (as a
     * frame of codec version 1, which had neither).
     */
    public static Frame random(final Random rnd, final int capacity, final int keys, final boolean visitorsAndSources) {
        final Frame f = new Frame(capacity);
        f.clear(1_700_000_000L + rnd.nextInt(100_000));
        f.spill = rnd.nextInt(3);
        final int lines = rnd.nextInt(400);
        for (int i = 0; i < lines; i++) {
            f.hits++;
            final long size = rnd.nextInt(10) == 0 ? (long) (rnd.nextDouble() * (1L << 41)) : rnd.nextInt(100_000);
            f.bytes += size;
            final int cls = rnd.nextInt(StatusCounts.CLASSES);
            f.status[cls]++;
            f.sizes.recordValue(Math.min(size, Frame.MAX_TRACKED_SIZE));
            final byte[] section = key(rnd, "/s", keys);
            final long sectionHash = ByteHash.hash(section, 0, section.length);
            f.sections.add(sectionHash, section, 0, section.length, 1, cls == 3 ? 1 : 0, cls == 4 ? 1 : 0);
            final byte[] host = key(rnd, "h", keys);
            final long hostHash = ByteHash.hash(host, 0, host.length);
            f.hosts.add(hostHash, host, 0, host.length, size, 1, 0);
            if (visitorsAndSources) { // no draw from rnd: the frames of a seed keep their other counters
                f.visitors.record(hostHash);
                f.sources.record((int) Math.floorMod(sectionHash, 3L), size, cls);
            }
            if (rnd.nextInt(3) > 0) {
                final long micros = Math.min((long) (Math.abs(rnd.nextGaussian()) * 200_000), FieldValues.MAX_LATENCY_MICROS);
                f.latency.recordValue(micros);
                f.sectionLatencies.record(sectionHash, micros); // past 32 sections: into other
            }
        }
        for (int i = 0; i < f.malformed.length; i++) {
            f.malformed[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(1_000) : 0;
        }
        if (rnd.nextBoolean()) {
            f.sections.addPurged(rnd.nextInt(50), rnd.nextInt(5), rnd.nextInt(5), rnd.nextInt(7));
            f.hosts.addPurged(rnd.nextInt(50_000), rnd.nextInt(50), 0, rnd.nextInt(700));
        }
        return f;
    }

    private static byte[] key(final Random rnd, final String prefix, final int keys) {
        final int k = rnd.nextInt(keys);
        final String s = k % 7 == 0 ? prefix + k + "/\u00e9t\u00e9" : prefix + k; // some multi-byte keys
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
