package dev.logmon.cli.options;

import dev.logmon.cli.SinkKind;
import dev.logmon.cli.Terminals;
import dev.logmon.core.combine.AlertRuleSpec;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.engine.WaitStrategyName;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.TimeBound;
import dev.logmon.core.time.TimeMode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monitor's options, shared by {@code logmon-cli} itself and {@code logmon-cli serve}: one
 * pass builds the validated {@link Settings} and the sink plan, adding one message per problem.
 */
public final class MonitorOptions {

    @Mixin
    NotifyOptions notify = new NotifyOptions();

    /** How to reach Kafka, for the kafka sink and kafka: sources (issue 19). */
    @Mixin
    public KafkaOptions kafka = new KafkaOptions();

    /** This instance in the fleet, for {@code --sink kafka}. */
    @Mixin
    KafkaSinkOptions kafkaSink = new KafkaSinkOptions();

    /** What {@code --sink kafka} resolved to (after {@link #settings}; null without it). */
    public KafkaSinkOptions.Plan kafkaPlan;

    /** How -s kafka:TOPIC sources read (issue 19, lines in). */
    @Mixin
    KafkaSourceOptions kafkaSource = new KafkaSourceOptions();

    /** What the notification options resolved to (after {@link #settings}). */
    public NotifyOptions.Plan plan;
    /** The sinks asked for, without repeats (after {@link #settings}). */
    public final Set<SinkKind> sinkKinds = EnumSet.noneOf(SinkKind.class);

    @Option(names = {"-s", "--source"}, paramLabel = "FILE",
            description = "Access log to read; repeat for several files; - reads standard input. A file that does not "
                    + "exist yet is waited for; rotation and truncation are followed. A pattern in the file name "
                    + "('/var/log/nginx/*.access.log', quoted) follows every file that matches, also files that appear later. "
                    + "kafka:TOPIC reads lines a shipper put into Kafka (with --kafka-bootstrap; README \"Lines from Kafka\").")
    public List<String> sources = new ArrayList<>();

    @Option(names = {"-t", "--threshold"}, paramLabel = "N", defaultValue = "10",
            description = "Alert threshold in hits/s (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--alert-rule", paramLabel = "RULE", defaultValue = "relative",
            description = "relative: alert when the 2-minute average exceeds the lifetime average by more than the "
                    + "threshold; absolute: when it exceeds the threshold (default: ${DEFAULT-VALUE}).")
    String alertRule;

    @Option(names = "--rule", paramLabel = "RULE",
            description = "A named alert rule beside the traffic one, as key=value words, e.g. 'name=5xx "
                    + "kind=error-ratio status=5xx ratio=0.05 window=2m min-hits=100 for=1m keep-firing-for=5m'; "
                    + "kinds traffic, error-ratio, latency, silence, client-flood (README \"Alert rules\"). Repeatable.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "FILE",
            description = "A YAML file of named alert rules (a list under 'rules:', the fields of --rule), "
                    + "checked at start with --rule's.")
    String rulesFile;

