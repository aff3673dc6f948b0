package dev.logmon.cli;

import dev.logmon.cli.demo.DemoLog;
import dev.logmon.cli.options.Durations;
import dev.logmon.cli.options.ListenAddress;
import dev.logmon.cli.options.KafkaSinkOptions;
import dev.logmon.cli.options.NotifyOptions;
import dev.logmon.cli.options.ServiceOptions;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerReadings;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.engine.SinkFanout;
import dev.logmon.core.engine.SinkRunner;
import dev.logmon.core.history.HistoryWriter;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.source.SourceProvider;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import dev.logmon.fleet.Aggregator;
import dev.logmon.fleet.FleetMerger;
import dev.logmon.fleet.FramePublisher;
import dev.logmon.fleet.FrameSender;
import dev.logmon.fleet.KafkaConnection;
import dev.logmon.fleet.lines.KafkaLineSources;
import dev.logmon.sinks.http.ApiHistory;
import dev.logmon.sinks.http.ApiLimits;
import dev.logmon.sinks.http.HttpApiServer;
import dev.logmon.sinks.http.HttpApiSink;
import dev.logmon.sinks.json.JsonLinesSink;
import dev.logmon.sinks.notify.DeliveryEngine;
import dev.logmon.sinks.notify.MailTransport;
import dev.logmon.sinks.notify.NotificationSink;
import dev.logmon.sinks.notify.Sleeper;
import dev.logmon.sinks.notify.Transport;
import dev.logmon.sinks.notify.WebhookTransport;
import dev.logmon.sinks.tui.TuiSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of the monitor, assembled and stopped in one place for the dashboard, the headless
 * monitor and {@code serve}. A {@link Builder} says what the run has; {@link Builder#start()}
 * opens it step by step, and {@link #stop} closes it in the reverse order, each step bounded.
 *
 * <pre>
 *   start, in order                              stop, in order
 *   1 demo log written (--demo)                  1 demo generator stopped
 *   2 snapshot sinks: dashboard | API | json     2 pipeline: final tick, final snapshot
 *   3 notification sinks (webhook, email)        3 snapshot sinks drained, then the notification
 *   4 HTTP API bound (serve)                       sinks' shared grace (--webhook-grace)
 *   5 pipeline built; saved state loaded;        4 history: the last minutes written
 *     history writer started (serve)             5 HTTP API closed; the demo's log deleted
 *   6 demo generator and pipeline started
 * </pre>
 *
 * A step that fails closes what the steps before it opened, and {@code start} throws a
 * {@link StartFailure} with a one-line reason for the command to print (exit code 1).
 */
final class MonitorRun {
    /** How long the history writer gets to write its last minutes at the stop. */
    private static final long HISTORY_CLOSE_MS = 10_000;

    /** A run could not be started; everything it had opened is closed again. */
    static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailure(final String message) {
            super(message);
        }
    }

    private final String name;
    private final PrintStream notices;
    private final Pipeline pipeline;
    private final Aggregator aggregator;
    private final FrameSender kafka;
    private final List<SinkRunner> runners;
    private final List<NotificationSink> notifiers;
    private final long graceMs;
    private final TuiSink dashboard;
    private final HttpApiServer server;
    private final ApiHistory historyApi;
    private final HistoryWriter history;
    private final Path demoLog;
    private final DemoLog.Live live;
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean finishedInTime;

    private MonitorRun(final Builder b, final Opened o, final Pipeline pipeline, final Aggregator aggregator,
                       final DemoLog.Live live) {
        this.name = b.name;
        this.notices = b.notices;
        this.pipeline = pipeline;
        this.aggregator = aggregator;
        this.kafka = o.kafka;
        this.runners = o.runners;
        this.notifiers = o.notifiers;
        this.graceMs = b.notify == null ? 0 : b.notify.policy().graceMs();
        this.dashboard = o.dashboard;
        this.server = o.server;
        this.historyApi = o.historyApi;
        this.history = o.history;
        this.demoLog = o.demoLog;
        this.live = live;
    }

    /**
     * @param name     the command, prefixing every message ({@code logmon-cli}, {@code logmon-cli serve})
     * @param settings validated settings (the demo's log is filled in at start)
     * @param clock    wall clock
     * @param notices  where one-line notices go (stderr, or held while the dashboard owns the terminal)
     * @param errors   where handler exceptions are counted
     */
    static Builder builder(final String name, final Settings settings, final Clock clock, final PrintStream notices,
                           final HandlerErrors errors) {
        return new Builder(name, settings, clock, notices, errors);
    }

    /** What a run has; {@link #start()} opens it. */
    static final class Builder {
        private final String name;
        private final Settings settings;
        private final Clock clock;
        private final PrintStream notices;
        private final HandlerErrors errors;
        private final Set<SinkKind> sinks = EnumSet.noneOf(SinkKind.class);
        private InputStream in = System.in;
        private PrintStream out;
        private boolean bell = true;
        private NotifyOptions.Plan notify;
        private ServiceOptions.Plan api;
        private Path stateDir;
        private long stateEveryMs;
        private Path historyDir;
        private long retainSeconds;
        private boolean demo;
        private KafkaSinkOptions.Plan kafkaSink;
        private AggregatePlan aggregate;

        private Builder(final String name, final Settings settings, final Clock clock, final PrintStream notices,
                        final HandlerErrors errors) {
            this.name = name;
            this.settings = settings;
            this.clock = clock;
            this.notices = notices;
            this.errors = errors;
        }

        /**
         * The sinks asked for. {@link SinkKind#JSON} writes to {@code out}; the notification sinks
         * follow {@code notify}; {@link SinkKind#TUI} opens the dashboard (ringing the bell on an
         * alert when {@code bell}).
         */
        Builder sinks(final Set<SinkKind> kinds, final PrintStream jsonOut, final NotifyOptions.Plan notifyPlan,
                      final boolean ringBell) {
            this.sinks.addAll(kinds);
            this.out = jsonOut;
            this.notify = notifyPlan;
            this.bell = ringBell;
            return this;
        }

        /** What {@code -s -} reads (default {@link System#in}). */
        Builder stdin(final InputStream stream) {
            this.in = Objects.requireNonNull(stream, "stdin");
            return this;
        }

        /** The HTTP API ({@code serve}), listening where {@code plan} says. */
        Builder api(final ServiceOptions.Plan plan) {
            this.api = plan;
            return this;
        }

        /** Restart without loss: positions and totals kept in {@code dir} (null: none). */
        Builder state(final Path dir, final long everyMs) {
            this.stateDir = dir;
            this.stateEveryMs = everyMs;
            return this;
        }

        /** The per-minute history under {@code dir} (null: none), days older than {@code retain} deleted. */
        Builder history(final Path dir, final long retain) {
            this.historyDir = dir;
            this.retainSeconds = retain;
            return this;
        }

        /**
         * {@code --demo}: the run writes its own log (a finished one to replay with {@code --once},
         * else an empty one a generator thread fills while the run follows it).
         */
        Builder demo(final boolean on) {
            this.demo = on;
            return this;
        }

        /** {@code --sink kafka}: each closed second's frame to the topic (null: none). */
        Builder kafka(final KafkaSinkOptions.Plan plan) {
            this.kafkaSink = plan;
            return this;
        }

        /**
         * {@code aggregate}: the frames of every instance read from Kafka feed the combiner, instead
         * of a pipeline reading files.
         */
        Builder aggregate(final AggregatePlan plan) {
            this.aggregate = plan;
            return this;
        }

        /** Opens the run in order; on a failure closes what was opened and says why. */
        MonitorRun start() throws StartFailure {
            final Opened o = new Opened();
            try {
                if (aggregate != null) {
                    openSinks(o);
                    openApi(o);
                    final Aggregator aggregator = aggregator(o);
                    aggregator.start();
                    return new MonitorRun(this, o, null, aggregator, null);
                }
                writeDemoLog(o); // first: the notification sinks name the sources
                openSinks(o);
                openApi(o);
                final Pipeline pipeline = pipeline(o);
                final DemoLog.Live live = demo && !settings.once ? DemoLog.startLive(o.demoLog) : null;
                pipeline.start();
                return new MonitorRun(this, o, pipeline, null, live);
            } catch (StartFailure | RuntimeException e) {
                o.closeAll(graceMs());
                throw e;
            }
        }

        /** The aggregate's merge and its Kafka reader, feeding the sinks opened. */
        private Aggregator aggregator(final Opened o) throws StartFailure {
            final SnapshotPublisher publisher = publisher(o);
            final Supplier<List<DeliveryStats>> deliveries = deliveries(o);
            final CombinerReadings readings = new CombinerReadings() {
                @Override
                public long handlerErrors() {
                    return errors.count();
                }

                @Override
                public List<DeliveryStats> deliveries() {
                    return deliveries.get();
                }
            };
            final int capacity = settings.topCapacity * settings.shards;
            final AlertRule rule = new AlertRule(settings.alertRule, settings.threshold, settings.alertRepeatSeconds);
            final FleetMerger merger = new FleetMerger(capacity, aggregate.latenessSeconds(), aggregate.goneAfterMs(),
                    (FrameExchange[] ex) -> CombinerSetup.builder(ex, capacity, rule, publisher).top(settings.top)
                            .rules(settings.rules, settings.alertRepeatSeconds).everySeconds(settings.everySeconds),
                    readings);
            try {
                final Aggregator a = new Aggregator(aggregate.connection(), aggregate.topic(), aggregate.fromStart(),
                        merger, notices, clock::millis);
                notices.println(name + ": reading frames from kafka topic " + aggregate.topic() + " at "
                        + TextSafety.oneLine(aggregate.connection().describe()) + " (lateness "
                        + aggregate.latenessSeconds() + " s" + (aggregate.fromStart() ? ", from the topic's start" : "")
                        + ")");
                return a;
            } catch (RuntimeException e) {
                throw new StartFailure("cannot read from Kafka: " + TextSafety.oneLine(aggregate.connection().explain(e)));
            }
        }

        /** The one publisher the combiner hands snapshots and alerts to: every sink opened. */
        private SnapshotPublisher publisher(final Opened o) {
            final List<SnapshotPublisher> targets = new ArrayList<>(o.runners);
            for (final NotificationSink n : o.notifiers) {
                targets.add(new GuardedPublisher(n, "sink logmon-notify-" + n.engine().name(), errors));
            }
            return targets.size() == 1 ? targets.get(0) : new SinkFanout(targets);
        }

        /** The delivery counters snapshots carry: each notification sink's, and the kafka sink's. */
        private static Supplier<List<DeliveryStats>> deliveries(final Opened o) {
            final List<NotificationSink> notifiers = List.copyOf(o.notifiers);
            return () -> {
                final List<DeliveryStats> stats = new ArrayList<>(notifiers.size() + 1);
                for (final NotificationSink n : notifiers) {
                    stats.add(n.stats());
                }
                if (o.kafka != null) {
                    stats.add(o.kafka.stats());
                }
                return stats;
            };
        }

        private long graceMs() {
            return notify == null ? 0 : notify.policy().graceMs();
        }

        private void openSinks(final Opened o) {
            if (sinks.contains(SinkKind.TUI)) {
                final String timeLabel = settings.effectiveTimeMode() == TimeMode.LOG ? "log time" : "arrival time";
                o.dashboard = TuiSink.open(bell, timeLabel);
                o.runners.add(new SinkRunner("tui", o.dashboard, false, errors));
            }
            if (api != null) {
                // a browser needs no more than one snapshot a second, however fast a replay goes
                o.apiSink = new HttpApiSink(settings.top).snapshotsAtMostEvery(1_000);
                o.runners.add(new SinkRunner("api", o.apiSink, false, errors));
            }
            if (sinks.contains(SinkKind.JSON)) {
                o.runners.add(new SinkRunner("json", new JsonLinesSink(out, settings.top), settings.once, errors));
            }
            if (sinks.contains(SinkKind.WEBHOOK) || sinks.contains(SinkKind.EMAIL)) {
                final String host = hostName();
                if (sinks.contains(SinkKind.WEBHOOK)) {
                    o.notifiers.add(notifier("webhook",
                            new WebhookTransport(notify.webhookUrl(), notify.policy().timeoutMs(), clock), host));
                }
                if (sinks.contains(SinkKind.EMAIL)) {
                    o.notifiers.add(notifier("email", new MailTransport(notify.mail(), clock), host));
                }
            }
        }

        /**
         * A webhook or email sink, with its own delivery thread. Not behind a {@link SinkRunner}: the
         * combiner hands it each alert directly (queuing never blocks), so a snapshot's delivery
         * counters include every alert raised before it.
         */
        private NotificationSink notifier(final String sinkName, final Transport transport, final String host) {
            final DeliveryEngine engine = new DeliveryEngine(sinkName, transport, notify.policy(), clock, Sleeper.SYSTEM,
                    () -> ThreadLocalRandom.current().nextDouble(), notices);
            return new NotificationSink(engine, notify.policy().repeatSeconds(), notify.holdSeconds(), settings.top,
                    host, settings.sources);
        }

        private void openApi(final Opened o) throws StartFailure {
            if (api == null) {
                return;
            }
            o.historyApi = historyDir == null ? null
                    : new ApiHistory(historyDir, settings.top, Settings.DEFAULT_TOP_CAPACITY);
            try {
                o.server = HttpApiServer.start(api.address(), api.dualStack(), o.apiSink, api.token(), ApiLimits.DEFAULTS,
                        o.historyApi);
            } catch (IOException | RuntimeException e) {
                throw new StartFailure("cannot listen on " + ListenAddress.describe(api.address(), api.dualStack()) + ": "
                        + TextSafety.oneLine(String.valueOf(e.getMessage())));
            }
            final InetSocketAddress at = o.server.address();
            final String scope = ListenAddress.scope(at, api.dualStack());
            notices.println(name + ": API on " + ListenAddress.url(at) + " (/snapshot /events /metrics /health)"
                    + (scope == null ? "" : ", " + scope));
            notices.println(name + ": dashboard on " + ListenAddress.url(at) + "/"
                    + (o.historyApi == null ? "" : " (history from /history)"));
            if (o.dashboard != null) {
                o.dashboard.api(ListenAddress.url(at) + "/"); // the notices above wait until the dashboard exits
            }
        }

        private void writeDemoLog(final Opened o) throws StartFailure {
            if (!demo) {
                return;
            }
            try {
                o.demoLog = settings.once ? DemoLog.create() : DemoLog.createEmpty();
            } catch (UncheckedIOException e) {
                throw new StartFailure("cannot write the demo's log: " + TextSafety.oneLine(String.valueOf(e.getMessage())));
            }
            settings.sources = new ArrayList<>(List.of(o.demoLog.toString()));
        }

        private Pipeline pipeline(final Opened o) throws StartFailure {
            final Pipeline pipeline = new Pipeline(settings, publisher(o), clock, notices, errors, in);
            if (kafkaSink != null) {
                try {
                    o.kafka = FrameSender.start(kafkaSink.connection(), kafkaSink.topic(), kafkaSink.buffer(), notices,
                            errors.uncaught()); // an Error on the sender's thread is fatal, as on the pipeline's
                } catch (RuntimeException e) {
                    throw new StartFailure("cannot start the kafka sink: "
                            + TextSafety.oneLine(kafkaSink.connection().explain(e)));
                }
                pipeline.gateCheckpoints(o.kafka.checkpointGate()); // a save never runs ahead of the frames sent
                pipeline.addCombinerHook(new FramePublisher(kafkaSink.instance(), UUID.randomUUID().toString(), o.kafka,
                        settings.topCapacity * settings.shards, pipeline::labelOffsetSeconds));
                for (final SourceProvider provider : settings.providers) {
                    if (provider instanceof KafkaLineSources lines && lines.madeAny()) {
                        // after the publisher's hook: a -s kafka: offset is committed once the frames of its lines are acked
                        pipeline.addCombinerHook(lines.gateCommits(o.kafka.deliveryGate()));
                    }
                }
                notices.println(name + ": frames to kafka topic " + kafkaSink.topic() + " as instance "
                        + TextSafety.oneLine(kafkaSink.instance()) + " at "
                        + TextSafety.oneLine(kafkaSink.connection().describe()) + " (buffer " + kafkaSink.buffer() + " frames)");
            }
            if (!o.notifiers.isEmpty() || o.kafka != null) {
                pipeline.setDeliveryStats(deliveries(o));
            }
            if (stateDir != null) {
                pipeline.enableState(stateDir, stateEveryMs);
            }
            if (historyDir != null) {
                try {
                    Files.createDirectories(historyDir);
                } catch (IOException | RuntimeException e) {
                    throw new StartFailure("cannot create the history directory " + TextSafety.oneLine(historyDir + ": " + e));
                }
                notices.println(name + ": history in " + TextSafety.oneLine(historyDir.toString()) + " (retention "
                        + Durations.format(retainSeconds * 1_000) + ")");
                o.history = new HistoryWriter(historyDir, retainSeconds, 3_600, clock, notices, settings.once);
                pipeline.setMinuteSink(o.history);
            }
            return pipeline;
        }
    }

    /** What a start has opened so far (closed again, in order, if a later step fails). */
    private static final class Opened {
        final List<SinkRunner> runners = new ArrayList<>();
        final List<NotificationSink> notifiers = new ArrayList<>();
        TuiSink dashboard;
        HttpApiSink apiSink;
        HttpApiServer server;
        ApiHistory historyApi;
        HistoryWriter history;
        Path demoLog;
        FrameSender kafka;

        void closeAll(final long graceMs) {
            closeSinks(runners, notifiers, 1_000, graceMs);
            if (kafka != null) {
                kafka.close(1_000);
            }
            if (history != null) {
                history.close(1_000);
            }
            if (server != null) {
                server.close();
            }
            if (historyApi != null) {
                historyApi.close();
            }
            if (demoLog != null) {
                try {
                    Files.deleteIfExists(demoLog);
                } catch (IOException | RuntimeException e) {
                    // best effort: it is a temporary file, also deleted at exit
                }
            }
        }
    }

    /** The pipeline, to wait on its sources and see a fatal error ({@link Pipeline#failed()}). */
    Pipeline pipeline() {
        return pipeline;
    }

    /** The dashboard, or null when the run has none. */
    TuiSink dashboard() {
        return dashboard;
    }

    /** Where the HTTP API listens, or null when the run has none. */
    InetSocketAddress apiAddress() {
        return server == null ? null : server.address();
    }

    /**
     * Ends the pipeline once: final tick, final snapshot (within {@code timeoutMs}). A later call,
     * or one while another thread finishes it, returns at once.
     *
     * @return true when this call or an earlier one saw the final snapshot published in time
     */
    boolean finish(final long timeoutMs) throws InterruptedException {
        if (finishing.compareAndSet(false, true)) {
            finishedInTime = aggregator != null ? aggregator.stop(timeoutMs) : pipeline.finish(timeoutMs);
        }
        return finishedInTime;
    }

    /** True once {@link #finish} has been called (by any thread). */
    boolean finishing() {
        return finishing.get();
    }

    /**
     * Stops the run once, in order: the demo generator; the pipeline, unless already finished
     * ({@code pipelineMs}); the snapshot sinks, each within {@code sinksMs}, then the notification
     * sinks' shared grace; the history's last minutes; the HTTP API. A second call returns at once.
     *
     * @return true when the final snapshot was published in time
     */
    boolean stop(final long pipelineMs, final long sinksMs) throws InterruptedException {
        if (!stopping.compareAndSet(false, true)) {
            return finishedInTime;
        }
        try {
            if (live != null) {
                live.stop();
            }
            finish(pipelineMs);
        } finally {
            closeKafka(sinksMs);
            closeSinks(runners, notifiers, sinksMs, graceMs);
            if (history != null && !history.close(HISTORY_CLOSE_MS)) {
                notices.println(name + ": history: the last minutes could not be written in time");
            }
            if (server != null) {
                server.close();
            }
            if (historyApi != null) {
                historyApi.close();
            }
            deleteDemoLog(); // a halt after a signal would skip deleteOnExit
        }
        return finishedInTime;
    }

    /** The kafka sink sends what waits (the final frames) within {@code timeoutMs}, and says what it could not. */
    private void closeKafka(final long timeoutMs) {
        if (kafka == null) {
            return;
        }
        if (!kafka.close(timeoutMs)) {
            notices.println(name + ": kafka sink: " + kafka.waiting() + " frame(s) not acknowledged at the stop, "
                    + kafka.failed() + " failed, " + kafka.dropped() + " dropped (buffer full)");
        }
    }

    /** The aggregate's reader, or null for a run that reads files. */
    Aggregator aggregator() {
        return aggregator;
    }

    /** Deletes the demo's temporary log; nothing without {@code --demo}. Best effort. */
    private void deleteDemoLog() {
        if (demoLog != null) {
            try {
                Files.deleteIfExists(demoLog);
            } catch (IOException | RuntimeException e) {
                // best effort: it is a temporary file
            }
        }
    }

    /**
     * Closes the sinks in order: JSON lines, the dashboard and the API (their final snapshot) each
     * within {@code firstTimeoutMs}; then the notification sinks send a resolve still held and
     * share one {@code --webhook-grace} to deliver what is pending (they deliver in parallel, each
     * on its thread), each stopping at most {@code DeliveryEngine.JOIN_MS} after it.
     */
    private static void closeSinks(final List<SinkRunner> runners, final List<NotificationSink> notifiers,
                                   final long firstTimeoutMs, final long graceMs) {
        for (final SinkRunner r : runners) {
            r.close(firstTimeoutMs);
        }
        for (final NotificationSink n : notifiers) {
            n.flush();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        for (final NotificationSink n : notifiers) {
            n.engine().close(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /** Hands the combiner's events to a notification sink; an exception is counted, never the combiner's. */
    private record GuardedPublisher(NotificationSink sink, String where, HandlerErrors errors)
            implements SnapshotPublisher {
        @Override
        public void publishSnapshot(final Snapshot snapshot) {
            try {
                sink.publishSnapshot(snapshot);
            } catch (RuntimeException e) {
                errors.record(where, e);
            }
        }

        @Override
        public void publishAlert(final AlertEvent alert) {
            try {
                sink.publishAlert(alert);
            } catch (RuntimeException e) {
                errors.record(where, e);
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            final String h = System.getenv("HOSTNAME");
            return h == null || h.isBlank() ? "unknown" : h;
        }
    }
}
