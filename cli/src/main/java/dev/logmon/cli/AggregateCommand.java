package dev.logmon.cli;

import dev.logmon.cli.options.AggregateApiOptions;
import dev.logmon.cli.options.AlertRuleOptions;
import dev.logmon.cli.options.ConfigOption;
import dev.logmon.cli.options.Durations;
import dev.logmon.cli.options.KafkaOptions;
import dev.logmon.cli.options.ListenAddress;
import dev.logmon.cli.options.NotifyOptions;
import dev.logmon.cli.options.ServiceOptions;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import dev.logmon.fleet.KafkaConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code logmon-cli aggregate}: one view of many servers. Reads the frames every instance run with
 * {@code --sink kafka} publishes, merges them by second and feeds the same combiner, alerts and
 * sinks as a local run (dashboard, JSON lines, webhook, email, and with {@code --listen} the HTTP
 * API and browser dashboard of {@code serve}).
 */
@Command(name = "aggregate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"One view of many servers: merges the per-second frames that instances run with --sink kafka "
                + "publish to --kafka-topic, and shows them as one run (dashboard, JSON lines, webhook, email, and "
                + "with --listen the HTTP API and browser dashboard)."},
        footer = {"", "Exit codes: 0 done, 1 failure while running, 2 bad usage.",
                "Example: logmon-cli aggregate --kafka-bootstrap kafka1:9092 --kafka-topic logmon-frames --sink json"})
public final class AggregateCommand implements Callable<Integer> {
    private static final String NAME = "logmon-cli aggregate";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Map<String, String> env;

    @Mixin
    private KafkaOptions kafka = new KafkaOptions();

    /** {@code --config FILE}: read before the command runs ({@code ConfiguredArgs}), like a local run's. */
    @Mixin
    private ConfigOption config = new ConfigOption();

    @Mixin
    private NotifyOptions notify = new NotifyOptions();

    @Mixin
    private AggregateApiOptions api = new AggregateApiOptions();

    @Option(names = "--sink", paramLabel = "SINK", split = ",",
            description = "Where results go: tui (default without --listen), json, webhook, email; repeat or "
                    + "comma-separate.")
    private List<String> sinks = new ArrayList<>();

    @Option(names = "--lateness", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long a second waits for instances not yet past it; their frames after that count in "
                    + "the 2-minute window if still inside it, else as late (default: ${DEFAULT-VALUE}).")
    private String lateness;

    @Option(names = "--gone-after", paramLabel = "DURATION", defaultValue = "30s",
            description = "Silence after which an instance is gone and no longer waited for (default: ${DEFAULT-VALUE}).")
    private String goneAfter;

    @Option(names = "--from-start",
            description = "Read the topic from its first record (default: only frames published from now on).")
    private boolean fromStart;

    @Option(names = {"-t", "--threshold"}, paramLabel = "N", defaultValue = "10",
            description = "Alert threshold in hits/s over all instances (default: ${DEFAULT-VALUE}).")
    private double threshold;

    @Option(names = "--alert-rule", paramLabel = "RULE", defaultValue = "relative",
            description = "relative or absolute, as for the monitor (default: ${DEFAULT-VALUE}).")
    private String alertRule;

