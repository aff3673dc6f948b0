package dev.logmon.cli;

import dev.logmon.core.AlertRuleKind;
import dev.logmon.core.Clock;
import dev.logmon.core.DeliveryStats;
import dev.logmon.core.HandlerErrors;
import dev.logmon.core.LogFormat;
import dev.logmon.core.Pipeline;
import dev.logmon.core.Settings;
import dev.logmon.core.SinkFanout;
import dev.logmon.core.SinkRunner;
import dev.logmon.core.SnapshotPublisher;
import dev.logmon.core.TextSafety;
import dev.logmon.core.TimeBound;
import dev.logmon.core.TimeMode;
import dev.logmon.core.WaitStrategyName;
import dev.logmon.sinks.DeliveryEngine;
import dev.logmon.sinks.JsonLinesSink;
import dev.logmon.sinks.MailTransport;
import dev.logmon.sinks.NotificationSink;
import dev.logmon.sinks.Sleeper;
import dev.logmon.sinks.Transport;
import dev.logmon.sinks.WebhookTransport;
import dev.logmon.sinks.tui.TuiSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The monitor: reads access logs, keeps per-second counters and writes snapshots and alerts.
 * Options map one to one onto {@link Settings}; every problem is reported, one line each, with
 * exit code 2, before any file is read.
 */
@Command(name = "logmon-cli", mixinStandardHelpOptions = true, version = "logmon 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Real-time HTTP access-log monitor: traffic, popular sections, top bandwidth consumers, "
                + "status codes, response times and high-traffic alerts for access logs in any nginx or Apache format, "
                + "or JSON lines; plain or .gz."},
        footer = {"", "Exit codes: 0 done, 1 failure while running, 2 bad usage.",
                "Keys of the dashboard: Tab/Shift-Tab focus, arrows and PgUp/PgDn scroll, p pause, ? keys, q or Esc quit.",
                "Example: logmon-cli --demo    (live dashboard on generated traffic)",
                "Example: logmon-cli -s access.log --from-start --once --sink json | tail -1"})
public final class LogmonCommand implements Callable<Integer> {
    /** Exit code for bad usage. */
    public static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final InputStream in;
    private final Map<String, String> env;

    @Spec
    private CommandSpec spec;

    @Mixin
    private NotifyOptions notify = new NotifyOptions();

    private NotifyOptions.Plan plan;
    private final Set<String> sinkNames = new LinkedHashSet<>();

    @Option(names = {"-s", "--source"}, paramLabel = "FILE",
            description = "Access log to read; repeat for several files; - reads standard input. A file that does not "
                    + "exist yet is waited for; rotation and truncation are followed.")
    private List<String> sources = new ArrayList<>();

    @Option(names = {"-t", "--threshold"}, paramLabel = "N", defaultValue = "10",
            description = "Alert threshold in hits/s (default: ${DEFAULT-VALUE}).")
    private double threshold;

    @Option(names = "--alert-rule", paramLabel = "RULE", defaultValue = "relative",
            description = "relative: alert when the 2-minute average exceeds the lifetime average by more than the "
                    + "threshold; absolute: when it exceeds the threshold (default: ${DEFAULT-VALUE}).")
    private String alertRule;

