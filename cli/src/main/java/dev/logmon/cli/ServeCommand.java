package dev.logmon.cli;

import dev.logmon.cli.options.ConfigOption;
import dev.logmon.cli.options.ListenAddress;
import dev.logmon.cli.options.MonitorOptions;
import dev.logmon.cli.options.ServiceOptions;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.engine.SinkRunner;
import dev.logmon.core.history.HistoryWriter;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;
import dev.logmon.sinks.http.ApiHistory;
import dev.logmon.sinks.http.ApiLimits;
import dev.logmon.sinks.http.HttpApiServer;
import dev.logmon.sinks.http.HttpApiSink;
import dev.logmon.sinks.json.JsonLinesSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
        final Path stateDir = service.state.dir();
        final MonitorRun run;
        try {
            run = MonitorRun.builder(NAME, settings, clock, err, errors)
                    .stdin(in)
                    .sinks(options.sinkKinds, out, options.plan, false)
                    .kafka(options.kafkaPlan)
                    .api(plan)
                    .state(service.state.positionsDir(), service.state.everyMs())
                    .history(stateDir == null ? null : stateDir.resolve("history"), service.retainSeconds)
                    .demo(options.demo)
                    .start();
        } catch (MonitorRun.StartFailure e) {
            err.println(NAME + ": " + e.getMessage());
            bound.complete(null);
            return 1;
        }
        bound.complete(run.apiAddress());
        final Pipeline pipeline = run.pipeline();
        if (settings.once) {
            while (!run.finishing() && !stop.await(0, TimeUnit.MILLISECONDS) && !pipeline.failed()) {
                if (pipeline.awaitSources(100)) {
                    run.finish(60_000);
                }
            }
        }
        while (!stop.await(0, TimeUnit.MILLISECONDS) && !errors.awaitFatal(200)) {
            // serving until a signal, or until an Error ends a pipeline thread (exit code 1)
        }
        final boolean finishedBefore = run.finishing();
        if (!run.stop(5_000, 5_000) && !finishedBefore) {
            err.println(NAME + ": the pipeline did not finish within 5 s of the stop: the final snapshot "
                    + "and the saved state may miss the last lines read (they are read again at the next start)");
        }
        return pipeline.failed() ? 1 : 0;
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
