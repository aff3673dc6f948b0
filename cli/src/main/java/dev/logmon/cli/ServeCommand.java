package dev.logmon.cli;

import dev.logmon.core.Clock;
import dev.logmon.core.HandlerErrors;
import dev.logmon.core.HistoryWriter;
import dev.logmon.core.Pipeline;
import dev.logmon.core.Settings;
import dev.logmon.core.TextSafety;
import dev.logmon.core.SinkRunner;
import dev.logmon.sinks.JsonLinesSink;
import dev.logmon.sinks.http.ApiHistory;
import dev.logmon.sinks.http.ApiLimits;
import dev.logmon.sinks.http.HttpApiServer;
import dev.logmon.sinks.http.HttpApiSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code logmon-cli serve}: the monitor as a service. No terminal: the watchers, the analyzers,
 * the headless sinks asked for (json, webhook, email) and the HTTP API run until SIGTERM or
 * SIGINT; then the final snapshot is published (and streamed to {@code /events} clients), the
 * notification sinks get their grace period, and the process exits 0. With {@code --once} the
 * files are replayed and the final snapshot is served until the service is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run the monitor as a service with an HTTP API: GET /snapshot (latest snapshot as JSON), "
                + "/events (server-sent events), /metrics (Prometheus), /health. Stops on SIGTERM or SIGINT."},
        footer = {"", "Exit codes: 0 stopped, 1 failure (e.g. the address is taken), 2 bad usage.",
                "Example: logmon-cli serve -s /var/log/nginx/access.log --listen 127.0.0.1:9900 --sink webhook "
                        + "--webhook-url-env HOOK"})
public final class ServeCommand implements Callable<Integer> {
    private static final String NAME = "logmon-cli serve";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final InputStream in;
    private final Map<String, String> env;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch exitKnown = new CountDownLatch(1);
    private final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();

    @Mixin
    private MonitorOptions options = new MonitorOptions();

    @Mixin
    private ConfigOption config = new ConfigOption();

    @Mixin
    private ServiceOptions service = new ServiceOptions();

    /**
     * @param out   where {@code --sink json} writes
     * @param err   problems, notices and the address listened on
     * @param clock wall clock
     * @param in    what {@code -s -} reads
     * @param env   environment variables (secrets given by variable name)
     */
    public ServeCommand(final PrintStream out, final PrintStream err, final Clock clock, final InputStream in,
                        final Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.in = in;
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws Exception {
        final List<String> problems = new ArrayList<>();
        final Settings settings = options.settings(problems, env, true, clock.second());
        final ServiceOptions.Plan plan = service.conclude(env, problems);
        service.state.conclude(options.once, options.sources, problems); // last: creates the directory if all is well
        if (!problems.isEmpty()) {
            for (final String p : problems) {
                err.println(NAME + ": " + p);
            }
            err.println("Try '" + NAME + " --help' for the options.");
            bound.complete(null);
            return LogmonCommand.USAGE;
        }
        for (final String note : settings.notes) {
            err.println(NAME + ": " + note);
        }
        if (!plan.loopback()) {
            err.println(NAME + ": warning: the API listens on " + ListenAddress.describe(plan.address(), plan.dualStack())
                    + ", reachable from other machines"
                    + (plan.token() == null ? " without a token (--api-token-file)" : "") + "; firewall it");
        }
        final AtomicInteger exit = new AtomicInteger();
        final Thread hook = new Thread(() -> {
            stop();
            // a signal ends the service: exit 0 once the final snapshot and the grace period are done
            Runtime.getRuntime().halt(awaitExit(exit));
        }, "logmon-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            exit.set(run(settings, plan));
        } finally {
            exitKnown.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it halts with our exit code
            }
        }
        return exit.get();
    }

