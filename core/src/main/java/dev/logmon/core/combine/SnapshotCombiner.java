package dev.logmon.core.combine;

import com.lmax.disruptor.EventHandler;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.WindowView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Merges the shards' sealed frames at each TICK into the window ring, runs the alert rule once per
 * second of the active time, and publishes snapshots and alerts.
 *
 * <pre>
 *   TICK t:  take every frame sealed at or before t from every shard, sort by second
 *            frames of already-closed seconds:  into their ring slot if inside the 2 minutes
 *                                               ending at the last closed second (the window
 *                                               their lines were read in), else lifetime only
 *                                               (counted late)
 *            for s = current+1 .. t:            clear ring slot s, add frames of second s,
 *                                               evaluate the alert at s, snapshot when s is a multiple of N
 *            frames after t (far future):       lifetime only (counted future)
 *
 *   ring:  slot = second mod 120      [s-119] ... [s-1] [s]
 *          10 s view = merge of the last 10 slots, 2 min view = merge of all 120,
 *          where ten slots that form a whole aligned block are merged as their pre-summed block,
 *          or, while that is provably the same view, a few running sums ({@link WindowSums})
 *          lifetime  = running sum of every frame ever merged
 * </pre>
 *
 * Runs on its own Disruptor thread after every shard analyzer, so all frames of a tick are in
 * their exchanges by the time it sees that tick.
 *
 * <p>It merges, windows ({@link WindowRing}), alerts ({@link AlertRule}) and snapshots
 * ({@link WindowViews}); what it knows of the run comes once, in a {@link CombinerSetup}. State
 * checkpoints and history minutes are {@link CombinerHook hooks} the engine registers there.
 */
public final class SnapshotCombiner implements EventHandler<LogEvent> {
    /** Seconds in the ring (the alert window). */
    public static final int WINDOW = WindowRing.WINDOW;
    /** Seconds in the short view. */
    public static final int SHORT_WINDOW = 10;
    /**
     * Most sections and most hosts one second of the window ring holds. The ring keeps
     * {@value #WINDOW} seconds: at the full merged capacity (10,000 per shard by default) a
     * cardinality attack filled it to ~3 MB a second, over 350 MB in all. A second with more
     * distinct keys than this keeps its largest ones (with the error bound and exact totals of
     * {@link dev.logmon.core.analyze.TopCounter}); the lifetime and the merged views keep the full capacity.
     */
    public static final int MAX_SLOT_CAPACITY = 1024;

    /** Seconds in one pre-merged block (aligned: block b holds seconds 10b .. 10b+9). */
    static final int BLOCK = WindowRing.BLOCK;
    private static final long UNSET = WindowRing.UNSET;
    private static final Comparator<Frame> BY_SECOND = Comparator.comparingLong(f -> f.second);

    private final FrameExchange[] exchanges;
    private final WindowRing ring;
    private final Frame lifetime;
    private final AlertRule alert;
    private final NamedRules rules;
    private final Consumer<AlertEvent> alertOut = this::publishAlert;
    private final SnapshotPublisher publisher;
    private final int top;
    private final long everySeconds;
    private final CombinerReadings readings;
    private final CombinerHook[] hooks;
    /** Arrival time: seconds pass on the wall clock, so an idle stretch can hide a source's state change. */
    private final boolean arrivalTime;
    /** Replays: each source's progress as counted (null: progress is live). */
    private final CountedProgress counted;
    private final List<Frame> pending = new ArrayList<>();
    /** Per exchange, how many of {@link #pending} it gave: {@link #recycle()} returns as many to it. */
    private final int[] pendingFrom;
    private final long priorSeconds;

    private long firstSecond;
    private long current;
    private long late;
    private long future;
    private boolean lastPeriodicIdle;
    /** Each source's state in the last snapshot published (an idle snapshot still goes out when one changes). */
    private List<SourceState> publishedStates = List.of();
    /** True while the final tick closes its seconds: the final snapshot shows every state anyway. */
    private boolean closingLast;
    private RuntimeException publishFailure;
    private volatile Snapshot latest;
    private volatile boolean finished;

    /** @param setup everything the combiner knows of the run */
    public SnapshotCombiner(final CombinerSetup setup) {
        this(setup, true);
    }

