package dev.logmon.cli;

import dev.logmon.core.Clock;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
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
        cl.getCommandSpec().versionProvider(new VersionInfo());
        for (final CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new VersionInfo());
        }
        return cl;
    }

    /** Runs the command and exits with its code (0 ok, 1 failure, 2 bad usage). */
    public static void main(final String[] args) {
        System.exit(commandLine(System.out, System.err, Clock.SYSTEM).execute(args));
    }
}
