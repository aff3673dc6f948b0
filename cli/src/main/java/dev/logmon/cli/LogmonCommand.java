package dev.logmon.cli;

import dev.logmon.cli.options.ConfigOption;
import dev.logmon.cli.options.MonitorOptions;
import dev.logmon.cli.options.StateOptions;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    private MonitorOptions options = new MonitorOptions();

    @Mixin
    private ConfigOption config = new ConfigOption();

    @Mixin
    private StateOptions state = new StateOptions();

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

    @Override
    public Integer call() throws Exception {
        final List<String> problems = new ArrayList<>();
        final Settings settings = options.settings(problems, env, false, clock.second());
        if (state.given() && options.once) {
            problems.add("--state-dir keeps the positions of followed files; --once reads them whole and keeps none");
        }
        state.conclude(options.once, options.sources, problems); // last: it creates the directory only if all is well
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
        return options.sinkKinds.contains(SinkKind.TUI) ? runDashboard(settings) : runHeadless(settings);
    }

    /** The run this command's options ask for, reporting to {@code notices}. */
    private MonitorRun.Builder run(final Settings settings, final PrintStream notices, final HandlerErrors errors) {
        return MonitorRun.builder("logmon-cli", settings, clock, notices, errors)
                .stdin(in)
                .sinks(options.sinkKinds, out, options.plan, !options.noBell)
                .kafka(options.kafkaPlan)
                .state(state.positionsDir(), state.everyMs())
                .demo(options.demo);
    }

    /** JSON lines and/or notification sinks, no terminal UI. */
    private int runHeadless(final Settings settings) throws InterruptedException {
        final HandlerErrors errors = new HandlerErrors(err);
        final MonitorRun run;
        try {
            run = run(settings, err, errors).start();
        } catch (MonitorRun.StartFailure e) {
            err.println("logmon-cli: " + e.getMessage());
            return 1;
        }
        final AtomicBoolean ending = new AtomicBoolean();
        try {
            return followHeadless(settings, run, errors, ending);
        } catch (Error e) {
            // the heap runs out for whichever thread allocates next, and that can be this one
            // while it waits on the run: the same one line a pipeline thread gives (RELIABILITY
            // row 44; the first fatal error wins), the same end, and no shutdown hook turning the
            // exit code into 0
            ending.set(true);
            errors.fatal(Thread.currentThread().getName(), e);
            return endAfterFailure(run);
        }
    }

    private int followHeadless(final Settings settings, final MonitorRun run, final HandlerErrors errors,
                               final AtomicBoolean ending) throws InterruptedException {
        final Pipeline pipeline = run.pipeline();
        if (settings.once) {
            pipeline.awaitSources(Long.MAX_VALUE);
            if (pipeline.failed()) {
                return endAfterFailure(run);
            }
            final boolean done = run.finish(60_000);
            run.stop(60_000, 30_000);
            return done ? 0 : 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!ending.compareAndSet(false, true)) {
                return; // the run already ended on a fatal error: let its exit code stand
            }
            try {
                run.stop(5_000, 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
            exitCleanlyAfterSignal();
        }, "logmon-shutdown"));
        while (!stopped.await(0, TimeUnit.MILLISECONDS)) {
            if (errors.awaitFatal(200) && ending.compareAndSet(false, true)) {
                return endAfterFailure(run);
            }
        }
        return 0;
    }

    /**
     * An {@link Error} ended a pipeline thread (its one-line message is out): the final snapshot
     * if the pipeline can still make it within a few seconds, the sinks closed, exit code 1.
     */
    private int endAfterFailure(final MonitorRun run) throws InterruptedException {
        try {
            run.stop(3_000, 3_000);
        } catch (OutOfMemoryError e) {
            // the fatal error was already said in one line; the heap may still be full while the
            // sinks close: exit 1 without a second, raw stack trace
        }
        out.flush();
        err.flush();
        return 1;
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
        final MonitorRun run;
        try {
            run = run(settings, notices, errors).start();
        } catch (MonitorRun.StartFailure e) {
            notices.println("logmon-cli: " + e.getMessage());
            err.print(held.toString(StandardCharsets.UTF_8));
            err.flush();
            return 1;
        }
        final AtomicBoolean closed = new AtomicBoolean();
        final Runnable stop = () -> {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                run.stop(10_000, 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                notices.flush();
                err.print(held.toString(StandardCharsets.UTF_8));
                err.flush();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!closed.get()) { // a signal, not q: the main thread is still in the loop below
                stop.run();
                exitCleanlyAfterSignal();
            }
        }, "logmon-shutdown"));
        final Pipeline pipeline = run.pipeline();
        try {
            while (!run.dashboard().awaitQuit(200)) {
                if (pipeline.failed()) {
                    stop.run(); // restores the terminal, then prints the held notices with the fatal error
                    return 1;
                }
                if (settings.once && !run.finishing() && pipeline.awaitSources(1)) {
                    run.finish(60_000);
                }
            }
        } catch (Error e) {
            errors.fatal(Thread.currentThread().getName(), e); // as in runHeadless
            stop.run();
            return 1;
        }
        stop.run();
        return 0;
    }

    /**
     * SIGTERM or SIGINT while following: the final snapshot is out and the sinks are closed, so
     * the stop was clean; exit 0 rather than the JVM's 143/130 (RELIABILITY row 35). Halting skips
     * deleteOnExit: the run's stop has removed the demo's temporary log.
     */
    private void exitCleanlyAfterSignal() {
        out.flush();
        err.flush();
        Runtime.getRuntime().halt(0);
    }
}