    /**
     * @param fastViews false to merge every view in full at each snapshot (tests compare the two:
     *                  {@link WindowRing#fastView})
     */
    SnapshotCombiner(final CombinerSetup setup, final boolean fastViews) {
        this.exchanges = setup.exchanges.clone();
        this.pendingFrom = new int[exchanges.length];
        this.alert = setup.alert;
        this.rules = new NamedRules(setup.rules, setup.rulesRepeatSeconds, setup.topCapacity);
        this.publisher = setup.publisher;
        this.top = setup.top;
        this.everySeconds = setup.everySeconds;
        this.readings = setup.readings;
        this.hooks = setup.hooks.toArray(new CombinerHook[0]);
        this.arrivalTime = setup.startSecond != null;
        this.counted = setup.finishedAt == null ? null : new CountedProgress(setup.countedSources, setup.finishedAt);
        this.ring = new WindowRing(Math.min(setup.topCapacity, MAX_SLOT_CAPACITY), setup.topCapacity, fastViews);
        lifetime = new Frame(setup.topCapacity);
        if (setup.startSecond != null) {
            firstSecond = setup.startSecond;
            current = setup.startSecond - 1;
        } else {
            firstSecond = UNSET;
            current = UNSET;
        }
        final LifetimeTotals seed = setup.seed;
        if (seed != null) {
            lifetime.add(seed.lifetime());
            late = seed.late();
            future = seed.future();
            priorSeconds = seed.seconds();
        } else {
            priorSeconds = 0;
        }
    }

    @Override
    public void onEvent(final LogEvent event, final long sequence, final boolean endOfBatch) {
        if (event.kind == LogEvent.TICK) {
            onTick(event.second, event.finalTick);
            return;
        }
        for (final CombinerHook hook : hooks) {
            hook.onLine(event);
        }
        if (counted != null) {
            counted.onLine(event);
        }
    }

    /** Tells the hooks a tick is merged, with the lifetime as it stands. */
    private void tickMerged(final long tick, final boolean last) {
        if (hooks.length == 0) {
            return;
        }
        final LifetimeTotals totals = new LifetimeTotals(lifetime, late, future, lifetimeSeconds());
        for (final CombinerHook hook : hooks) {
            hook.onTickMerged(tick, last, totals);
        }
    }

    private void flushHooks() {
        for (final CombinerHook hook : hooks) {
            hook.onFlush();
        }
    }

    private long lifetimeSeconds() {
        return (current == UNSET ? 0 : current - firstSecond + 1) + priorSeconds;
    }

    /** Processes one tick; public so tests can drive the combiner without a ring. */
    public void onTick(final long tick, final boolean last) {
        pending.clear();
        java.util.Arrays.fill(pendingFrom, 0);
        // the final tick takes every frame: a shard seals a late spill frame at the tick after
        // the last one it saw, which may be the final tick's own second
        final long upTo = last ? Long.MAX_VALUE : tick;
        for (int e = 0; e < exchanges.length; e++) {
            final FrameExchange exchange = exchanges[e];
            Frame f;
            while ((f = exchange.takeSealed(upTo)) != null) {
                if (f.spill == Frame.IN_TIME) {
                    pending.add(f);
                    pendingFrom[e]++;
                } else {
                    addSpilled(f);
                    exchange.recycle(f);
                }
            }
        }
        pending.sort(BY_SECOND);
        if (current == UNSET && !startAtFirstData(tick, last)) {
            return;
        }
        int i = 0;
        final int n = pending.size();
        while (i < n && pending.get(i).second <= current) {
            addClosed(pending.get(i++));
        }
        closingLast = last;
        for (long s = current + 1; s <= tick; s++) {
            final long next = i < n ? Math.min(pending.get(i).second, tick) : tick;
            if (next - s > 2L * WINDOW && quiet()) {
                // the window's seconds before the next frame are still opened one by one: an
                // out-of-order line read there must find its second's slot
                skipQuietSeconds(next - WINDOW - 1);
                s = next - WINDOW;
            }
            ring.open(s);
            while (i < n && pending.get(i).second == s) {
                addCurrent(pending.get(i++));
            }
            current = s;
            closeSecond(s);
        }
        while (i < n) {
            final Frame f = pending.get(i++);
            future += f.hits;
            toLifetime(f);
        }
        recycle();
        if (last) {
            flushHooks();
            publish(buildSnapshot(true));
        }
        tickMerged(tick, last); // the final checkpoint after the final snapshot: both hold every line
        if (last) {
            finished = true;
        }
        rethrowPublishFailure();
    }

    /**
     * A publisher that throws must not cut a tick short (the frames after the failing second would
     * be dropped at the next tick): failures are held until the tick is fully merged, then the
     * first is rethrown so the ring's exception handler counts it.
     */
    private void rethrowPublishFailure() {
        final RuntimeException failure = publishFailure;
        if (failure != null) {
            publishFailure = null;
            throw failure;
        }
    }

    private void holdFailure(final RuntimeException e) {
        if (publishFailure == null) {
            publishFailure = e;
        } else if (publishFailure != e) {
            publishFailure.addSuppressed(e);
        }
    }