    @Option(names = "--alert-repeat", paramLabel = "SECONDS", defaultValue = "10",
            description = "While an alert is on, repeat its message this often; 0 = only on change (default: ${DEFAULT-VALUE}).")
    long alertRepeat;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Built-in log format: auto (detected per source), common or combined (default: auto). "
                    + "Same as --log-format with those names.")
    String format;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "auto (detected per source, said on stderr), a preset (combined, w3c, awsalb, haproxy... "
                    + "see README), syslog:FORMAT, or a format string as in the server's config: nginx log_format ($remote_addr ... $request_time) or Apache "
                    + "LogFormat (%%h %%l %%u %%t \"%%r\" %%>s %%b %%D ...).") // %% : picocli formats descriptions
    String logFormat;

    @Option(names = "--json-fields", paramLabel = "ROLE=KEY[:UNIT],...",
            description = "With --log-format json: which keys hold host, time, request, uri, status, size, latency, "
                    + "xff (units s, ms, us, ns), e.g. latency=Duration:ns,host=ClientHost.")
    String jsonFields;

    @Option(names = "--host-from", paramLabel = "SOURCE", defaultValue = "client",
            description = "client: the remote address; xff: the first X-Forwarded-For address when the line has one "
                    + "(default: ${DEFAULT-VALUE}).")
    String hostFrom;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Count only lines logged at or after TIME: ISO-8601 (2026-01-01T10:00:00Z) or back from now "
                    + "(2h, 30m, 7d). Other lines are counted as filtered.")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Count only lines logged before TIME (same forms as --since).")
    String until;

    @Option(names = "--where", paramLabel = "EXPR",
            description = "Count only the lines EXPR matches; the others are counted as filtered. Fields: status "
                    + "(=404, >=500, =5xx, in (500,502)), method, section, path (^=/static/ prefix), host (address, "
                    + "CIDR or name), agent (~bot substring), source (name or glob); and, or, not, parentheses. "
                    + "Repeated: all must match. See README \"Filters\".")
    List<String> where = new ArrayList<>();

    @Option(names = "--time", paramLabel = "MODE",
            description = "Which second a line counts in: arrival (when read) or log (its own timestamp). "
                    + "Default: log with --once, arrival otherwise.")
    String time;

    @Option(names = "--demo",
            description = "Needs no file: live, generated traffic (20 lines/s, 4x bursts) written to a temporary log "
                    + "and followed; the alert fires about 3 minutes in and recovers. With --once: replay 12 minutes "
                    + "of generated traffic in log time and exit.")
    public boolean demo;

    @Option(names = "--once", description = "Read every file from its start to its end, print the final snapshot and exit.")
    public boolean once;

    @Option(names = "--from-start", description = "Read what is already in the files first (default: start at their end).")
    boolean fromStart;

    @Option(names = "--sink", paramLabel = "SINK", split = ",",
            description = "Where results go; repeat (or comma-separate) for several: tui (the terminal dashboard), "
                    + "json (JSON lines on stdout), webhook (alert transitions POSTed as JSON), email (alert "
                    + "transitions by SMTP), kafka (each second's counters to --kafka-topic, for aggregate). Default: tui.")
    List<String> sinks = new ArrayList<>();

    @Option(names = "--no-bell", description = "Do not ring the terminal bell when an alert goes on (dashboard).")
    public boolean noBell;

    @Option(names = "--every", paramLabel = "SECONDS",
            description = "A snapshot every this many seconds of the active time (default: 1 with tui, 10 with json).")
    Long every;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Length of the top sections and hosts lists (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_SHARDS,
            description = "Analyzer threads; keys are split among them by host (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "" + Settings.DEFAULT_RING_SIZE,
            description = "Ring buffer slots, a power of two (default: ${DEFAULT-VALUE}).")
    int ringSize;

    @Option(names = "--top-capacity", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_TOP_CAPACITY,
            description = "Distinct sections and hosts each analyzer keeps exactly per second; beyond it the lists "
                    + "are summarised with a reported error bound (default: ${DEFAULT-VALUE}).")
    int topCapacity;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "" + Settings.DEFAULT_MAX_LINE_BYTES,
            description = "Longest line; longer lines are counted as malformed (tooLong) and skipped (default: ${DEFAULT-VALUE}).")
    int maxLine;

    @Option(names = "--poll", paramLabel = "MS", defaultValue = "" + Settings.DEFAULT_POLL_MILLIS,
            description = "When following without change notifications (--no-watch, or where none come), and while a rotated "
                    + "file is drained, look for new lines, rotation and truncation this often (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(names = "--no-watch",
            description = "Do not use file change notifications; follow files by polling every --poll ms only.")
    boolean noWatch;

    @Option(names = "--rotate-wait", paramLabel = "MS", defaultValue = "" + Settings.DEFAULT_ROTATE_WAIT_MILLIS,
            description = "After a file is rotated or deleted, keep reading the old one (while the new one is read) "
                    + "until it has been quiet this long, for writers that still append to it (default: ${DEFAULT-VALUE}).")
    long rotateWaitMillis;

    @Option(names = "--close-inactive", paramLabel = "DURATION", defaultValue = "5m",
            description = "When following, close a file that has not grown for this long and reopen it when it changes "
                    + "(position and identity kept; a rotation meanwhile is still seen), so thousands of files fit in "
                    + "the open file limit; 0 never closes (default: ${DEFAULT-VALUE}).")
    String closeInactive;

    @Option(names = "--wait", paramLabel = "STRATEGY",
            description = "How analyzer threads wait for lines: sleeping, blocking or yielding (default: blocking when "
                    + "following live, which costs no CPU while idle; sleeping for --once and --time log).")
    String waitStrategy;

    /**
     * Builds the settings and adds a message to {@code problems} for every bad value.
     *
     * @param env     environment variables (secrets given by variable name)
     * @param service true for {@code serve}: no terminal, so no tui, and no sink by default (the API is one)
     * @param nowSecond the wall clock, for relative {@code --since}/{@code --until}
     */
    public Settings settings(final List<String> problems, final Map<String, String> env, final boolean service,
                      final long nowSecond) {
        final Settings s = new Settings();
        s.sources = new ArrayList<>(sources);
        sinkKinds.clear();
        for (final String given : sinks.isEmpty() && !service ? List.of("tui") : sinks) {
            // "json, webhook" in a config file or a quoted option: the space after the comma is not part of the name
            final String name = given.strip();
            final SinkKind kind = SinkKind.fromName(name);
            if (service && kind == SinkKind.TUI) {
                problems.add("serve runs without a terminal: --sink must be json, webhook, email or kafka (attach "
                        + "shows the dashboard)");
            } else if (kind != null) {
                sinkKinds.add(kind);
            } else {
                problems.add((service ? "--sink must be json, webhook, email or kafka: "
                        : "--sink must be tui, json, webhook, email or kafka: ")
                        + TextSafety.oneLine(name));
            }
        }
        final boolean tui = sinkKinds.contains(SinkKind.TUI);
        if (tui && sinkKinds.contains(SinkKind.JSON)) {
            problems.add("--sink tui and --sink json both write to the terminal: pick one");
        }
        if (tui) {
            final String missing = Terminals.problem();
            if (missing != null) {
                problems.add("--sink tui needs a terminal (" + missing + "): use --sink json for JSON lines");
            }
        }
        plan = notify.conclude(sinkKinds.contains(SinkKind.WEBHOOK), sinkKinds.contains(SinkKind.EMAIL), env, problems);
        kafkaPlan = sinkKinds.contains(SinkKind.KAFKA) ? kafkaSink.conclude(kafka, problems) : null;
        if (demo) {
            if (!sources.isEmpty()) {
                problems.add("--demo reads its own generated log: give no -s");
            } else {
                // validation writes nothing: standard input stands in for the demo's log (it needs no
                // check), which the run creates once all is well (MonitorRun, DemoLog)
                s.sources.add(Settings.STDIN);
            }
        }
        s.threshold = threshold;
        s.alertRepeatSeconds = alertRepeat;
        s.once = once;
        s.fromStart = fromStart || demo;
        s.everySeconds = every != null ? every : tui || service ? 1 : 10;
        s.top = top;
        s.shards = shards;
        s.ringSize = ringSize;
        s.topCapacity = topCapacity;
        s.maxLineBytes = maxLine;
        s.pollMillis = pollMillis;
        s.rotateWaitMillis = rotateWaitMillis;
        s.watchFiles = !noWatch;
        final long inactive = "0".equals(closeInactive) ? 0 : Durations.parseMillis(closeInactive);
        if (inactive < 0) {
            problems.add("--close-inactive must be a duration such as 30s, 5m or 1h, or 0 (never): "
                    + TextSafety.oneLine(closeInactive));
        } else {
            s.closeInactiveMillis = inactive;
        }
        final AlertRuleKind rule = AlertRuleKind.fromName(alertRule);
        if (rule == null || !rule.isTraffic()) {
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
        // the demo writes its own log (Combined with request times): nothing to detect, no detection line on stderr
        s.logFormat = logFormat == null && format == null && demo ? "nginx-timed" : logFormat;
        s.jsonFields = jsonFields;
        if ("xff".equals(hostFrom)) {
            s.hostFromForwardedFor = true;
        } else if (!"client".equals(hostFrom)) {
            problems.add("--host-from must be client or xff: " + hostFrom);
        }
        s.sinceSecond = timeBound("--since", since, nowSecond, problems);
        s.untilSecond = timeBound("--until", until, nowSecond, problems);
        s.where = new ArrayList<>(where);
        if (time != null) {
            final TimeMode m = TimeMode.fromName(time);
            if (m == null) {
                problems.add("--time must be arrival or log: " + time);
            } else {
                s.timeMode = m;
            }
        }
        final WaitStrategyName w = waitStrategy == null ? null : WaitStrategyName.fromName(waitStrategy);
        if (waitStrategy != null && w == null) {
            problems.add("--wait must be sleeping, blocking or yielding: " + waitStrategy);
        } else {
            s.waitStrategy = w;
        }
        if (tui && sources.contains(Settings.STDIN)) {
            problems.add("-s - cannot feed the dashboard (it reads its keys from the terminal): use --sink json");
        }
        final List<String> given = List.copyOf(s.sources);
        s.rules = AlertRuleOptions.parse(rules, rulesFile, given, problems);
        kafkaSource.conclude(sources, kafka, s.providers, problems);
        problems.addAll(s.conclude());
        // conclude expands --once patterns and drops duplicates: a scoped rule must count the
        // source its name is at now, the index each line's sourceId carries
        s.rules = AlertRuleOptions.rescoped(s.rules, given, s.sources, problems);
        if (!s.lineFormat().isAuto() && !s.lineFormat().hasLatency()) {
            for (final AlertRuleSpec r : s.rules) {
                if (r.kind() == AlertRuleKind.LATENCY) {
                    problems.add("alert rule " + r.name() + " (latency): the log format " + s.lineFormat().name()
                            + " has no request time");
                }
            }
        }
        return s;
    }

    private static Long timeBound(final String option, final String value, final long nowSecond,
                                  final List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return TimeBound.parse(value, nowSecond);
        } catch (IllegalArgumentException e) {
            problems.add(option + " " + e.getMessage());
            return null;
        }
    }
}