    @Option(names = "--alert-repeat", paramLabel = "SECONDS", defaultValue = "10",
            description = "While an alert is on, repeat its message this often; 0 = only on change (default: ${DEFAULT-VALUE}).")
    private long alertRepeat;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Built-in log format: auto (Combined, else Common, per line), common or combined (default: auto). "
                    + "Same as --log-format with those names.")
    private String format;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "A preset (auto, common, combined, vcombined, nginx-timed, apache-timed, json) or a format "
                    + "string as in the server's config: nginx log_format ($remote_addr ... $request_time) or Apache "
                    + "LogFormat (%h %l %u %t \"%r\" %>s %b %D ...).")
    private String logFormat;

    @Option(names = "--json-fields", paramLabel = "ROLE=KEY[:UNIT],...",
            description = "With --log-format json: which keys hold host, time, request, uri, status, size, latency, "
                    + "xff (units s, ms, us, ns), e.g. latency=Duration:ns,host=ClientHost.")
    private String jsonFields;

    @Option(names = "--host-from", paramLabel = "SOURCE", defaultValue = "client",
            description = "client: the remote address; xff: the first X-Forwarded-For address when the line has one "
                    + "(default: ${DEFAULT-VALUE}).")
    private String hostFrom;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Count only lines logged at or after TIME: ISO-8601 (2026-01-01T10:00:00Z) or back from now "
                    + "(2h, 30m, 7d). Other lines are counted as filtered.")
    private String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Count only lines logged before TIME (same forms as --since).")
    private String until;

    @Option(names = "--time", paramLabel = "MODE",
            description = "Which second a line counts in: arrival (when read) or log (its own timestamp). "
                    + "Default: log with --once, arrival otherwise.")
    private String time;

    @Option(names = "--demo",
            description = "Needs no file: live, generated traffic (20 lines/s, 4x bursts) written to a temporary log "
                    + "and followed; the alert fires about 3 minutes in and recovers. With --once: replay 12 minutes "
                    + "of generated traffic in log time and exit.")
    private boolean demo;

    @Option(names = "--once", description = "Read every file from its start to its end, print the final snapshot and exit.")
    private boolean once;

    @Option(names = "--from-start", description = "Read what is already in the files first (default: start at their end).")
    private boolean fromStart;

    @Option(names = "--sink", paramLabel = "SINK", split = ",",
            description = "Where results go; repeat (or comma-separate) for several: tui (the terminal dashboard), "
                    + "json (JSON lines on stdout), webhook (alert transitions POSTed as JSON), email (alert "
                    + "transitions by SMTP). Default: tui.")
    private List<String> sinks = new ArrayList<>();

    @Option(names = "--no-bell", description = "Do not ring the terminal bell when an alert goes on (dashboard).")
    private boolean noBell;

    @Option(names = "--every", paramLabel = "SECONDS",
            description = "A snapshot every this many seconds of the active time (default: 1 with tui, 10 with json).")
    private Long every;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Length of the top sections and hosts lists (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_SHARDS,
            description = "Analyzer threads; keys are split among them by host (default: ${DEFAULT-VALUE}).")
    private int shards;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "" + Settings.DEFAULT_RING_SIZE,
            description = "Ring buffer slots, a power of two (default: ${DEFAULT-VALUE}).")
    private int ringSize;

    @Option(names = "--top-capacity", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_TOP_CAPACITY,
            description = "Distinct sections and hosts each analyzer keeps exactly per second; beyond it the lists "
                    + "are summarised with a reported error bound (default: ${DEFAULT-VALUE}).")
    private int topCapacity;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "" + Settings.DEFAULT_MAX_LINE_BYTES,
            description = "Longest line; longer lines are counted as malformed (tooLong) and skipped (default: ${DEFAULT-VALUE}).")
    private int maxLine;

    @Option(names = "--poll", paramLabel = "MS", defaultValue = "" + Settings.DEFAULT_POLL_MILLIS,
            description = "When following, look for new lines, rotation and truncation this often (default: ${DEFAULT-VALUE}).")
    private long pollMillis;

    @Option(names = "--no-watch",
            description = "Do not use file change notifications; follow files by polling every --poll ms only.")
    private boolean noWatch;

    @Option(names = "--rotate-wait", paramLabel = "MS", defaultValue = "" + Settings.DEFAULT_ROTATE_WAIT_MILLIS,
            description = "After a file is rotated or deleted, keep reading the old one until it has been quiet this "
                    + "long, for writers that still append to it (default: ${DEFAULT-VALUE}).")
    private long rotateWaitMillis;

    @Option(names = "--wait", paramLabel = "STRATEGY", defaultValue = "sleeping",
            description = "How analyzer threads wait for lines: sleeping, blocking or yielding (default: ${DEFAULT-VALUE}).")
    private String waitStrategy;

    /** A command reading {@code -s -} from {@link System#in}, with the process's environment. */
    public LogmonCommand(final PrintStream out, final PrintStream err, final Clock clock) {
        this(out, err, clock, System.in, System.getenv());
    }

    /**
     * @param out   where the JSON sink writes
     * @param err   where problems and notices go
     * @param clock wall clock
     * @param in    what {@code -s -} reads
     * @param env   environment variables ({@code --webhook-url-env}, {@code --smtp-password-env})
     */
    public LogmonCommand(final PrintStream out, final PrintStream err, final Clock clock, final InputStream in,
                         final Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.in = in;
        this.env = Map.copyOf(env);
    }

    /** Builds the settings and adds a message to {@code problems} for every bad value. */
    Settings settings(final List<String> problems) {
        final Settings s = new Settings();
        s.sources = new ArrayList<>(sources);
        sinkNames.clear();
        for (final String name : sinks.isEmpty() ? List.of("tui") : sinks) {
            if ("tui".equals(name) || "json".equals(name) || "webhook".equals(name) || "email".equals(name)) {
                sinkNames.add(name);
            } else {
                problems.add("--sink must be tui, json, webhook or email: " + TextSafety.oneLine(name));
            }
        }
        final boolean tui = sinkNames.contains("tui");
        if (tui && sinkNames.contains("json")) {
            problems.add("--sink tui and --sink json both write to the terminal: pick one");
        }
        if (tui) {
            final String missing = Terminals.problem();
            if (missing != null) {
                problems.add("--sink tui needs a terminal (" + missing + "): use --sink json for JSON lines");
            }
        }
        plan = notify.conclude(sinkNames.contains("webhook"), sinkNames.contains("email"), env, problems);
        if (demo) {
            if (!sources.isEmpty()) {
                problems.add("--demo reads its own generated log: give no -s");
            } else if (problems.isEmpty()) {
                // with --once a finished log to replay; live, an empty file a generator thread fills in call()
                s.sources.add((once ? DemoLog.create() : DemoLog.createEmpty()).toString());
            }
        }
        s.threshold = threshold;
        s.alertRepeatSeconds = alertRepeat;
        s.once = once;
        s.fromStart = fromStart || demo;
        s.everySeconds = every != null ? every : tui ? 1 : 10;
        s.top = top;
        s.shards = shards;
        s.ringSize = ringSize;
        s.topCapacity = topCapacity;
        s.maxLineBytes = maxLine;
        s.pollMillis = pollMillis;
        s.rotateWaitMillis = rotateWaitMillis;
        s.watchFiles = !noWatch;
        final AlertRuleKind rule = AlertRuleKind.fromName(alertRule);
        if (rule == null) {
            problems.add("--alert-rule must be relative or absolute: " + alertRule);
        } else {
            s.alertRule = rule;
        }
        if (format != null) {
            final LogFormat f = LogFormat.fromName(format);
            if (f == null) {
                problems.add("--format must be auto, common or combined: " + format + " (see --log-format for others)");
            } else {
                s.format = f;
            }
            if (logFormat != null) {
                problems.add("give --format or --log-format, not both");
            }
        }
        s.logFormat = logFormat;
        s.jsonFields = jsonFields;
        if ("xff".equals(hostFrom)) {
            s.hostFromForwardedFor = true;
        } else if (!"client".equals(hostFrom)) {
            problems.add("--host-from must be client or xff: " + hostFrom);
        }
        s.sinceSecond = timeBound("--since", since, problems);
        s.untilSecond = timeBound("--until", until, problems);
        if (time != null) {
            final TimeMode m = TimeMode.fromName(time);
            if (m == null) {
                problems.add("--time must be arrival or log: " + time);
            } else {
                s.timeMode = m;
            }
        }
        final WaitStrategyName w = WaitStrategyName.fromName(waitStrategy);
        if (w == null) {
            problems.add("--wait must be sleeping, blocking or yielding: " + waitStrategy);
        } else {
            s.waitStrategy = w;
        }
        if (tui && sources.contains(Settings.STDIN)) {
            problems.add("-s - cannot feed the dashboard (it reads its keys from the terminal): use --sink json");
        }
        problems.addAll(s.conclude());
        return s;
    }

    private Long timeBound(final String option, final String value, final List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return TimeBound.parse(value, clock.second());
        } catch (IllegalArgumentException e) {
            problems.add(option + " " + e.getMessage());
            return null;
        }
    }

    @Override
    public Integer call() throws Exception {
        final List<String> problems = new ArrayList<>();
        final Settings settings = settings(problems);
        if (!problems.isEmpty()) {
            for (final String p : problems) {
                err.println("logmon-cli: " + p);
            }
            err.println("Try 'logmon-cli --help' for the options.");
            return USAGE;
        }
        for (final String note : settings.notes) {
            err.println("logmon-cli: " + note);
        }
        return sinkNames.contains("tui") ? runDashboard(settings) : runHeadless(settings);
    }

    /** JSON lines and/or notification sinks, no terminal UI. */
    private int runHeadless(final Settings settings) throws InterruptedException {
        final HandlerErrors errors = new HandlerErrors(err);
        final List<SinkRunner> runners = new ArrayList<>();
        if (sinkNames.contains("json")) {
            runners.add(new SinkRunner("json", new JsonLinesSink(out, settings.top), settings.once, errors));
        }
        final List<DeliveryEngine> engines = new ArrayList<>();
        runners.addAll(notifiers(settings, engines, errors, err));
        final Pipeline pipeline = pipeline(settings, runners, engines, err, errors);
        final DemoLog.Live live = startLiveDemo(settings);
        pipeline.start();
        if (settings.once) {
            pipeline.awaitSources(Long.MAX_VALUE);
            final boolean done = pipeline.finish(60_000);
            closeAll(runners, 30_000);
            return done ? 0 : 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (live != null) {
                    live.stop();
                }
                pipeline.finish(5_000);
                closeAll(runners, 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
            exitCleanlyAfterSignal(settings);
        }, "logmon-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * The dashboard owns the terminal until q: notices and handler errors are held in memory
     * and written to stderr once the terminal is restored. With --once the dashboard stays on the
     * final snapshot after the replay until q.
     */
    private int runDashboard(final Settings settings) throws InterruptedException {
        final ByteArrayOutputStream held = new ByteArrayOutputStream();
        final PrintStream notices = new PrintStream(held, true, StandardCharsets.UTF_8);
        final HandlerErrors errors = new HandlerErrors(notices);
        final String timeLabel = settings.effectiveTimeMode() == TimeMode.LOG ? "log time" : "arrival time";
        final TuiSink dashboard = TuiSink.open(!noBell, timeLabel);
        final List<SinkRunner> runners = new ArrayList<>();
        runners.add(new SinkRunner("tui", dashboard, false, errors));
        final List<DeliveryEngine> engines = new ArrayList<>();
        runners.addAll(notifiers(settings, engines, errors, notices));
        final Pipeline pipeline = pipeline(settings, runners, engines, notices, errors);
        final DemoLog.Live live = startLiveDemo(settings);
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();
        final Runnable stop = () -> {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                if (live != null) {
                    live.stop();
                }
                if (finished.compareAndSet(false, true)) {
                    pipeline.finish(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeAll(runners, 10_000);
                notices.flush();
                err.print(held.toString(StandardCharsets.UTF_8));
                err.flush();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!closed.get()) { // a signal, not q: the main thread is still in the loop below
                stop.run();
                exitCleanlyAfterSignal(settings);
            }
        }, "logmon-shutdown"));
        pipeline.start();
        while (!dashboard.awaitQuit(200)) {
            if (settings.once && !finished.get() && pipeline.awaitSources(1) && finished.compareAndSet(false, true)) {
                pipeline.finish(60_000);
            }
        }
        stop.run();
        return 0;
    }

    /**
     * SIGTERM or SIGINT while following: the final snapshot is out and the sinks are closed, so
     * the stop was clean; exit 0 rather than the JVM's 143/130 (RELIABILITY row 35). Halting skips
     * deleteOnExit, so the demo's temporary log is removed here.
     */
    private void exitCleanlyAfterSignal(final Settings settings) {
        if (demo) {
            for (final String source : settings.sources) {
                try {
                    Files.deleteIfExists(Path.of(source));
                } catch (IOException | RuntimeException e) {
                    // best effort: it is a temporary file
                }
            }
        }
        out.flush();
        err.flush();
        Runtime.getRuntime().halt(0);
    }

    private Pipeline pipeline(final Settings settings, final List<SinkRunner> runners,
                              final List<DeliveryEngine> engines, final PrintStream notices,
                              final HandlerErrors errors) {
        final SnapshotPublisher publisher = runners.size() == 1 ? runners.get(0) : new SinkFanout(runners);
        final Pipeline pipeline = new Pipeline(settings, publisher, clock, notices, errors, in);
        if (!engines.isEmpty()) {
            pipeline.setDeliveryStats(() -> {
                final List<DeliveryStats> stats = new ArrayList<>(engines.size());
                for (final DeliveryEngine e : engines) {
                    stats.add(e.stats());
                }
                return stats;
            });
        }
        return pipeline;
    }

    /** The webhook and email sinks asked for, each on its own delivery thread behind its own SinkRunner. */
    private List<SinkRunner> notifiers(final Settings settings, final List<DeliveryEngine> engines,
                                       final HandlerErrors errors, final PrintStream log) {
        final List<SinkRunner> runners = new ArrayList<>();
        if (!sinkNames.contains("webhook") && !sinkNames.contains("email")) {
            return runners;
        }
        final String host = hostName();
        if (sinkNames.contains("webhook")) {
            runners.add(notifier("webhook", new WebhookTransport(plan.webhookUrl(), plan.policy().timeoutMs(), clock),
                    settings, host, engines, errors, log));
        }
        if (sinkNames.contains("email")) {
            runners.add(notifier("email", new MailTransport(plan.mail(), clock), settings, host, engines, errors, log));
        }
        return runners;
    }

    /** A notification sink: snapshots may be skipped, alerts never. */
    private SinkRunner notifier(final String name, final Transport transport, final Settings settings, final String host,
                                final List<DeliveryEngine> engines, final HandlerErrors errors, final PrintStream log) {
        final DeliveryEngine engine = new DeliveryEngine(name, transport, plan.policy(), clock, Sleeper.SYSTEM,
                () -> ThreadLocalRandom.current().nextDouble(), log);
        engines.add(engine);
        return new SinkRunner(name, new NotificationSink(engine, plan.policy().repeatSeconds(), settings.top, host,
                settings.sources), false, errors);
    }

    /**
     * Closes the first sink (JSON lines or the dashboard: its final snapshot) within
     * {@code firstTimeoutMs}, then the notification sinks, each of which may use its grace period
     * (plus one attempt's timeout) to deliver what is pending.
     */
    private void closeAll(final List<SinkRunner> runners, final long firstTimeoutMs) {
        final long notifyMs = plan.policy().graceMs() + plan.policy().timeoutMs() + 5_000;
        final boolean firstIsScreen = sinkNames.contains("json") || sinkNames.contains("tui");
        for (final SinkRunner r : runners) {
            r.close(r == runners.get(0) && firstIsScreen ? firstTimeoutMs : notifyMs);
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

    private DemoLog.Live startLiveDemo(final Settings settings) {
        return demo && !once ? DemoLog.startLive(Path.of(settings.sources.get(0))) : null;
    }
}