    @Option(names = "--rule", paramLabel = "RULE",
            description = "A named alert rule over all instances, as for the monitor (README \"Alert rules\"); "
                    + "no source= here. Repeatable.")
    private List<String> rules = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "FILE",
            description = "A YAML file of named alert rules, as for the monitor; checked at start with --rule's.")
    private String rulesFile;

    @Option(names = "--every", paramLabel = "SECONDS",
            description = "Seconds between snapshots (default: 1 with the dashboard, else 10).")
    private Long every;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Entries in top lists (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--top-capacity", paramLabel = "N", defaultValue = "40000",
            description = "Sections and hosts the merged frames hold exactly; give at least the instances' "
                    + "--top-capacity x --shards (default: ${DEFAULT-VALUE}).")
    private int topCapacity;

    @Option(names = "--no-bell", description = "Do not ring the terminal bell when an alert goes on (dashboard).")
    private boolean noBell;

    /**
     * @param out   where {@code --sink json} writes
     * @param err   problems and notices
     * @param clock wall clock
     * @param env   environment variables (secrets given by variable name)
     */
    public AggregateCommand(final PrintStream out, final PrintStream err, final Clock clock, final Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws Exception {
        final List<String> problems = new ArrayList<>();
        final Set<SinkKind> kinds = EnumSet.noneOf(SinkKind.class);
        // like serve, an aggregate with an API needs no other sink; without one the dashboard is the default
        for (final String name : sinks.isEmpty() ? (api.given() ? List.<String>of() : List.of("tui")) : sinks) {
            final SinkKind kind = SinkKind.fromName(name);
            if (kind == null || kind == SinkKind.KAFKA) {
                problems.add("--sink must be tui, json, webhook or email: " + TextSafety.oneLine(name));
            } else {
                kinds.add(kind);
            }
        }
        if (kinds.contains(SinkKind.TUI) && kinds.contains(SinkKind.JSON)) {
            problems.add("--sink tui and --sink json both write to the terminal: pick one");
        }
        if (kinds.contains(SinkKind.TUI)) {
            final String missing = Terminals.problem();
            if (missing != null) {
                problems.add("--sink tui needs a terminal (" + missing + "): use --sink json for JSON lines");
            }
        }
        final NotifyOptions.Plan plan = notify.conclude(kinds.contains(SinkKind.WEBHOOK), kinds.contains(SinkKind.EMAIL),
                env, problems);
        final ServiceOptions.Plan apiPlan = api.conclude(env, problems);
        final KafkaConnection connection = kafka.resolve(NAME, problems);
        final String topic = kafka.frameTopic(NAME, problems);
        final long latenessMs = Durations.parseMillis(lateness);
        if (latenessMs < 0 || latenessMs > 3_600_000 || latenessMs % 1_000 != 0) {
            problems.add("--lateness must be whole seconds up to 1h, such as 5s or 1m: " + TextSafety.oneLine(lateness));
        }
        final long goneMs = Durations.parseMillis(goneAfter);
        if (goneMs < 1_000 || goneMs > 86_400_000) {
            problems.add("--gone-after must be a duration from 1s to 24h, such as 30s: " + TextSafety.oneLine(goneAfter));
        }
        final AlertRuleKind rule = AlertRuleKind.fromName(alertRule);
        if (rule == null) {
            problems.add("--alert-rule must be relative or absolute: " + TextSafety.oneLine(alertRule));
        }
        final Settings settings = new Settings();
        settings.timeMode = TimeMode.ARRIVAL;
        settings.threshold = threshold;
        settings.alertRule = rule == null ? AlertRuleKind.RELATIVE : rule;
        settings.top = top;
        settings.topCapacity = topCapacity;
        settings.everySeconds = every != null ? every : kinds.contains(SinkKind.TUI) ? 1 : 10;
        if (threshold < 0 || Double.isNaN(threshold)) {
            problems.add("--threshold must be 0 or more: " + threshold);
        }
        if (top < 1 || top > 1_000) {
            problems.add("--top must be 1 to 1000: " + top);
        }
        // the instances' sources are positions ("source 0"), not paths this command is given: no source= rule
        settings.rules = AlertRuleOptions.parse(rules, rulesFile, null, problems);
        if (topCapacity < top || topCapacity > 10_000_000) {
            problems.add("--top-capacity must be from --top to 10000000: " + topCapacity);
        }
        if (settings.everySeconds < 1) {
            problems.add("--every must be 1 or more: " + settings.everySeconds);
        }
        if (!problems.isEmpty()) {
            for (final String p : problems) {
                err.println(NAME + ": " + p);
            }
            err.println("Try '" + NAME + " --help' for the options.");
            return LogmonCommand.USAGE;
        }
        if (apiPlan != null && !apiPlan.loopback()) {
            err.println(NAME + ": warning: the API listens on " + ListenAddress.describe(apiPlan.address(),
                    apiPlan.dualStack()) + ", reachable from other machines"
                    + (apiPlan.token() == null ? " without a token (--api-token-file)" : "") + "; firewall it");
        }
        final AggregatePlan aggregate = new AggregatePlan(connection, topic, latenessMs / 1_000, goneMs, fromStart);
        final boolean tui = kinds.contains(SinkKind.TUI);
        final ByteArrayOutputStream held = new ByteArrayOutputStream();
        final PrintStream notices = tui ? new PrintStream(held, true, StandardCharsets.UTF_8) : err;
        final HandlerErrors errors = new HandlerErrors(notices);
        final MonitorRun run;
        try {
            run = MonitorRun.builder(NAME, settings, clock, notices, errors)
                    .sinks(kinds, out, plan, !noBell)
                    .api(apiPlan)
                    .aggregate(aggregate)
                    .start();
        } catch (MonitorRun.StartFailure e) {
            notices.println(NAME + ": " + e.getMessage());
            if (tui) {
                err.print(held.toString(StandardCharsets.UTF_8));
            }
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final AtomicBoolean ending = new AtomicBoolean();
        final Runnable stop = () -> {
            if (!ending.compareAndSet(false, true)) {
                return;
            }
            try {
                run.stop(10_000, 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (tui) {
                    notices.flush();
                    err.print(held.toString(StandardCharsets.UTF_8));
                }
                out.flush();
                err.flush();
                stopped.countDown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!ending.get()) {
                stop.run();
                Runtime.getRuntime().halt(0); // a signal: the final snapshot is out, the stop was clean
            }
        }, "logmon-shutdown"));
        while (!stopped.await(0, TimeUnit.MILLISECONDS)) {
            if (run.aggregator().failed()) {
                stop.run();
                return 1;
            }
            if (tui ? run.dashboard().awaitQuit(200) : errors.awaitFatal(200)) {
                stop.run();
                return tui ? 0 : 1;
            }
        }
        return 0;
    }
}