    /**
     * Log time: the lifetime starts at the first second holding a hit, not at the first tick (the
     * watermark ticks the second before the first line as soon as that line is read). Until a hit
     * arrives, frames (malformed carriers) go to the lifetime only and no second is closed.
     *
     * @return true when the active time has started
     */
    private boolean startAtFirstData(final long tick, final boolean last) {
        long start = UNSET;
        for (int k = 0; k < pending.size(); k++) {
            if (pending.get(k).hits > 0) {
                start = Math.min(pending.get(k).second, tick);
                break;
            }
        }
        if (start == UNSET && !last) {
            for (int k = 0; k < pending.size(); k++) {
                toLifetime(pending.get(k));
            }
            recycle();
            tickMerged(tick, false);
            return false;
        }
        if (start == UNSET) {
            start = tick;
        }
        firstSecond = start;
        current = start - 1;
        return true;
    }

    private void recycle() {
        // Each exchange gets back as many frames as it gave (any exchange accepts any frame of the
        // same capacity), so a shard that seals more frames than another (it carried the
        // malformed lines of a tick) is not left creating new ones while the other's pile grows.
        int e = 0;
        for (int k = 0; k < pending.size(); k++) {
            while (pendingFrom[e] == 0) {
                e++;
            }
            pendingFrom[e]--;
            exchanges[e].recycle(pending.get(k));
        }
        pending.clear();
    }

    /**
     * A frame of a second already closed. Its lines were read after the tick that closed
     * {@link #current} (the analyzer sealed every frame up to that second at that tick), so they
     * are judged against the window of that second, {@code (current - WINDOW, current]}: inside
     * it, the frame joins its own second's slot before this tick opens any newer second (which
     * then moves the window on as usual); older, it counts as late. A window end taken from the
     * tick being processed instead would call late every out-of-order line read just before log
     * time jumped ahead. In log time a frame inside the window but before the first second of
     * the run (a line read out of order in the first ticks) moves the start of the run back to
     * its second, so it too lands in its own second.
     */
    private void addClosed(final Frame f) {
        if (f.second > current - WINDOW) {
            if (f.second < firstSecond && !arrivalTime) {
                extendStart(f.second);
            }
            if (ring.addIfOpen(f)) {
                toLifetime(f);
                return;
            }
        }
        late += f.hits;
        toLifetime(f);
    }

    /**
     * Opens the (empty) seconds from {@code second} up to the current start of the run, and starts
     * the run there. Their slots hold nothing inside the window: a slot of one of them last held
     * a second at least {@value #WINDOW} seconds older, whose hits already left the window's sum.
     */
    private void extendStart(final long second) {
        for (long s = firstSecond - 1; s >= second; s--) {
            ring.openBefore(s);
        }
        firstSecond = second;
    }

    /**
     * True when closing a second with no frame changes nothing but the second: the window is empty,
     * the alert is off (with hits2m 0 it cannot turn on: the threshold is not negative), and the
     * last periodic snapshot was already idle, so the next ones are left out. Log time only: in
     * arrival time an idle snapshot still goes out when a source changes state.
     */
    private boolean quiet() {
        return ring.hits() == 0 && !alert.isOn() && rules.idle() && lastPeriodicIdle && !arrivalTime;
    }

    /**
     * Jumps over a gap of log time with nothing in it (files years apart, a long silence) instead
     * of closing it second by second: no snapshot or alert would come out of it, the ring stays
     * empty (its stale slots are not read: a slot counts only for its own second; the last
     * {@value #WINDOW} seconds before the next frame are opened as usual), and the minutes summed
     * so far are handed over as the gap's first minute end would.
     */
    private void skipQuietSeconds(final long to) {
        flushHooks();
        current = to;
    }

    /** A shard's spill frame: lines known to be late, or pushed out ahead ({@link dev.logmon.core.analyze.ShardAnalyzer}). */
    private void addSpilled(final Frame f) {
        if (f.spill == Frame.LATE) {
            late += f.hits;
        } else {
            future += f.hits;
        }
        toLifetime(f);
    }

    private void addCurrent(final Frame f) {
        ring.add(f);
        toLifetime(f);
    }

    /** Every frame joins the lifetime here, and the hooks see it (the history's minute of its second). */
    private void toLifetime(final Frame f) {
        lifetime.add(f);
        for (final CombinerHook hook : hooks) {
            hook.onLifetimeFrame(f);
        }
    }

