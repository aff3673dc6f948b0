package dev.logmon.core.history;

import org.HdrHistogram.Histogram;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.format.ByteHash;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LatencySummary;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
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
 * Records are taken one at a time in minute order and snapshots emitted as buckets complete, so
 * a month of minutes is never held in memory. Buckets from the first to the last one holding a
 * record are all emitted, empty ones as zeros, so the series is regular. Records add (several for one minute are summed); top lists merge by
 * addition, and {@code topErrorBound} is the sum of the merged records' bounds (a section left off
 * one minute's list of {@value MinuteRecord#TOP} may be under-counted by at most that much).
 */
public final class HistoryQuery { // one query per instance
    private static final long UNSET = Long.MIN_VALUE;

    private final long everySeconds;
    private final int top;
    private final Consumer<Snapshot> out;
    private final Window lifetime;
    private final Window bucket;
    private final Window lastMinute;
    private long first = UNSET;
    private long current = UNSET;
    private Snapshot pending;
    private int emitted;

    /**
     * @param everySeconds bucket length, a multiple of 60
     * @param top          length of the top lists in the snapshots
     * @param capacity     distinct sections and hosts a window keeps exactly
     * @param out          told each snapshot, in time order
     */
    public HistoryQuery(final long everySeconds, final int top, final int capacity, final Consumer<Snapshot> out) {
        if (everySeconds <= 0 || everySeconds % 60 != 0) {
            throw new IllegalArgumentException("everySeconds must be a positive multiple of 60: " + everySeconds);
        }
        this.everySeconds = everySeconds;
        this.top = top;
        this.out = out;
        this.lifetime = new Window(capacity);
        this.bucket = new Window(capacity);
        this.lastMinute = new Window(capacity);
    }

    /** Replays a whole list of records (sorted by minute); returns how many snapshots were emitted. */
    public int replay(final List<MinuteRecord> records) {
        for (final MinuteRecord r : records) {
            add(r);
        }
        return finish();
    }

    /**
     * Adds the next record, in minute order (a record older than the current bucket joins it).
     * Emits the snapshot of every bucket the record's minute has moved past, one bucket behind.
     */
    public void add(final MinuteRecord r) {
        final long b = bucketOf(r.minute());
        if (first == UNSET) {
            first = b;
            open(b);
        }
        while (b > current) {
            close();
            open(current + everySeconds);
        }
        final Histogram sizes = MinuteRecord.decode(r.sizes());
        final Histogram latency = MinuteRecord.decode(r.latency());
        lifetime.add(r, sizes, latency);
        bucket.add(r, sizes, latency);
        if (r.minute() >= current + everySeconds - 60) {
            lastMinute.add(r, sizes, latency);
        }
    }

    /**
     * Emits the last bucket's snapshot, marked final.
     *
     * @return how many snapshots were emitted in all (0 without records)
     */
    public int finish() {
        if (first == UNSET) {
            return 0;
        }
        close();
        final Snapshot s = pending;
        pending = null;
        out.accept(new Snapshot(s.second(), true, s.lines(), s.tenSeconds(), s.twoMinutes(), s.lifetime(),
                s.alert(), s.handlerErrors(), s.sources(), s.deliveries()));
        first = UNSET;
        return ++emitted;
    }

    private void open(final long b) {
        current = b;
        bucket.clear(b);
        lastMinute.clear(b + everySeconds - 60);
    }

    /** Builds the current bucket's snapshot and emits the one before it. */
    private void close() {
        final long end = current + everySeconds;
        final boolean latencies = lifetime.frame.latency.getTotalCount() > 0;
        final WindowView two = bucket.view(everySeconds, top, latencies);
        final WindowView all = lifetime.view(end - first, top, latencies);
        final LineCounts lines = LineCounts.of(lifetime.frame.hits, lifetime.frame.malformed, 0, 0);
        final AlertStatus alert = new AlertStatus(false, 0, null, two.rate(), all.rate());
        final Snapshot s = new Snapshot(end - 1, false, lines, lastMinute.view(60, top, latencies), two, all, alert,
                0, List.of(), List.of());
        if (pending != null) {
            out.accept(pending);
            emitted++;
        }
        pending = s;
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
