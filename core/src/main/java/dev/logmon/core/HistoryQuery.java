package dev.logmon.core;

import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the records of a history range into snapshots, one per bucket of {@code everySeconds}
 * (aligned to multiples of it, as live snapshots are), in the live snapshot's shape:
 *
 * <pre>
 *   snapshot.second      the bucket's last second
 *   window "10s"         the bucket's last minute (the store's finest grain; seconds = 60)
 *   window "2m"          the whole bucket (seconds = everySeconds)
 *   window "lifetime"    from the first bucket's start to this bucket's end
 *   lines                parsed and malformed by reason, summed like the lifetime; late,
 *                        future and filtered are not stored (0)
 *   alert                off, no rule: the store keeps no alert state; avg2m and lifetimeRate
 *                        are the bucket's and the lifetime's hits per second
 *   last                 true on the last bucket (the range's final line)
 * </pre>
 *
 * Buckets from the first to the last one holding a record are all emitted, empty ones as zeros,
 * so the series is regular. Records add (several for one minute are summed); top lists merge by
 * addition, and {@code topErrorBound} is the sum of the merged records' bounds (a section left off
 * one minute's list of {@value MinuteRecord#TOP} may be under-counted by at most that much).
 */
public final class HistoryQuery {
    private final long everySeconds;
    private final int top;
    private final int capacity;

    /**
     * @param everySeconds bucket length, a multiple of 60
     * @param top          length of the top lists in the snapshots
     * @param capacity     distinct sections and hosts a window keeps exactly
     */
    public HistoryQuery(final long everySeconds, final int top, final int capacity) {
        if (everySeconds <= 0 || everySeconds % 60 != 0) {
            throw new IllegalArgumentException("everySeconds must be a positive multiple of 60: " + everySeconds);
        }
        this.everySeconds = everySeconds;
        this.top = top;
        this.capacity = capacity;
    }

    /**
     * Emits the snapshots of {@code records} (sorted by minute) in time order.
     *
     * @return how many snapshots were emitted (0 without records)
     */
    public int replay(final List<MinuteRecord> records, final Consumer<Snapshot> out) {
        if (records.isEmpty()) {
            return 0;
        }
        final long first = bucketOf(records.get(0).minute());
        final long lastBucket = bucketOf(records.get(records.size() - 1).minute());
        final Window lifetime = new Window(capacity);
        final Window bucket = new Window(capacity);
        final Window lastMinute = new Window(capacity);
        int i = 0;
        int emitted = 0;
        for (long b = first; b <= lastBucket; b += everySeconds) {
            final long end = b + everySeconds;
            bucket.clear(b);
            lastMinute.clear(end - 60);
            while (i < records.size() && records.get(i).minute() < end) {
                final MinuteRecord r = records.get(i++);
                final Histogram sizes = MinuteRecord.decode(r.sizes());
                final Histogram latency = MinuteRecord.decode(r.latency());
                lifetime.add(r, sizes, latency);
                bucket.add(r, sizes, latency);
                if (r.minute() >= end - 60) {
                    lastMinute.add(r, sizes, latency);
                }
            }
            final boolean latencies = lifetime.frame.latency.getTotalCount() > 0;
            final WindowView two = bucket.view(everySeconds, top, latencies);
            final WindowView all = lifetime.view(end - first, top, latencies);
            final LineCounts lines = LineCounts.of(lifetime.frame.hits, lifetime.frame.malformed, 0, 0);
            final AlertStatus alert = new AlertStatus(false, 0, null, two.rate(), all.rate());
            out.accept(new Snapshot(end - 1, b == lastBucket, lines, lastMinute.view(60, top, latencies), two, all,
                    alert, 0, List.of(), List.of()));
            emitted++;
        }
        return emitted;
    }

    private long bucketOf(final long minute) {
        return Math.floorDiv(minute, everySeconds) * everySeconds;
    }

    /** A frame summing records, with the records' error bounds. */
    private static final class Window {
        final Frame frame;
        long recordBounds;

        Window(final int capacity) {
            frame = new Frame(capacity);
        }

        void clear(final long second) {
            frame.clear(second);
            recordBounds = 0;
        }

        void add(final MinuteRecord r, final Histogram sizes, final Histogram latency) {
            final Frame f = frame;
            f.hits += r.hits();
            f.bytes += r.bytes();
            final long[] status = r.status();
            for (int k = 0; k < status.length; k++) {
                f.status[k] += status[k];
            }
            final long[] malformed = r.malformed();
            for (int k = 0; k < malformed.length; k++) {
                f.malformed[k] += malformed[k];
            }
            for (final SectionCount s : r.sections()) {
                final byte[] key = s.section().getBytes(StandardCharsets.UTF_8);
                f.sections.add(ByteHash.hash(key, 0, key.length), key, 0, key.length, s.hits(), s.clientErrors(),
                        s.serverErrors());
            }
            for (final HostCount h : r.hosts()) {
                final byte[] key = h.host().getBytes(StandardCharsets.UTF_8);
                f.hosts.add(ByteHash.hash(key, 0, key.length), key, 0, key.length, h.bytes(), h.hits(), 0);
            }
            if (sizes != null) {
                f.sizes.add(sizes);
            }
            if (latency != null) {
                f.latency.add(latency);
            }
            recordBounds += r.topErrorBound();
        }

        WindowView view(final long seconds, final int top, final boolean latencies) {
            final Frame f = frame;
            final List<SectionCount> sections = new ArrayList<>();
            for (final TopCounter.Entry e : f.sections.top(top)) {
                sections.add(new SectionCount(e.key(), e.c0(), e.c1(), e.c2()));
            }
            final List<HostCount> hosts = new ArrayList<>();
            for (final TopCounter.Entry e : f.hosts.top(top)) {
                hosts.add(new HostCount(e.key(), e.c0(), e.c1()));
            }
            final boolean any = f.hits > 0;
            return new WindowView(seconds, f.hits, f.hits / (double) seconds, f.bytes, StatusCounts.of(f.status),
                    sections, hosts,
                    any ? f.sizes.getValueAtPercentile(50.0) : 0,
                    any ? f.sizes.getValueAtPercentile(99.0) : 0,
                    any ? f.sizes.getMaxValue() : 0,
                    recordBounds + Math.max(f.sections.errorBound(), f.hosts.errorBound()),
                    latencies ? LatencySummary.of(f.latency) : null);
        }
    }
}
