package dev.logmon.cli;

import dev.logmon.cli.options.ConfigNotes;
import dev.logmon.cli.options.ConfiguredArgs;
import dev.logmon.cli.options.HelpSections;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.time.Clock;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Entry point of {@code logmon-cli}. */
public final class Main {
    private Main() {
    }

    /** Builds the command tree: the monitor itself and its {@code generate}, {@code serve}, {@code attach} and {@code history} subcommands. */
    public static CommandLine commandLine(final PrintStream out, final PrintStream err, final Clock clock) {
        return commandLine(out, err, clock, System.in, System.getenv());
    }

    /**
     * The command tree with {@code -s -} reading {@code in} and the environment variables given
     * (for tests of standard input, {@code --webhook-url-env} and {@code --smtp-password-env}).
     */
    public static CommandLine commandLine(final PrintStream out, final PrintStream err, final Clock clock,
                                          final InputStream in, final Map<String, String> env) {
        final CommandLine cl = new CommandLine(new LogmonCommand(out, err, clock, in, env));
        cl.addSubcommand("generate", new GenerateCommand());
        cl.addSubcommand("serve", new ServeCommand(out, err, clock, in, env));
        cl.addSubcommand("attach", new AttachCommand(err, env));
        cl.addSubcommand("history", new HistoryCommand(out, err, clock));
        cl.addSubcommand("aggregate", new AggregateCommand(out, err, clock, env));
        cl.addSubcommand("config", new ConfigCommand(out, err, env, ConfiguredArgs.SERVICE_CONFIG));
        HelpSections.apply(cl);
        HelpSections.apply(cl.getSubcommands().get("serve"));
        cl.getCommandSpec().versionProvider(new VersionInfo());
        for (final CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new VersionInfo());
        }
        return cl;
    }

    /** Runs the command and exits with its code (0 ok, 1 failure, 2 bad usage). */
    public static void main(final String[] args) {
        final String thread = Thread.currentThread().getName();
        int code = 1;
        try {
            try {
                code = run(args, System.out, System.err, Clock.SYSTEM, System.in, System.getenv(),
                        ConfiguredArgs.SERVICE_CONFIG);
            } catch (Error e) {
                // an Error that got past the command (the heap can run out for the main thread on its
                // way out too): one clear line, or none if a pipeline thread already said it; exit 1
                HandlerErrors.lastResort(thread, e, System.err);
                code = 1;
            }
            // a fatal line the full heap kept from being written: said now that the run is garbage
            HandlerErrors.lastResort(thread, null, System.err);
            System.exit(code);
        } catch (Error late) {
            // the heap ran out again on the way out (in the handling above, or in the JVM's own
            // shutdown): never the JVM's raw "Exception in thread" trace; the line if none was said
            // yet, then the exit code without the shutdown that could not run
            try {
                HandlerErrors.lastResort(thread, late, System.err);
            } finally {
                Runtime.getRuntime().halt(code);
            }
        }
    }

    /**
     * Runs the command with the settings of its config file and {@code LOGMON_*} variables merged
     * in ({@link ConfiguredArgs}; the command line wins) and returns its exit code; a bad setting
     * exits 2 before anything runs, naming its file and line.
     *
     * @param serviceConfig what {@code serve} reads when no {@code --config} is given and it exists
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err, final Clock clock,
                          final InputStream in, final Map<String, String> env, final Path serviceConfig) {
        final ConfigNotes notes = new ConfigNotes(err);
        final PrintStream annotated = new PrintStream(notes, true, StandardCharsets.UTF_8);
        final CommandLine cl = commandLine(out, annotated, clock, in, env)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(annotated, true));
        // parsed on a tree of its own (picocli does not reset every field a command keeps), and
        // only when a file or variable may apply: that second tree costs about 0.1 s of startup
        final ConfiguredArgs configured = ConfiguredArgs.mayApply(args, env, serviceConfig)
                ? ConfiguredArgs.resolve(args, env, serviceConfig) : ConfiguredArgs.unchanged(args);
        if (!configured.problems.isEmpty()) {
            for (final String p : configured.problems) {
                err.println("logmon-cli: " + p);
            }
            err.println("Try '" + configured.command + " --help' for the options.");
            return LogmonCommand.USAGE;
        }
        notes.annotate(configured.fromFileOrEnvironment());
        final int code = cl.execute(configured.args);
        annotated.flush();
        return code;
    }
}
