package dev.logmon.cli;

import dev.logmon.core.AlertRuleKind;
import dev.logmon.core.Clock;
import dev.logmon.core.HandlerErrors;
import dev.logmon.core.LogFormat;
import dev.logmon.core.Pipeline;
import dev.logmon.core.Settings;
import dev.logmon.core.SinkRunner;
import dev.logmon.core.TimeBound;
import dev.logmon.core.TimeMode;
import dev.logmon.core.WaitStrategyName;
import dev.logmon.sinks.JsonLinesSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

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
                "Example: logmon-cli -s access.log --from-start --once --sink json | tail -1"})
public final class LogmonCommand implements Callable<Integer> {
    /** Exit code for bad usage. */
    public static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final InputStream in;

    @Spec
    private CommandSpec spec;

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
            description = "Replay a generated log (12 minutes of traffic with bursts that trip the alert twice) and exit; "
                    + "needs no file.")
    private boolean demo;

    @Option(names = "--once", description = "Read every file from its start to its end, print the final snapshot and exit.")
    private boolean once;

    @Option(names = "--from-start", description = "Read what is already in the files first (default: start at their end).")
    private boolean fromStart;

    @Option(names = "--sink", paramLabel = "SINK", defaultValue = "json",
            description = "Where results go: json (JSON lines on stdout) (default: ${DEFAULT-VALUE}).")
    private String sink;

    @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "10",
            description = "Write a snapshot every this many seconds of the active time (default: ${DEFAULT-VALUE}).")
    private long every;

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

    @Option(names = "--rotate-wait", paramLabel = "MS", defaultValue = "" + Settings.DEFAULT_ROTATE_WAIT_MILLIS,
            description = "After a file is rotated or deleted, keep reading the old one until it has been quiet this "
                    + "long, for writers that still append to it (default: ${DEFAULT-VALUE}).")
    private long rotateWaitMillis;

    @Option(names = "--wait", paramLabel = "STRATEGY", defaultValue = "sleeping",
            description = "How analyzer threads wait for lines: sleeping, blocking or yielding (default: ${DEFAULT-VALUE}).")
    private String waitStrategy;

    /**
     * @param out   where the JSON sink writes
     * @param err   where problems and notices go
     * @param clock wall clock
     * @param in    what {@code -s -} reads
     */
    public LogmonCommand(final PrintStream out, final PrintStream err, final Clock clock, final InputStream in) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.in = in;
    }

    /** Builds the settings and adds a message to {@code problems} for every bad value. */
    Settings settings(final List<String> problems) {
        final Settings s = new Settings();
        s.sources = new ArrayList<>(sources);
        if (demo) {
            if (!sources.isEmpty()) {
                problems.add("--demo reads its own generated log: give no -s");
            } else {
                s.sources.add(DemoLog.create().toString());
            }
        }
        s.threshold = threshold;
        s.alertRepeatSeconds = alertRepeat;
        s.once = once || demo;
        s.fromStart = fromStart;
        s.everySeconds = every;
        s.top = top;
        s.shards = shards;
        s.ringSize = ringSize;
        s.topCapacity = topCapacity;
        s.maxLineBytes = maxLine;
        s.pollMillis = pollMillis;
        s.rotateWaitMillis = rotateWaitMillis;
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
        if (!"json".equals(sink)) {
            problems.add("--sink must be json (the terminal dashboard and webhooks are not built yet): " + sink);
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
        final HandlerErrors errors = new HandlerErrors(err);
        final SinkRunner json = new SinkRunner("json", new JsonLinesSink(out, settings.top), settings.once, errors);
        final Pipeline pipeline = new Pipeline(settings, json, clock, err, errors, in);
        pipeline.start();
        if (settings.once) {
            pipeline.awaitSources(Long.MAX_VALUE);
            final boolean done = pipeline.finish(60_000);
            json.close(30_000);
            return done ? 0 : 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pipeline.finish(5_000);
                json.close(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "logmon-shutdown"));
        stopped.await();
        return 0;
    }
}
