package dev.logmon.core.engine;

import com.lmax.disruptor.EventTranslatorTwoArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.analyze.ShardAnalyzer;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerHook;
import dev.logmon.core.combine.CombinerReadings;
import dev.logmon.core.combine.CombinerHook;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.combine.LifetimeTotals;
import dev.logmon.core.combine.SnapshotCombiner;
import dev.logmon.core.format.LineFormat;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.history.MinuteAccumulator;
import dev.logmon.core.history.MinuteSink;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.source.DirectoryWatcher;
import dev.logmon.core.source.FileFollower;
import dev.logmon.core.source.FileSource;
import dev.logmon.core.source.FollowPool;
import dev.logmon.core.source.GlobSource;
import dev.logmon.core.source.LinePublisher;
import dev.logmon.core.source.LineReader;
import dev.logmon.core.source.OpenFileLimit;
import dev.logmon.core.source.SavedPosition;
import dev.logmon.core.source.Source;
import dev.logmon.core.source.SourceNames;
import dev.logmon.core.source.SourceProvider;
import dev.logmon.core.source.StreamSource;
import dev.logmon.core.state.CheckpointGate;
import dev.logmon.core.state.CheckpointHook;
import dev.logmon.core.state.CheckpointWriter;
import dev.logmon.core.state.PositionTracker;
import dev.logmon.core.state.StateFile;
import dev.logmon.core.state.StateStore;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.ArrivalClock;
import dev.logmon.core.time.ArrivalTicker;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.LogWatermark;
import dev.logmon.core.time.TickPublisher;
import dev.logmon.core.time.TimeMode;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Wires sources, the ring, shard analyzers and the combiner from validated {@link Settings}.
 *
 * <pre>
 *   FileSource 0..n  --parse into slot-->  RingBuffer&lt;LogEvent&gt;  --> ShardAnalyzer 0..s-1 --> SnapshotCombiner --> publisher
 *   ArrivalTicker / LogWatermark --TICK-->
 * </pre>
 *
 * With two or more shards a source copies most lines into their slots unparsed and the shard
 * that counts a line (by ring sequence, {@link LogEvent#shardOf}) parses it
 * ({@link LinePublisher#parseOnShards}).
 *
 * Lifecycle: {@link #start()}, then either {@link #awaitSources(long)} (once) or run until the
 * user stops, then {@link #finish(long)} publishes the final tick, waits for the final snapshot
 * and halts the ring.
 */
public final class Pipeline {
    private static final EventTranslatorTwoArg<LogEvent, Long, Boolean> TICK =
            (event, sequence, second, last) -> event.setTick(second, last);

    /** {@link #finish} looks for the final snapshot after this long, then after twice as long, and so on. */
    private static final long FIRST_FINISH_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** ... up to this long between looks. */
    private static final long LAST_FINISH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** After a fatal error, how long {@link #finish} still waits for the final snapshot. */
    private static final long FAILED_FINISH_SECONDS = 3;

    private final Clock clock;
    /** The arrival clock in arrival time (monotonic), the given clock in log time. */
    private final Clock arrivalClock;
    /** Arrival time: labels ring seconds with the wall clock (null in log time). */
    private final ArrivalClock labels;
    private CheckpointGate checkpointGate = CheckpointGate.OPEN;
    private final HandlerErrors errors;
    private final Disruptor<LogEvent> disruptor;
    private final RingBuffer<LogEvent> ring;
    private final ShardAnalyzer[] analyzers;
    /** The combiner's setup, completed by {@link #enableState} and {@link #setMinuteSink} before {@link #start()}. */
    private final CombinerSetup.Builder combinerSetup;
    /** Built at {@link #start()} from {@link #combinerSetup}; null before. */
    private volatile SnapshotCombiner combiner;
    private volatile java.util.function.Supplier<List<DeliveryStats>> deliveries = List::of;
    /** Writes the state checkpoints ({@link #enableState}); null without state. */
    private CheckpointWriter checkpoints;
    private final List<Source> sources = new ArrayList<>();
    private final List<Thread> sourceThreads = new ArrayList<>();
    private final List<LinePublisher> publishers = new ArrayList<>();
    private final LogWatermark watermark;
    private final ArrivalTicker ticker;
    private final DirectoryWatcher watcher;
    /** Follows the files in arrival time on a few threads (null in log time and with once). */
    private final FollowPool pool;
    /** Which sources the pool runs (no thread of their own). */
    private final List<Boolean> pooled = new ArrayList<>();
    private final boolean singleProducer;
    private final int topCapacity;
    private final PrintStream notices;
    private Thread tickerThread;

    /**
     * @param settings  validated settings ({@link Settings#conclude()} returned no problem)
     * @param publisher where snapshots and alerts go
     * @param clock     wall clock
     * @param notices   where one-line notices go (stderr)
     * @param errors    where handler exceptions are counted (shared with the sinks)
     * @param stdin     what {@code -s -} reads
     */
    public Pipeline(final Settings settings, final SnapshotPublisher publisher, final Clock clock,
                    final PrintStream notices, final HandlerErrors errors, final InputStream stdin) {
        this.clock = clock;
        this.errors = errors;
        this.notices = notices;
        this.topCapacity = settings.topCapacity * settings.shards;
        final TimeMode mode = settings.effectiveTimeMode();
        // one thread publishes everything: no multi-producer sequencer (whose consumers scan a
        // per-slot availability array)
        this.singleProducer = settings.singleProducer();
        this.disruptor = new Disruptor<>(LogEvent::new, settings.ringSize, threads("logmon-analyzer", errors),
                singleProducer ? ProducerType.SINGLE : ProducerType.MULTI, settings.effectiveWaitStrategy().create());
        disruptor.setDefaultExceptionHandler(errors);

        final int shards = settings.shards;
        final FrameExchange[] exchanges = new FrameExchange[shards];
        this.analyzers = new ShardAnalyzer[shards];
        for (int i = 0; i < shards; i++) {
            exchanges[i] = new FrameExchange(settings.topCapacity);
            analyzers[i] = new ShardAnalyzer(i, shards, exchanges[i], settings.ringSize);
        }
        // arrival time runs on the monotonic clock (a wall-clock step moves labels only); log time
        // reads the wall clock only to tell lines stamped too far ahead of it
        final ArrivalClock arrival = new ArrivalClock(clock, notices);
        this.arrivalClock = mode == TimeMode.ARRIVAL ? arrival : clock;
        this.labels = mode == TimeMode.ARRIVAL ? arrival : null;
        final long startSecond = arrival.second();
        final AlertRule rule = new AlertRule(settings.alertRule, settings.threshold, settings.alertRepeatSeconds);
        final LineFormat format = settings.lineFormat();
        this.combinerSetup = CombinerSetup.builder(exchanges, settings.topCapacity * shards, rule, publisher)
                .top(settings.top)
                .rules(settings.rules, settings.alertRepeatSeconds)
                .everySeconds(settings.everySeconds)
                .startSecond(mode == TimeMode.ARRIVAL ? startSecond : null)
                .readings(new EngineReadings(format.hasLatency(), mode == TimeMode.ARRIVAL ? arrival : null));
        this.ring = disruptor.getRingBuffer();

        final TickPublisher ticks = this::publishTick;
        this.watermark = mode == TimeMode.LOG ? new LogWatermark(settings.sources.size(), ticks) : null;
        this.ticker = mode == TimeMode.ARRIVAL ? new ArrivalTicker(arrival, ticks, startSecond - 1) : null;
        if (watermark != null && settings.once) {
            // a replay: progress in snapshots as counted, so the same files give the same output
            combinerSetup.countedProgress(settings.sources.size(), watermark::finishedAtTick);
        }
        this.watcher = new DirectoryWatcher(notices);
        // In log time a source may wait inside a publish for the others (files in step): it needs
        // a thread of its own. In arrival time none waits for another: a few threads follow all.
        this.pool = mode == TimeMode.ARRIVAL && !settings.once
                ? new FollowPool(followThreads(settings), FollowPool.DEFAULT_SAFETY_MILLIS,
                        Math.max(1 << 20, settings.maxLineBytes + 1), errors.uncaught(), new OpenFileLimit(notices))
                : null;
        for (int i = 0; i < settings.sources.size(); i++) {
            final String name = settings.sources.get(i);
            final LinePublisher lines = new LinePublisher(i, ring, format.newParser(settings.hostFromForwardedFor,
                    name, notices), mode, watermark, arrivalClock);
            lines.parseOnShards(shards);
            lines.restrictTo(settings.sinceSecond == null ? Long.MIN_VALUE : settings.sinceSecond,
                    settings.untilSecond == null ? Long.MAX_VALUE : settings.untilSecond);
            lines.filterBy(settings.newWhereFilter());
            publishers.add(lines);
            final LineReader reader = pool == null || Settings.STDIN.equals(name)
                    ? new LineReader(settings.maxLineBytes, lines)
                    : new LineReader(settings.maxLineBytes, lines, pool.buffers());
            boolean inPool = false;
            final SourceProvider provider = Settings.providerOf(name, settings.providers);
            if (provider != null) {
                final Source external = provider.create(i, name, lines, settings.maxLineBytes, settings.once, watermark,
                        notices);
                if (external instanceof CombinerHook hook) {
                    combinerSetup.hook(hook); // it learns which of its lines are counted (Kafka offsets)
                }
                sources.add(external);
            } else if (Settings.STDIN.equals(name)) {
                sources.add(new StreamSource(i, name, stdin, !settings.once, reader, lines, watermark, notices));
            } else if (!settings.once && GlobSource.isPattern(name)) {
                final GlobSource glob = new GlobSource(i, name, settings.fromStart, settings.pollMillis,
                        settings.rotateWaitMillis, reader, lines, watermark, notices);
                if (pool != null) {
                    if (settings.watchFiles) {
                        watcher.watchNewFiles(glob.directory(), glob.wakeup());
                    }
                    glob.pooled(pool, settings.watchFiles ? watcher : null, settings.closeInactiveMillis);
                    inPool = true;
                } else if (settings.watchFiles) {
                    watcher.watchDirectory(glob.directory(), glob.wakeup());
                }
                sources.add(glob);
            } else {
                final FileSource file = new FileSource(i, SourceNames.resolve(name), settings.fromStart || settings.once,
                        settings.once, settings.pollMillis, settings.rotateWaitMillis, reader, lines, watermark, notices);
                if (!settings.once && settings.watchFiles) {
                    watcher.watch(file.path(), file.wakeup());
                }
                if (pool != null && file.poolable()) {
                    file.pooled(pool.limit(), settings.closeInactiveMillis, file);
                    pool.add(new FileFollower(file));
                    inPool = true;
                }
                sources.add(file);
            }
            pooled.add(inPool);
        }
    }

    /**
     * Restart without loss ({@code --state-dir}); call before {@link #start()}. Loads the state
     * saved in {@code dir} by the last run: each followed file resumes at its saved position
     * (checked against the file first) and the lifetime totals start from the saved ones. Then
     * saves the state after a tick at most every {@code everyMs}, and at the final tick. A missing
     * state means a normal start; a damaged one, a one-line warning and a normal start.
     *
     * <p>After a clean stop (the final tick) nothing is counted twice and nothing is lost. After a
     * crash the lines after the last save are read again; the saved totals hold only lines before
     * the saved positions, except out-of-order lines in log time, which may count twice.
     */
    public void enableState(final Path dir, final long everyMs) {
        StateFile.Saved saved = null;
        try {
            saved = StateFile.read(dir, topCapacity);
            if (saved == null) {
                notices.println("logmon: no saved state in " + TextSafety.oneLine(dir.toString()) + "; starting afresh");
            }
        } catch (StateFile.CorruptStateException e) {
            notices.println("logmon: warning: ignoring the state file " + TextSafety.oneLine(StateFile.in(dir).toString())
                    + ", which this logmon cannot use (" + e.getMessage() + "); starting afresh");
        } catch (java.io.IOException | RuntimeException e) {
            notices.println("logmon: warning: cannot read the state in " + TextSafety.oneLine(dir.toString()) + " ("
                    + TextSafety.oneLine(String.valueOf(e.getMessage())) + "); starting afresh");
        }
        final List<FileSource> files = new ArrayList<>();
        for (final Source source : sources) {
            final FileSource file = source instanceof FileSource f ? f : null;
            files.add(file);
            if (file != null && saved != null) {
                final SavedPosition p = saved.positionOf(file.path().toAbsolutePath().normalize().toString());
                if (p != null) {
                    file.resumeFrom(p);
                }
            }
        }
        if (saved != null) {
            combinerSetup.seed(new LifetimeTotals(saved.lifetime(), saved.late(), saved.future(), saved.seconds()));
        }
        final StateStore store = new StateStore(dir, files, saved, everyMs, notices, clock);
        checkpoints = new CheckpointWriter(store, errors.uncaught(), checkpointGate);
        combinerSetup.hook(new CheckpointHook(new PositionTracker(sources.size()), store, checkpoints));
    }

    /** Same as the full constructor, with {@code -s -} reading {@link System#in}. */
    public Pipeline(final Settings settings, final SnapshotPublisher publisher, final Clock clock,
                    final PrintStream notices, final HandlerErrors errors) {
        this(settings, publisher, clock, notices, errors, System.in);
    }

    /** Threads following files in arrival time: one for one file, else one per core, 2 to 4. */
    private static int followThreads(final Settings settings) {
        if (settings.sources.size() == 1 && !GlobSource.isPattern(settings.sources.get(0))) {
            return 1;
        }
        return Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    private static ThreadFactory threads(final String prefix, final HandlerErrors errors) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(errors.uncaught());
            return t;
        };
    }

    /** Builds the combiner, starts the ring's handlers, every source and (in arrival time) the ticker. */
    public void start() {
        final SnapshotCombiner c = new SnapshotCombiner(combinerSetup.build());
        disruptor.handleEventsWith(analyzers).then(c);
        combiner = c;
        disruptor.start();
        watcher.start();
        if (pool != null) {
            pool.start(watcher);
        }
        for (int i = 0; i < sources.size(); i++) {
            if (pooled.get(i)) {
                continue;
            }
            final Source source = sources.get(i);
            final LinePublisher lines = publishers.get(i);
            final Runnable body = () -> runThenEnd(source, lines);
            final Thread t = new Thread(body, "logmon-source-" + i);
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(errors.uncaught());
            sourceThreads.add(t);
            t.start();
        }
        if (ticker != null) {
            tickerThread = new Thread(ticker, "logmon-ticker");
            tickerThread.setDaemon(true);
            tickerThread.setUncaughtExceptionHandler(errors.uncaught());
            tickerThread.start();
        }
    }

    /**
     * Waits until every source has finished (with once, at the end of its file); returns false
     * at the timeout, or at once when a pipeline thread has failed ({@link #failed()}).
     */
    public boolean awaitSources(final long timeoutMs) throws InterruptedException {
        final long deadline = timeoutMs >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (final Thread t : sourceThreads) {
            while (t.isAlive()) {
                if (failed() || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0)) {
                    return false;
                }
                final long left = deadline == Long.MAX_VALUE ? 100
                        : Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                t.join(left);
            }
        }
        while (pool != null && pool.anyLive()) {
            if (failed() || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0)) {
                return false;
            }
            pool.awaitEnded(100);
        }
        return !failed();
    }

    /**
     * True once an {@link Error} has ended a pipeline thread's work ({@link HandlerErrors#fatal}):
     * the run must end ({@link #finish} still tries the final snapshot) with exit code 1.
     */
    public boolean failed() {
        return errors.fatalError() != null;
    }

    /**
     * Stops the sources, publishes the final tick, waits for the final snapshot to be published,
     * and halts the ring; with state, waits for the final save to be written.
     *
     * @return true when the final snapshot was published (and the final save written) in time
     */
    public boolean finish(final long timeoutMs) throws InterruptedException {
        for (final Source s : sources) {
            s.stop();
        }
        watcher.close();
        if (pool != null) {
            pool.wakeAll(); // each pooled file ends at its next round
        }
        for (final Thread t : sourceThreads) {
            t.interrupt();
            t.join(timeoutMs);
        }
        if (pool != null) {
            if (!pool.awaitEnded(timeoutMs)) {
                pool.shutdown(); // a round blocked (a full ring): interrupted, as a source thread is
                pool.awaitEnded(timeoutMs);
            }
            pool.shutdown();
            for (int i = 0; i < sources.size(); i++) {
                if (pooled.get(i)) {
                    publishers.get(i).sourceEnded(); // the parser reports what it saw, as a source thread's end does
                }
            }
        }
        if (singleProducer) {
            if (sourceThreads.get(0).isAlive()) {
                disruptor.halt(); // it still owns the single-producer ring: a tick from here would race it
                return false;
            }
        } else if (ticker != null) {
            final long lastSecond = Math.max(ticker.stop(), arrivalClock.second());
            tickerThread.interrupt();
            tickerThread.join(timeoutMs);
            publishTick(lastSecond, true);
        } else {
            publishFinalLogTick();
        }
        final SnapshotCombiner combiner = this.combiner;
        if (combiner == null) {
            return false; // never started
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean capped = false;
        long pause = FIRST_FINISH_POLL_NANOS;
        while (!combiner.isFinished() && System.nanoTime() - deadline < 0) {
            if (!capped && failed()) {
                // an Error (possibly in the final tick itself) may mean no final snapshot ever
                // comes: a few more seconds for it, never the rest of a long --once timeout
                capped = true;
                final long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(FAILED_FINISH_SECONDS);
                if (cap - deadline < 0) {
                    deadline = cap;
                }
            }
            // The final tick usually takes well under a millisecond once the sources have ended:
            // the polls start short and double up to 5 ms (a fixed 5 ms sleep was most of the
            // time between the source's end and the end of a warm replay).
            LockSupport.parkNanos(pause);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            pause = Math.min(pause * 2, LAST_FINISH_POLL_NANOS);
        }
        boolean finished = combiner.isFinished();
        disruptor.halt();
        if (checkpoints != null) {
            // the final save was handed over with the final tick: written before the run ends
            final boolean saved = checkpoints.awaitWritten(Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (!saved) {
                // said, not silent: with a checkpoint gate (the kafka sink) the save waits for its
                // frames' acknowledgements, and a broker that is away means the restart re-reads
                notices.println("logmon: state: the final save was not written in time (a save waits until what was"
                        + " handed on before it is acknowledged); a restart resumes from the last save written");
            }
            finished &= saved;
            checkpoints.close();
        }
        return finished;
    }

    /**
     * Runs a source; then lets its parser report what it saw (the detected format) and, with a
     * single producer, publishes the final tick: the single-producer ring's only publisher is its
     * source's thread, so that thread publishes it once its source has ended (run out in once
     * mode, or been stopped).
     */
    private void runThenEnd(final Source source, final LinePublisher lines) {
        try {
            source.run();
        } finally {
            try {
                lines.sourceEnded();
            } finally {
                if (singleProducer) {
                    publishFinalLogTick();
                }
            }
        }
    }

    /** Log time: everything up to the largest second seen is complete. */
    private void publishFinalLogTick() {
        final long seen = watermark.maxSeen();
        publishTick(seen == Long.MIN_VALUE ? clock.second() : seen, true);
    }

    private void publishTick(final long second, final boolean last) {
        if (!last || !failed()) {
            ring.publishEvent(TICK, second, last);
            return;
        }
        // after a fatal error a handler may have stopped and the ring may never free a slot: try
        // for a few seconds, never block the run's end
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!ring.tryPublishEvent(TICK, second, last) && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Where snapshots read the notification sinks' counters from; call before {@link #start()}. */
    public void setDeliveryStats(final java.util.function.Supplier<List<DeliveryStats>> supplier) {
        this.deliveries = supplier;
    }

    /**
     * Where the counters of each minute go (the history store); call before {@link #start()}. The
     * combiner sums every frame into its minute and hands the minute over when the active time
     * closes it, and every open minute at the final tick ({@link MinuteAccumulator}, a hook).
     */
    public void setMinuteSink(final MinuteSink sink) {
        if (sink != null) {
            combinerSetup.hook(new MinuteAccumulator(sink, topCapacity));
        }
    }

    /**
     * What a state save waits for before it is written ({@link CheckpointGate}: the kafka sink's
     * acknowledgements); call before {@link #enableState}.
     */
    public void gateCheckpoints(final CheckpointGate gate) {
        this.checkpointGate = java.util.Objects.requireNonNull(gate, "gate");
    }

    /**
     * Registers a hook on the combiner's thread ({@link CombinerHook}); call before {@link #start()}.
     * The kafka sink publishes each closed second's frame through one.
     */
    public void addCombinerHook(final CombinerHook hook) {
        combinerSetup.hook(hook);
    }

    /**
     * Seconds to add to a second the combiner closes to label it with the wall clock: 0 in log
     * time, the arrival clock's offset in arrival time (read on the combiner's thread).
     */
    public long labelOffsetSeconds() {
        return labels == null ? 0 : labels.labelOffsetSeconds();
    }

    /** Each source's state, in command-line order (read by the combiner for every snapshot). */
    public List<SourceStatus> sourceStatuses() {
        final List<SourceStatus> list = new ArrayList<>(sources.size());
        for (final Source s : sources) {
            list.add(s.status());
        }
        return list;
    }

    /** Lines left out by --since/--until and --where, all sources. */
    public long linesFiltered() {
        long sum = 0;
        for (final LinePublisher p : publishers) {
            sum += p.linesFiltered();
        }
        return sum;
    }

    /** Lines the sources handed to the shards to parse (0 with one shard); read it once the sources have ended. */
    public long linesParsedOnShards() {
        long sum = 0;
        for (final LinePublisher p : publishers) {
            sum += p.linesHandedOver();
        }
        return sum;
    }

    /** Hits whose request time could not be read, all sources. */
    public long linesNoLatency() {
        long sum = 0;
        for (final LinePublisher p : publishers) {
            sum += p.unreadableLatencies();
        }
        return sum;
    }

    /** Lines read by all sources (parsed, malformed or filtered). */
    public long linesRead() {
        long sum = 0;
        for (final Source s : sources) {
            sum += s.linesRead();
        }
        return sum;
    }

    /** The last snapshot published (null before the first, and before {@link #start()}). */
    public Snapshot latest() {
        final SnapshotCombiner c = combiner;
        return c == null ? null : c.latest();
    }

    /** What the combiner's snapshots read of this run: sources, counters outside the ring, labels. */
    private final class EngineReadings implements CombinerReadings {
        private final boolean formatHasLatency;
        private final ArrivalClock arrival;

        /** @param arrival the arrival clock whose offset labels seconds (arrival time), or null (log time) */
        EngineReadings(final boolean formatHasLatency, final ArrivalClock arrival) {
            this.formatHasLatency = formatHasLatency;
            this.arrival = arrival;
        }

        @Override
        public long handlerErrors() {
            return errors.count();
        }

        @Override
        public List<SourceStatus> sources() {
            return sourceStatuses();
        }

        @Override
        public long linesFiltered() {
            return Pipeline.this.linesFiltered();
        }

        @Override
        public long linesNoLatency() {
            return Pipeline.this.linesNoLatency();
        }

        @Override
        public List<DeliveryStats> deliveries() {
            return deliveries.get();
        }

        @Override
        public long labelOffsetSeconds() {
            return arrival == null ? 0 : arrival.labelOffsetSeconds();
        }

        @Override
        public boolean reportLatency() {
            // not when --log-format auto chooses a timed format: a short file's format is chosen at
            // its end, after ticks of its lines that the combiner may or may not have taken by then;
            // the combiner shows request times once it has counted one (SnapshotCombiner.buildSnapshot)
            return formatHasLatency;
        }
    }

    /** Handler exceptions counted so far. */
    public HandlerErrors errors() {
        return errors;
    }

    /** Threads started for a source of their own (not run by the follow pool). */
    public int sourceThreadCount() {
        return sourceThreads.size();
    }

    /** The most threads the follow pool has had at once (0 without a pool). */
    public int followThreadsLargest() {
        return pool == null ? 0 : pool.largestThreads();
    }

    /** The sources, in order. */
    public List<Source> sources() {
        return List.copyOf(sources);
    }
}
