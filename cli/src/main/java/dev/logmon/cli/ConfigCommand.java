package dev.logmon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Unmatched;

import dev.logmon.cli.options.ConfiguredArgs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code logmon-cli config --print}: the settings a command would run with, one
 * {@code key = value} line each (a config file's own syntax), with where each came from:
 * default, the file and line, an environment variable, or the command line. Secrets print as
 * {@code <secret>}.
 */
@Command(name = "config", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show the effective settings of logmon-cli (or of serve or aggregate, with --for) and where each came "
                + "from: default, config file and line, environment variable (LOGMON_THRESHOLD for --threshold), "
                + "or command line. Options after these are the command line to evaluate."},
        footer = {"", "Exit codes: 0 printed, 2 bad usage or a bad setting (named with its file and line).",
                "Example: logmon-cli config --print --for serve --config /etc/logmon/logmon.conf --threshold 20"})
public final class ConfigCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path serviceConfig;

    @Option(names = "--print", required = true, description = "Print the effective settings (the only action).")
    boolean print;

    @Option(names = "--for", paramLabel = "COMMAND", defaultValue = "monitor",
            description = "monitor (logmon-cli itself), serve or aggregate (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--config", paramLabel = "FILE", description = "The config file to read, as the command's --config.")
    Path config;

    @Unmatched
    List<String> rest = new ArrayList<>();

    /**
     * @param out           where the settings go
     * @param err           problems
     * @param env           the environment ({@code LOGMON_*})
     * @param serviceConfig what serve reads without {@code --config} when it exists
     */
    public ConfigCommand(final PrintStream out, final PrintStream err, final Map<String, String> env,
                         final Path serviceConfig) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.serviceConfig = serviceConfig;
    }

    @Override
    public Integer call() {
        if (!target.equals("monitor") && !target.equals("serve") && !target.equals("aggregate")) {
            err.println("logmon-cli config: --for must be monitor, serve or aggregate, not '" + target + "'");
            return LogmonCommand.USAGE;
        }
        final List<String> args = new ArrayList<>();
        if (!target.equals("monitor")) {
            args.add(target);
        }
        args.addAll(rest);
        if (config != null) {
            args.add("--config=" + config);
        }
        final ConfiguredArgs configured = ConfiguredArgs.resolve(args.toArray(new String[0]), env, serviceConfig);
        if (!configured.problems.isEmpty()) {
            for (final String p : configured.problems) {
                err.println("logmon-cli config: " + p);
            }
            return LogmonCommand.USAGE;
        }
        final CommandLine tree = ConfiguredArgs.throwawayTree();
        CommandLine.ParseResult leaf;
        try {
            leaf = tree.parseArgs(configured.args);
        } catch (ParameterException e) {
            err.println("logmon-cli config: " + e.getMessage());
            return LogmonCommand.USAGE;
        }
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        final CommandSpec spec = leaf.commandSpec();
        out.println("# effective settings of " + spec.qualifiedName());
        for (final OptionSpec o : spec.options()) {
            final String key = ConfiguredArgs.longName(o);
            if (key == null || o.usageHelp() || o.versionHelp() || key.equals("config")) {
                continue;
            }
            final ConfiguredArgs.Origin origin = configured.origins.get(key);
            final Object value = o.getValue();
            final boolean unset = value == null || value instanceof Collection<?> c && c.isEmpty();
            final String where = origin != null ? origin.where() : unset ? "not set" : "default";
            if (unset) {
                out.println("# " + key + " = " + pad(key.length() + 5) + "# " + where);
                continue;
            }
            final List<String> values = new ArrayList<>();
            if (value instanceof Collection<?> c) {
                c.forEach(v -> values.add(String.valueOf(v)));
            } else {
                values.add(String.valueOf(value));
            }
            for (final String v : values) { // a repeatable option, one line per value as in a config file
                final String line = key + " = " + (ConfiguredArgs.SECRETS.contains(key) ? "<secret>" : v);
                out.println(line + pad(line.length()) + "# " + where);
            }
        }
        return 0;
    }

    private static String pad(final int used) {
        return " ".repeat(Math.max(1, 40 - used));
    }
}