    private void closeSecond(final long s) {
        for (final CombinerHook hook : hooks) {
            hook.onSecondClosed(s);
        }
        // after a restart the lifetime includes the saved seconds, but the 2-minute window warms up again
        final long runSeconds = s - firstSecond + 1;
        final long hits2m = ring.hits();
        final AlertEvent event = alert.evaluate(s, s + readings.labelOffsetSeconds(), hits2m, lifetime.hits,
                runSeconds < WINDOW ? runSeconds : runSeconds + priorSeconds);
        if (event != null) {
            publishAlert(event);
        }
        rules.evaluate(ring, s, s + readings.labelOffsetSeconds(), runSeconds,
                lifetime.hits / (double) Math.max(1, runSeconds + priorSeconds), alertOut);
        if (Math.floorMod(s, everySeconds) == 0) {
            final boolean idle = hits2m == 0;
            // Idle snapshots after the first are left out, unless (arrival time only) a source
            // changed state since the last one (a file now waited for, denied, or done): an
            // operator must see that without traffic, and a first snapshot taken before a source's
            // first look would hide it. In log time an idle stretch is a gap between two lines'
            // timestamps, closed inside one tick: a state change has no second of its own there,
            // and checking at every multiple of --every of a long gap would cost a list each.
            if (!(idle && lastPeriodicIdle) || (arrivalTime && !closingLast && sourceStateChanged())) {
                publish(buildSnapshot(false));
            }
            lastPeriodicIdle = idle;
        }
    }

    private void publishAlert(final AlertEvent event) {
        try {
            publisher.publishAlert(event);
        } catch (RuntimeException e) {
            holdFailure(e);
        }
    }

    private boolean sourceStateChanged() {
        return !statesOf(readings.sources()).equals(publishedStates);
    }

    private static List<SourceState> statesOf(final List<SourceStatus> statuses) {
        final List<SourceState> states = new ArrayList<>(statuses.size());
        for (SourceStatus status : statuses) {
            states.add(status.state());
        }
        return states;
    }

    private void publish(final Snapshot snapshot) {
        latest = snapshot;
        publishedStates = statesOf(snapshot.sources());
        try {
            publisher.publishSnapshot(snapshot);
        } catch (RuntimeException e) {
            holdFailure(e);
        }
    }

    /** Builds the snapshot of the last closed second. Allocates; runs once per snapshot. */
    public Snapshot buildSnapshot(final boolean last) {
        final long runSeconds = current == UNSET ? 0 : current - firstSecond + 1;
        // the format has request times, or lines counted so far carried one (--log-format auto):
        // decided by what this tick's frames hold, not by when detection settled on another thread
        final boolean latency = readings.reportLatency() || lifetime.latency.getTotalCount() > 0;
        final List<String> names = sourceNames();
        final WindowView ten = windowView(SHORT_WINDOW, runSeconds, latency, names);
        final WindowView two = windowView(WINDOW, runSeconds, latency, names);
        final WindowView all = WindowViews.of(lifetime, lifetimeSeconds(), top, latency, names);
        final LineCounts lines = LineCounts.of(lifetime.hits, lifetime.malformed, late, future,
                readings.linesFiltered(), readings.linesNoLatency());
        return new Snapshot(current == UNSET ? 0 : current + readings.labelOffsetSeconds(), last, lines, ten, two, all,
                alert.status(),
                readings.handlerErrors(), sourceProgress(last), readings.deliveries(),
                ring.secondHits(current, two.seconds()), rules.states(), readings.instances());
    }

    /**
     * The sources' states. Live, except in a replay's snapshots before the final one
     * ({@link CombinerSetup.Builder#countedProgress}): there each source's progress is that of the
     * lines this snapshot's tick had seen ({@link CountedProgress}).
     */
    private List<SourceStatus> sourceProgress(final boolean last) {
        final List<SourceStatus> live = readings.sources();
        if (counted == null || last) {
            return live;
        }
        return counted.of(live, current);
    }

    private WindowView windowView(final int length, final long lifetimeSeconds, final boolean latency,
                                  final List<String> sourceNames) {
        final long seconds = Math.min(length, Math.max(0, lifetimeSeconds));
        final WindowView fast = ring.fastView(current, seconds, top, latency, sourceNames);
        return fast != null ? fast : WindowViews.of(ring.merged(current, seconds), seconds, top, latency, sourceNames);
    }

    /** Each source's name by its id (the per-source rows of the windows). */
    private List<String> sourceNames() {
        final List<SourceStatus> statuses = readings.sources();
        final List<String> names = new ArrayList<>(statuses.size());
        for (final SourceStatus s : statuses) {
            names.add(s.path());
        }
        return names;
    }

    /** The last snapshot published, or null before the first. */
    public Snapshot latest() {
        return latest;
    }

    /** True once the final tick has been processed and the final snapshot published. */
    public boolean isFinished() {
        return finished;
    }

    /** Bytes held by the window ring's top counters (the part that grows with cardinality). */
    public long ringRetainedBytes() {
        return ring.retainedBytes();
    }

    /** Views of snapshots served by the window ring's running sums so far (tests and diagnostics). */
    long fastViewsServed() {
        return ring.fastServed();
    }

    /** The last second closed (active time), or {@link Long#MIN_VALUE} before the first tick. */
    public long currentSecond() {
        return current;
    }
}
