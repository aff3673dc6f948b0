package dev.logmon.fleet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.analyze.FrameCodecException;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.combine.CombinerReadings;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.combine.SnapshotCombiner;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.snapshot.Snapshot;

/**
 * The aggregator's merge, on one thread: every instance's frames summed by second and handed to
 * the same {@link SnapshotCombiner} a local run has (windows, alerts, snapshots, sinks), with a
 * watermark deciding when a second is complete.
 *
 * <pre>
 *   accept(envelope)   instance heard; its closed second moves on (unless more than a day
 *                        past this clock: future, see FUTURE_AFTER_SECONDS)
 *                      (instance, run, seq) merged before: dropped, counted as a duplicate
 *                      frame more than a day past this clock: lifetime and lines.future only
 *                      frame of a second still open here: summed into that second
 *                      frame of a second closed here, or a spill: straight to the combiner
 *                        (it lands in its second's slot inside the 2-minute window, else late)
 *   advance(now)       close every second up to
 *                        max( min closed over instances not gone,
 *                             newest closed + seconds since it was reached - lateness )
 *                      i.e. a second closes when every live instance has passed it, or at most
 *                      --lateness after the first instance passed it; then the combiner's tick
 * </pre>
 *
 * An instance is late when its closed second is more than the lateness behind the newest one
 * (its frames arrive after their seconds closed: they join their second's slot inside the
 * 2-minute window, else count as late) and gone after {@code goneAfterMs} without a record
 * (seconds no longer wait for it at all).
 */
public final class FleetMerger {
    private static final long UNSET = Long.MIN_VALUE;
    /**
     * Silence after which an instance is forgotten (dropped from {@code instances} and from the
     * dedup memory): at least an hour, and twice the gone time. Without it every id ever seen
     * (a restarted container's new host name, a stray producer) stayed in memory and in every
     * snapshot for the aggregate's life.
     */
    static final long FORGET_AFTER_MS = 3_600_000;
    /**
     * A frame stamped more than this past the aggregate's own wall clock is <em>future</em>, as a
     * local run's line is: a stray producer, a clock hours or years ahead, a mistaken unit. It
     * counts in lifetime and {@code lines.future} and never moves an instance's closed second or
     * the watermark (which would otherwise jump there for good, leaving the windows and alerts
     * empty until a restart).
     */
    static final long FUTURE_AFTER_SECONDS = 86_400;

    private final FrameExchange exchange;
    private final SnapshotCombiner combiner;
    private final FrameCodec codec = new FrameCodec();
    private final Frame decoded;
    private final int topCapacity;
    private final long latenessSeconds;
    private final long goneAfterMs;
    private final Map<String, InstanceTrack> instances = new HashMap<>();
    private final TreeMap<Long, Frame> open = new TreeMap<>();
    private final ArrayDeque<Frame> pool = new ArrayDeque<>();
    private long newest = UNSET;
    private long newestAtMs;
    private long closedUpTo = UNSET;
    private boolean sealedSince;
    private long nowMs;
    private long damaged;
    private String lastDamage;
    private boolean finished;
    private boolean latencySeen;
    private volatile List<InstanceStatus> lastStatuses = List.of();

    /**
     * @param topCapacity     capacity of the merged frames (give the instances' merged capacity or more)
     * @param latenessSeconds how long a second waits for slow instances
     * @param goneAfterMs     silence after which an instance is gone
     * @param setup           the combiner's setup for the given exchanges (everything but the readings)
     * @param readings        what snapshots read besides the instances (handler errors, deliveries)
     */
    public FleetMerger(final int topCapacity, final long latenessSeconds, final long goneAfterMs,
                       final Function<FrameExchange[], CombinerSetup.Builder> setup, final CombinerReadings readings) {
        this.topCapacity = topCapacity;
        this.latenessSeconds = latenessSeconds;
        this.goneAfterMs = goneAfterMs;
        this.exchange = new FrameExchange(topCapacity);
        this.decoded = new Frame(topCapacity);
        this.combiner = new SnapshotCombiner(setup.apply(new FrameExchange[] {exchange})
                .readings(new Readings(readings)).build());
    }

    /**
     * Merges one envelope.
     *
     * @param nowMs the wall clock, for the instance's last-heard time
     * @return false when it was dropped (a duplicate or a damaged frame)
     */
    public boolean accept(final FrameEnvelope e, final long nowMs) {
        this.nowMs = nowMs;
        final InstanceTrack t = instances.computeIfAbsent(e.instance(), InstanceTrack::new);
        t.heardMs = nowMs;
        if (!t.admit(e.run(), e.seq())) {
            return false;
        }
        final long futureAfter = Math.floorDiv(nowMs, 1_000) + FUTURE_AFTER_SECONDS;
        if (e.closed() != UNSET && e.closed() > t.closed && e.closed() <= futureAfter) {
            t.closed = e.closed();
            if (newest == UNSET || t.closed > newest) {
                newest = t.closed;
                newestAtMs = nowMs;
            }
        }
        if (e.heartbeat()) {
            return true;
        }
        try {
            codec.decode(e.frame(), decoded);
        } catch (FrameCodecException ex) {
            damaged++;
            lastDamage = e.instance() + ": " + ex.getMessage();
            return false;
        }
        t.frames++;
        if (decoded.latency.getTotalCount() > 0) {
            latencySeen = true;
        }
        final boolean future = decoded.spill == Frame.IN_TIME && decoded.second > futureAfter;
        if (future || decoded.spill != Frame.IN_TIME || (closedUpTo != UNSET && decoded.second <= closedUpTo)) {
            final Frame f = exchange.obtain(decoded.second);
            f.add(decoded);
            f.second = decoded.second;
            f.spill = future ? Frame.FUTURE : decoded.spill;
            exchange.seal(f, Long.MIN_VALUE);
            sealedSince = true;
            return true;
        }
        Frame sum = open.get(decoded.second);
        if (sum == null) {
            sum = obtain(decoded.second);
            open.put(decoded.second, sum);
        }
        sum.add(decoded);
        return true;
    }

