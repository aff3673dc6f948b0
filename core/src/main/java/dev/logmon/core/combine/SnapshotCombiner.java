package dev.logmon.core.combine;

import com.lmax.disruptor.EventHandler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.history.MinuteAccumulator;
import dev.logmon.core.history.MinuteSink;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LatencySummary;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.SecondSeries;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.core.state.PositionTracker;
import dev.logmon.core.state.StateFile;
import dev.logmon.core.state.StateStore;

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
 *          lifetime  = running sum of every frame ever merged
 * </pre>
 *
 * Runs on its own Disruptor thread after every shard analyzer, so all frames of a tick are in
 * their exchanges by the time it sees that tick.
 */
public final class SnapshotCombiner implements EventHandler<LogEvent> {
    /** Seconds in the ring (the alert window). */
    public static final int WINDOW = AlertRule.WINDOW_SECONDS;
    /** Seconds in the short view. */
    public static final int SHORT_WINDOW = 10;
    /**
     * Most sections and most hosts one second of the window ring holds. The ring keeps
     * {@value #WINDOW} seconds: at the full merged capacity (10,000 per shard by default) a
     * cardinality attack filled it to ~3 MB a second, over 350 MB in all. A second with more
     * distinct keys than this keeps its largest ones (with the error bound and exact totals of
     * {@link TopCounter}); the lifetime and the merged views keep the full capacity.
     */
    public static final int MAX_SLOT_CAPACITY = 1024;

    /** Seconds in one pre-merged block (aligned: block b holds seconds 10b .. 10b+9). */
    static final int BLOCK = 10;
    /** Blocks kept: the {@value #WINDOW} seconds of the ring plus the block being filled. */
    private static final int BLOCKS = WINDOW / BLOCK + 1;
    private static final long UNSET = Long.MIN_VALUE;
    private static final Comparator<Frame> BY_SECOND = Comparator.comparingLong(f -> f.second);

    private final FrameExchange[] exchanges;
    private final Frame[] ring = new Frame[WINDOW];
    private final Frame[] blocks = new Frame[BLOCKS];
    private final long[] blockIds = new long[BLOCKS];
    private final Frame lifetime;
    private final Frame scratch;
    private final AlertRule alert;
    private final SnapshotPublisher publisher;
    private final int top;
    private final long everySeconds;
    private final LongSupplier handlerErrors;
    private final Supplier<List<SourceStatus>> sources;
    /** Arrival time: seconds pass on the wall clock, so an idle stretch can hide a source's state change. */
    private final boolean arrivalTime;
    private volatile Supplier<List<DeliveryStats>> deliveries = List::of;
    private volatile LongSupplier filtered = () -> 0;
    private volatile LongSupplier noLatency = () -> 0;
    private volatile LongSupplier labelOffset = () -> 0;
    /** Replays: lines and end offset of each source's events seen so far (null: progress is live). */
    private long[] countedLines;
    private long[] countedEnd;
    private java.util.function.IntToLongFunction finishedAt;
    private volatile boolean reportLatency;
    private final List<Frame> pending = new ArrayList<>();
    private final int topCapacity;
    private MinuteAccumulator minutes;

    private PositionTracker tracker;
    private StateStore store;
    private long priorSeconds;

    private long firstSecond;
    private long current;
    private long hits2m;
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