    private int awaitExit(final AtomicInteger exit) {
        try {
            // the stop is bounded step by step (pipeline, sinks, one shared --webhook-grace, history);
            // this is the backstop: a stop never outlasts the grace by more than 30 s
            exitKnown.await(options.plan.policy().graceMs() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exit.get();
    }

    private int run(final Settings settings, final ServiceOptions.Plan plan) throws InterruptedException {
        final HandlerErrors errors = new HandlerErrors(err);
        final MonitorWiring wiring = new MonitorWiring(options, clock, in);
        // a browser needs no more than one snapshot a second, however fast a replay goes
        final HttpApiSink api = new HttpApiSink(settings.top).snapshotsAtMostEvery(1_000);
        final List<SinkRunner> runners = new ArrayList<>();
        runners.add(new SinkRunner("api", api, false, errors));
        if (options.sinkNames.contains("json")) {
            runners.add(new SinkRunner("json", new JsonLinesSink(out, settings.top), settings.once, errors));
        }
        wiring.addNotifiers(settings, err);
        final HttpApiServer server;
        final ApiHistory historyApi = service.state.dir() == null ? null
                : new ApiHistory(service.state.dir().resolve("history"), settings.top, Settings.DEFAULT_TOP_CAPACITY);
        try {
            server = HttpApiServer.start(plan.address(), plan.dualStack(), api, plan.token(), ApiLimits.DEFAULTS,
                    historyApi);
        } catch (IOException | RuntimeException e) {
            if (historyApi != null) {
                historyApi.close();
            }
            err.println(NAME + ": cannot listen on " + ListenAddress.describe(plan.address(), plan.dualStack()) + ": "
                    + TextSafety.oneLine(String.valueOf(e.getMessage())));
            wiring.closeAll(runners, 1_000);
            bound.complete(null);
            return 1;
        }
        final InetSocketAddress at = server.address();
        final String scope = ListenAddress.scope(at, plan.dualStack());
        err.println(NAME + ": API on " + ListenAddress.url(at) + " (/snapshot /events /metrics /health)"
                + (scope == null ? "" : ", " + scope));
        err.println(NAME + ": dashboard on " + ListenAddress.url(at) + "/"
                + (historyApi == null ? "" : " (history from /history)"));
        bound.complete(at);
        final Pipeline pipeline = wiring.pipeline(settings, runners, err, errors);
        service.state.apply(pipeline);
        final HistoryWriter history = service.state.dir() == null ? null : startHistory(settings);
        if (history != null) {
            pipeline.setMinuteSink(history);
        } else if (service.state.dir() != null) {
            wiring.closeAll(runners, 1_000);
            server.close();
            historyApi.close();
            return 1;
        }
        final DemoLog.Live live = options.demo && !options.once
                ? DemoLog.startLive(Path.of(settings.sources.get(0))) : null;
        pipeline.start();
        boolean finished = false;
        if (settings.once) {
            while (!finished && !stop.await(0, TimeUnit.MILLISECONDS) && !pipeline.failed()) {
                if (pipeline.awaitSources(100)) {
                    pipeline.finish(60_000);
                    finished = true;
                }
            }
        }
        while (!stop.await(0, TimeUnit.MILLISECONDS) && !errors.awaitFatal(200)) {
            // serving until a signal, or until an Error ends a pipeline thread (exit code 1)
        }
        if (live != null) {
            live.stop();
        }
        if (!finished && !pipeline.finish(5_000)) {
            err.println(NAME + ": the pipeline did not finish within 5 s of the stop: the final snapshot "
                    + "and the saved state may miss the last lines read (they are read again at the next start)");
        }
        wiring.closeAll(runners, 5_000);
        if (history != null && !history.close(10_000)) {
            err.println(NAME + ": history: the last minutes could not be written in time");
        }
        server.close();
        if (historyApi != null) {
            historyApi.close();
        }
        return pipeline.failed() ? 1 : 0;
    }

    /** The history writer under {@code STATE_DIR/history}, or null after saying why it cannot be. */
    private HistoryWriter startHistory(final Settings settings) {
        final Path dir = service.state.dir().resolve("history");
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            err.println(NAME + ": cannot create the history directory " + TextSafety.oneLine(dir + ": " + e));
            return null;
        }
        err.println(NAME + ": history in " + TextSafety.oneLine(dir.toString()) + " (retention " + Durations.format(service.retainSeconds * 1_000)
                + ")");
        return new HistoryWriter(dir, service.retainSeconds, 3_600, clock, err, settings.once);
    }

    /** Asks the service to stop as SIGTERM does (tests; the shutdown hook). */
    void stop() {
        stop.countDown();
    }

    /** The address listened on once bound; null if the command ended before binding. */
    InetSocketAddress awaitAddress(final long timeoutMs) throws Exception {
        return bound.get(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