    private Frame obtain(final long second) {
        Frame f = pool.poll();
        if (f == null) {
            f = exchange.obtain(second);
        }
        f.clear(second);
        return f;
    }

    /** The second up to which the watermark allows closing now, or {@link Long#MIN_VALUE}. */
    long closable(final long now) {
        if (newest == UNSET) {
            return UNSET;
        }
        // every instance not gone is waited for, at most the lateness after the newest passed a second
        long minLive = UNSET;
        for (final InstanceTrack t : instances.values()) {
            if (t.closed != UNSET && t.state(newest, now, latenessSeconds, goneAfterMs) != InstanceStatus.State.GONE) {
                minLive = minLive == UNSET ? t.closed : Math.min(minLive, t.closed);
            }
        }
        final long byClock = newest + Math.max(0, now - newestAtMs) / 1_000 - latenessSeconds;
        return Math.max(minLive, byClock);
    }

    /**
     * Closes what the watermark allows and runs the combiner's tick (its snapshots, alerts, sinks).
     *
     * @param nowMs the wall clock
     */
    public void advance(final long nowMs) {
        this.nowMs = nowMs;
        final long forgetMs = Math.max(FORGET_AFTER_MS, 2 * goneAfterMs);
        instances.values().removeIf(t -> nowMs - t.heardMs > forgetMs);
        final long to = closable(nowMs);
        if (to == UNSET || (closedUpTo != UNSET && to <= closedUpTo)) {
            if (sealedSince && closedUpTo != UNSET) {
                tick(closedUpTo, false);
            }
            return;
        }
        while (!open.isEmpty() && open.firstKey() <= to) {
            final Frame f = open.pollFirstEntry().getValue();
            exchange.seal(f, f.second);
        }
        closedUpTo = to;
        tick(to, false);
    }

    /** Closes every second still open and publishes the final snapshot. */
    public void finish(final long nowMs) {
        if (finished) {
            return;
        }
        this.nowMs = nowMs;
        long to = closedUpTo == UNSET ? (newest == UNSET ? nowMs / 1_000 : newest) : closedUpTo;
        if (!open.isEmpty()) {
            to = Math.max(to, open.lastKey());
        }
        while (!open.isEmpty()) {
            final Frame f = open.pollFirstEntry().getValue();
            exchange.seal(f, f.second);
        }
        closedUpTo = to;
        tick(to, true);
        finished = true;
    }

    private void tick(final long to, final boolean last) {
        sealedSince = false;
        statuses();
        combiner.onTick(to, last);
    }

    private List<InstanceStatus> statuses() {
        final List<InstanceStatus> list = new ArrayList<>(instances.size());
        for (final InstanceTrack t : instances.values()) {
            list.add(t.status(newest, nowMs, latenessSeconds, goneAfterMs));
        }
        list.sort((a, b) -> a.id().compareTo(b.id()));
        lastStatuses = List.copyOf(list);
        return lastStatuses;
    }

    /** The instances as of the last tick (any thread). */
    public List<InstanceStatus> instances() {
        return lastStatuses;
    }

    /** The last snapshot published, or null (any thread). */
    public Snapshot latest() {
        return combiner.latest();
    }

    /** Frames that could not be decoded (damaged, or of a newer frame format). */
    public long damaged() {
        return damaged;
    }

    /** The reason the last damaged frame was refused, or null. */
    public String lastDamage() {
        return lastDamage;
    }

    /** The last second closed here, or {@link Long#MIN_VALUE}. */
    public long closedUpTo() {
        return closedUpTo;
    }

    /** Capacity of the merged frames. */
    public int topCapacity() {
        return topCapacity;
    }

    /** The combiner's readings, with the instances added. */
    private final class Readings implements CombinerReadings {
        private final CombinerReadings base;

        Readings(final CombinerReadings base) {
            this.base = base;
        }

        @Override
        public long handlerErrors() {
            return base.handlerErrors();
        }

        @Override
        public List<dev.logmon.core.snapshot.DeliveryStats> deliveries() {
            return base.deliveries();
        }

        @Override
        public boolean reportLatency() {
            return latencySeen || base.reportLatency();
        }

        @Override
        public List<InstanceStatus> instances() {
            return lastStatuses;
        }
    }
}