    /**
     * @param exchanges     one per shard, in shard order
     * @param topCapacity   capacity of merged frames (per-shard capacity times shards keeps merges exact)
     * @param alert         the alert rule
     * @param publisher     where snapshots and alerts go
     * @param top           length of top lists in snapshots
     * @param everySeconds  periodic snapshot interval in active-time seconds
     * @param startSecond   first second of the lifetime (arrival time), or null to start at the first data (log time)
     * @param handlerErrors reads the pipeline's handler error count
     * @param sources       reads the sources' states
     */
    public SnapshotCombiner(final FrameExchange[] exchanges, final int topCapacity, final AlertRule alert,
                            final SnapshotPublisher publisher, final int top, final long everySeconds,
                            final Long startSecond, final LongSupplier handlerErrors,
                            final Supplier<List<SourceStatus>> sources) {
        this.exchanges = exchanges.clone();
        this.alert = alert;
        this.publisher = publisher;
        this.top = top;
        this.everySeconds = everySeconds;
        this.handlerErrors = handlerErrors;
        this.sources = sources;
        this.arrivalTime = startSecond != null;
        this.topCapacity = topCapacity;
        final int slotCapacity = Math.min(topCapacity, MAX_SLOT_CAPACITY);
        for (int i = 0; i < WINDOW; i++) {
            ring[i] = new Frame(slotCapacity);
            ring[i].second = UNSET;
        }
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = new Frame(topCapacity);
            blockIds[i] = UNSET;
        }
        lifetime = new Frame(topCapacity);
        scratch = new Frame(topCapacity);
        if (startSecond != null) {
            firstSecond = startSecond;
            current = startSecond - 1;
        } else {
            firstSecond = UNSET;
            current = UNSET;
        }
    }

    @Override
    public void onEvent(final LogEvent event, final long sequence, final boolean endOfBatch) {
        if (event.kind == LogEvent.TICK) {
            onTick(event.second, event.finalTick);
            return;
        }
        if (tracker != null) {
            tracker.onLine(event);
        }
        final long[] lines = countedLines;
        if (lines != null && event.sourceId >= 0 && event.sourceId < lines.length) {
            lines[event.sourceId]++;
            countedEnd[event.sourceId] = event.lineEnd;
        }
    }

    /**
     * Saves state ({@code --state-dir}): tracks each source's counted position from the events and
     * saves it with the lifetime after a tick, every so often and at the final tick. Call before
     * starting.
     */
    public void enableState(final PositionTracker positions, final StateStore saver) {
        this.tracker = positions;
        this.store = saver;
    }

    /**
     * Starts the lifetime from saved totals (restart without loss): hits, bytes, status classes,
     * malformed reasons, size and request-time histograms, the top counters, late and future, and
     * the active seconds. Call before starting.
     */
    public void seedLifetime(final StateFile.Saved saved) {
        lifetime.add(saved.lifetime());
        late += saved.late();
        future += saved.future();
        priorSeconds = saved.seconds();
    }

    private void checkpoint(final long tick, final boolean last) {
        if (tracker == null) {
            return;
        }
        tracker.onTick(tick, last);
        if (last || store.due()) {
            store.save(tracker, lifetime, late, future, lifetimeSeconds());
        }
    }

    private long lifetimeSeconds() {
        return (current == UNSET ? 0 : current - firstSecond + 1) + priorSeconds;
    }

    /** Processes one tick; public so tests can drive the combiner without a ring. */
    public void onTick(final long tick, final boolean last) {
        pending.clear();
        // the final tick takes every frame: a shard seals a late spill frame at the tick after
        // the last one it saw, which may be the final tick's own second
        final long upTo = last ? Long.MAX_VALUE : tick;
        for (final FrameExchange exchange : exchanges) {
            Frame f;
            while ((f = exchange.takeSealed(upTo)) != null) {
                if (f.spill == Frame.IN_TIME) {
                    pending.add(f);
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
            openSlot(s);
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
            if (minutes != null) {
                minutes.finish();
            }
            publish(buildSnapshot(true));
        }
        checkpoint(tick, last); // the final one after the final snapshot: both hold every line
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
            checkpoint(tick, false);
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
        // Frames go back to the exchange they came from; any exchange accepts any frame of the
        // same capacity, so returning them round-robin keeps every shard supplied.
        for (int k = 0; k < pending.size(); k++) {
            exchanges[k % exchanges.length].recycle(pending.get(k));
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
            final Frame slot = ring[slotOf(f.second)];
            if (slot.second == f.second) {
                slot.add(f);
                addToBlock(f);
                hits2m += f.hits;
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
     * a second at least {@value #WINDOW} seconds older, whose hits already left {@link #hits2m}.
     */
    private void extendStart(final long second) {
        for (long s = firstSecond - 1; s >= second; s--) {
            final Frame slot = ring[slotOf(s)];
            slot.clear(s);
            final long b = Math.floorDiv(s, BLOCK);
            final int k = blockOf(b);
            if (blockIds[k] != b) {
                blocks[k].clear(b * BLOCK);
                blockIds[k] = b;
            }
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
        return hits2m == 0 && !alert.isOn() && lastPeriodicIdle && !arrivalTime;
    }

    /**
     * Jumps over a gap of log time with nothing in it (files years apart, a long silence) instead
     * of closing it second by second: no snapshot or alert would come out of it, the ring stays
     * empty (its stale slots are not read: a slot counts only for its own second; the last
     * {@value #WINDOW} seconds before the next frame are opened as usual), and the minutes summed
     * so far are handed over as the gap's first minute end would.
     */
    private void skipQuietSeconds(final long to) {
        if (minutes != null) {
            minutes.finish();
        }
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
        ring[slotOf(f.second)].add(f);
        addToBlock(f);
        hits2m += f.hits;
        toLifetime(f);
    }

    /** Every frame joins the lifetime here, and (with a minute sink) the minute of its second. */
    private void toLifetime(final Frame f) {
        lifetime.add(f);
        if (minutes != null) {
            minutes.add(f);
        }
    }

    private void openSlot(final long s) {
        final Frame slot = ring[slotOf(s)];
        if (slot.second != UNSET && slot.second > s - 2 * WINDOW) {
            hits2m -= slot.hits;
        }
        slot.clear(s);
        final long b = Math.floorDiv(s, BLOCK);
        final int k = blockOf(b);
        if (blockIds[k] != b) {
            blocks[k].clear(s);
            blockIds[k] = b;
        }
    }

    /**
     * Every frame that joins a ring slot also joins its second's block, so a block is always the
     * sum of its ten slots and the views can merge 13 blocks instead of 130 slots per snapshot.
     */
    private void addToBlock(final Frame f) {
        final long b = Math.floorDiv(f.second, BLOCK);
        final int k = blockOf(b);
        if (blockIds[k] == b) {
            blocks[k].add(f);
        }
    }

    private static int blockOf(final long block) {
        return (int) Math.floorMod(block, (long) BLOCKS);
    }

    private void closeSecond(final long s) {
        if (minutes != null) {
            minutes.secondClosed(s);
        }
        // after a restart the lifetime includes the saved seconds, but the 2-minute window warms up again
        final long runSeconds = s - firstSecond + 1;
        final AlertEvent event = alert.evaluate(s, s + labelOffset.getAsLong(), hits2m, lifetime.hits,
                runSeconds < WINDOW ? runSeconds : runSeconds + priorSeconds);
        if (event != null) {
            try {
                publisher.publishAlert(event);
            } catch (RuntimeException e) {
                holdFailure(e);
            }
        }
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

    private boolean sourceStateChanged() {
        return !statesOf(sources.get()).equals(publishedStates);
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

    private static int slotOf(final long second) {
        return (int) Math.floorMod(second, (long) WINDOW);
    }

    /** Builds the snapshot of the last closed second. Allocates; runs once per snapshot. */
    public Snapshot buildSnapshot(final boolean last) {
        final long runSeconds = current == UNSET ? 0 : current - firstSecond + 1;
        final WindowView ten = windowView(SHORT_WINDOW, runSeconds);
        final WindowView two = windowView(WINDOW, runSeconds);
        final WindowView all = view(lifetime, lifetimeSeconds());
        final LineCounts lines = LineCounts.of(lifetime.hits, lifetime.malformed, late, future,
                filtered.getAsLong(), noLatency.getAsLong());
        return new Snapshot(current == UNSET ? 0 : current + labelOffset.getAsLong(), last, lines, ten, two, all,
                alert.status(),
                handlerErrors.getAsLong(), sourceProgress(last), deliveries.get(), secondHits(two.seconds()));
    }

    /**
     * The sources' states. Live, except in a replay's snapshots before the final one
     * ({@link #setCountedProgress}): there each source's lines, bytes read and bytes left are those
     * of its lines this snapshot's tick had seen, and it is done once its end came before that
     * tick, so the same replay gives the same snapshots however fast each reader ran.
     */
    private List<SourceStatus> sourceProgress(final boolean last) {
        final List<SourceStatus> live = sources.get();
        if (countedLines == null || last) {
            return live;
        }
        final List<SourceStatus> counted = new ArrayList<>(live.size());
        for (int k = 0; k < live.size(); k++) {
            final SourceStatus st = live.get(k);
            if (k >= countedLines.length) {
                counted.add(st);
                continue;
            }
            final boolean done = current != UNSET && current > finishedAt.applyAsLong(k);
            final long end = countedEnd[k];
            counted.add(new SourceStatus(st.path(), done ? SourceState.DONE : SourceState.READING,
                    Math.max(0, st.sizeBytes() - end), countedLines[k], st.rotations(), st.truncations(),
                    st.sizeBytes(), end));
        }
        return counted;
    }

    /**
     * A replay ({@code --once} in log time): snapshots before the final one show each source's
     * progress as counted, not as read (see {@link #sourceProgress}); set before starting.
     *
     * @param sourceCount how many sources publish
     * @param finishedAt  the last tick before a source ended ({@link dev.logmon.core.time.LogWatermark#finishedAtTick})
     */
    public void setCountedProgress(final int sourceCount, final java.util.function.IntToLongFunction finishedAt) {
        this.countedEnd = new long[sourceCount];
        this.finishedAt = finishedAt;
        this.countedLines = new long[sourceCount];
    }

    /** Hits of each of the last {@code seconds} seconds from the ring, oldest first (0 for an empty slot). */
    private SecondSeries secondHits(final long seconds) {
        final long[] hits = new long[(int) seconds];
        for (int k = 0; k < hits.length; k++) {
            final long s = current - (hits.length - 1 - k);
            final Frame slot = ring[slotOf(s)];
            hits[k] = slot.second == s ? slot.hits : 0;
        }
        return SecondSeries.of(hits);
    }

    private WindowView windowView(final int length, final long lifetimeSeconds) {
        final long seconds = Math.min(length, Math.max(0, lifetimeSeconds));
        scratch.clear(current);
        final long lo = current - seconds + 1;
        long s = current;
        while (s >= lo) {
            final long b = Math.floorDiv(s, BLOCK);
            final long blockStart = b * BLOCK;
            final int k = blockOf(b);
            if (s == blockStart + BLOCK - 1 && blockStart >= lo && blockIds[k] == b) {
                scratch.add(blocks[k]); // the whole block lies inside the view
                s = blockStart - 1;
            } else {
                final Frame slot = ring[slotOf(s)];
                if (slot.second == s) {
                    scratch.add(slot);
                }
                s--;
            }
        }
        return view(scratch, seconds);
    }

    private WindowView view(final Frame f, final long seconds) {
        final List<SectionCount> sections = new ArrayList<>();
        for (final TopCounter.Entry e : f.sections.top(top)) {
            final org.HdrHistogram.Histogram h = reportLatency ? f.sectionLatencies.of(e.hash()) : null;
            sections.add(new SectionCount(e.key(), e.c0(), e.c1(), e.c2(), h == null ? null : LatencySummary.of(h)));
        }
        final List<HostCount> hosts = new ArrayList<>();
        for (final TopCounter.Entry e : f.hosts.top(top)) {
            hosts.add(new HostCount(e.key(), e.c0(), e.c1()));
        }
        final boolean any = f.hits > 0;
        return new WindowView(seconds, f.hits, seconds > 0 ? f.hits / (double) seconds : 0.0, f.bytes,
                StatusCounts.of(f.status), sections, hosts,
                any ? f.sizes.getValueAtPercentile(50.0) : 0,
                any ? f.sizes.getValueAtPercentile(99.0) : 0,
                any ? f.sizes.getMaxValue() : 0,
                Math.max(f.sections.errorBound(), f.hosts.errorBound()),
                reportLatency ? LatencySummary.of(f.latency) : null);
    }

    /**
     * Where the counters of each minute go (the history store); set before starting. The combiner
     * sums every frame into its minute and hands the minute over when the active time closes it,
     * and every open minute at the final tick.
     */
    public void setMinuteSink(final MinuteSink sink) {
        this.minutes = sink == null ? null : new MinuteAccumulator(sink, topCapacity);
    }

    /** Where snapshots read the notification sinks' counters from (set before starting). */
    public void setDeliveryStats(final Supplier<List<DeliveryStats>> supplier) {
        this.deliveries = supplier;
    }

    /**
     * Where snapshots read the count of lines filtered out by time ({@code --since}/{@code --until})
     * from; sources count them without publishing them (set before starting).
     */
    public void setFilteredLines(final LongSupplier supplier) {
        this.filtered = supplier;
    }

    /** Where snapshots read the count of hits whose request time could not be read (set before starting). */
    public void setNoLatencyLines(final LongSupplier supplier) {
        this.noLatency = supplier;
    }

    /**
     * Arrival time: seconds to add to a second of the window ring (monotonic) to label it with the
     * wall clock, in snapshots and alert messages ({@link dev.logmon.core.time.ArrivalClock}); set before starting.
     */
    public void setLabelOffset(final LongSupplier offsetSeconds) {
        this.labelOffset = offsetSeconds;
    }

    /** Whether windows carry request-time percentiles (the format has a request time); set before starting. */
    public void setReportLatency(final boolean report) {
        this.reportLatency = report;
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
        long sum = 0;
        for (final Frame f : ring) {
            sum += f.sections.retainedBytes() + f.hosts.retainedBytes();
        }
        return sum;
    }

    /** The last second closed (active time), or {@link Long#MIN_VALUE} before the first tick. */
    public long currentSecond() {
        return current;
    }
}
