package dev.logmon.cli.options;

import dev.logmon.cli.ConfigCommand;
import dev.logmon.cli.Main;
import dev.logmon.core.time.Clock;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line to run once a config file and the environment have had their say: settings
 * from {@code --config FILE} (or, for {@code serve}, {@code /etc/logmon/logmon.conf} when it
 * exists), then {@code LOGMON_<OPTION>} environment variables, then the command line, each
 * overriding the one before for the options it sets. An option the command line sets takes
 * nothing from the file or the environment (a repeatable one neither). Unknown keys, secrets
 * and values picocli cannot convert are problems naming the file and line.
 */
public final class ConfiguredArgs {
    /** What {@code serve} reads when no {@code --config} is given and it exists. */
    public static final Path SERVICE_CONFIG = Path.of("/etc/logmon/logmon.conf");
    /** {@code LOGMON_THRESHOLD=20} sets {@code --threshold 20}. */
    public static final String ENV_PREFIX = "LOGMON_";
    /** Options that are no settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("help", "version", "config");
    /** Options whose value is a secret: never in a file or variable of ours, printed as {@code <secret>}. */
    public static final Set<String> SECRETS = Set.of("webhook-url");
    /** The three ways to give the webhook URL; one given on the command line overrides the others everywhere. */
    private static final List<String> WEBHOOK_URL_OPTIONS = List.of("webhook-url", "webhook-url-env", "webhook-url-file");

    /** Where an option's value came from. */
    enum Source { DEFAULT, FILE, ENVIRONMENT, COMMAND_LINE }

    /** An option's source and, for a file or variable, which one ({@code FILE line N}, {@code LOGMON_X}). */
    public record Origin(Source source, String where) {
    }

    /** The command line to execute. */
    public final String[] args;
    /** Problems, each naming the file and line or variable; when any, nothing should run (exit 2). */
    public final List<String> problems;
    /** By long option name (no dashes): options set by a file, a variable or the command line. */
    public final Map<String, Origin> origins;
    /** The command the settings are for, e.g. {@code logmon-cli serve} (null when it takes no config). */
    public final String command;

    private ConfiguredArgs(final String[] args, final List<String> problems, final Map<String, Origin> origins,
                           final String command) {
        this.args = args;
        this.problems = problems;
        this.origins = origins;
        this.command = command;
    }

    /** The settings from the file and the variables (for annotating messages that name their options). */
    public Map<String, String> fromFileOrEnvironment() {
        final Map<String, String> m = new LinkedHashMap<>();
        origins.forEach((key, o) -> {
            if (o.source() == Source.FILE || o.source() == Source.ENVIRONMENT) {
                m.put(key, o.where());
            }
        });
        return m;
    }

    /**
     * @param given         the command line
     * @param env           the environment ({@code LOGMON_*})
     * @param serviceConfig what {@code serve} reads without {@code --config}, when it exists (null: nothing)
     */
    public static ConfiguredArgs resolve(final String[] given, final Map<String, String> env, final Path serviceConfig) {
        return resolve(throwawayTree(), given, env, serviceConfig);
    }

    /**
     * False when no setting can come from a file or variable: no {@code --config} in the
     * arguments, no {@code LOGMON_*} variable but {@code LOGMON_JAVA_OPTS} (the launcher's), and
     * no service config for {@code serve}. A cheap look, so the usual start parses once.
     */
    public static boolean mayApply(final String[] given, final Map<String, String> env, final Path serviceConfig) {
        for (final String a : given) {
            if (a.equals("--config") || a.startsWith("--config=") || a.equals("serve") && serviceConfig != null
                    && Files.isRegularFile(serviceConfig)) {
                return true;
            }
        }
        for (final String var : env.keySet()) {
            if (var.startsWith(ENV_PREFIX) && !var.equals("LOGMON_JAVA_OPTS")) {
                return true;
            }
        }
        return false;
    }

    /** The command line as it is: nothing from a file or variable. */
    public static ConfiguredArgs unchanged(final String[] given) {
        return new ConfiguredArgs(given, List.of(), Map.of(), null);
    }

    /** As {@link #resolve(String[], Map, Path)}, parsing with {@code tree}, a tree that is not run afterwards. */
    public static ConfiguredArgs resolve(final CommandLine tree, final String[] given, final Map<String, String> env,
                                  final Path serviceConfig) {
        final ParseResult root;
        try {
            root = tree.parseArgs(given);
        } catch (ParameterException e) {
            return unchanged(given); // picocli reports it when the command runs
        }
        ParseResult leaf = root;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        final CommandSpec spec = leaf.commandSpec();
        if (spec.findOption("--config") == null || spec.userObject() instanceof ConfigCommand || leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()
                || root.isUsageHelpRequested() || root.isVersionHelpRequested()) {
            return unchanged(given);
        }
        final String command = spec.qualifiedName();
        final List<String> problems = new ArrayList<>();
        if (leaf != root && root.hasMatchedOption("--config")) {
            problems.add("--config goes after the subcommand: " + command + " --config FILE");
        }
        final Path file = leaf.matchedOptionValue("--config", (Path) null);
        List<ConfigFile.Entry> entries = List.of();
        if (file != null) {
            if (Files.isRegularFile(file)) {
                entries = ConfigFile.read(file, problems);
            } else {
                problems.add("--config " + file + ": no such file");
            }
        } else if ("serve".equals(spec.name()) && serviceConfig != null && Files.isRegularFile(serviceConfig)) {
            entries = ConfigFile.read(serviceConfig, problems);
        }
        final Checker checker = new Checker(tree, spec);
        final Map<OptionSpec, List<ConfigFile.Entry>> fromFile = new LinkedHashMap<>();
        for (final ConfigFile.Entry e : entries) {
            final OptionSpec o = longOption(spec, e.key());
            if (o == null || NOT_SETTINGS.contains(e.key())) {
                problems.add(e.where() + ": unknown option '" + e.key() + "' for " + command
                        + " (see " + command + " --help)");
                continue;
            }
            if (SECRETS.contains(e.key())) {
                problems.add(e.where() + ": " + e.key() + " is a secret and stays out of config files: "
                        + "set " + e.key() + "-file (or " + e.key() + "-env) instead");
                continue;
            }
            final List<ConfigFile.Entry> same = fromFile.computeIfAbsent(o, k -> new ArrayList<>());
            if (!same.isEmpty() && !o.isMultiValue()) {
                problems.add(e.where() + ": " + e.key() + " is already set at line " + same.get(0).line()
                        + " (only options that take several values repeat)");
                continue;
            }
            final String bad = checker.check(o, e.value());
            if (bad != null) {
                problems.add(e.where() + ": " + bad);
                continue;
            }
            same.add(e);
        }
        final Map<String, Origin> origins = new LinkedHashMap<>();
        final List<String> merged = new ArrayList<>(List.of(given));
        final String webhookVar = webhookUrlFromEnvironment(leaf, spec, env);
        for (final OptionSpec o : spec.options()) {
            final String key = longName(o);
            if (key == null || NOT_SETTINGS.contains(key)) {
                continue;
            }
            if (leaf.hasMatchedOption(o)) {
                origins.put(key, new Origin(Source.COMMAND_LINE, "command line"));
                continue;
            }
            final String var = ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
            if (webhookVar != null && WEBHOOK_URL_OPTIONS.contains(key) && (key.equals("webhook-url") || env.get(var) == null)) {
                // LOGMON_WEBHOOK_URL (the environment) wins over the file's webhook-url-file or -env
                if (key.equals("webhook-url")) {
                    append(merged, spec.findOption("--webhook-url-env"), "webhook-url-env", webhookVar);
                    origins.put("webhook-url-env", new Origin(Source.ENVIRONMENT, "environment " + webhookVar));
                }
                continue;
            }
            final String value = SECRETS.contains(key) ? null : env.get(var);
            if (value != null) {
                final String bad = checker.check(o, value);
                if (bad != null) {
                    problems.add("environment variable " + var + ": " + bad);
                } else {
                    append(merged, o, key, value);
                    origins.put(key, new Origin(Source.ENVIRONMENT, "environment " + var));
                }
                continue;
            }
            final List<ConfigFile.Entry> set = fromFile.getOrDefault(o, List.of());
            if (!set.isEmpty()) {
                final StringBuilder where = new StringBuilder(set.get(0).where());
                for (int i = 1; i < set.size(); i++) {
                    where.append(", ").append(set.get(i).line());
                }
                for (final ConfigFile.Entry e : set) {
                    append(merged, o, key, e.value());
                }
                origins.put(key, new Origin(Source.FILE, where.toString()));
            }
        }
        return new ConfiguredArgs(merged.toArray(new String[0]), problems, origins, command);
    }

    /**
     * {@code LOGMON_WEBHOOK_URL} when it is set and the command line names no webhook URL: the
     * secret stays in the variable and is read as {@code --webhook-url-env LOGMON_WEBHOOK_URL}
     * would read it (never copied into the arguments, where {@code ps} would show it). Null otherwise.
     */
    private static String webhookUrlFromEnvironment(final ParseResult leaf, final CommandSpec spec,
                                                    final Map<String, String> env) {
        final String var = ENV_PREFIX + "WEBHOOK_URL";
        if (env.get(var) == null || spec.findOption("--webhook-url-env") == null) {
            return null;
        }
        for (final String key : WEBHOOK_URL_OPTIONS) {
            if (leaf.hasMatchedOption("--" + key)) {
                return null;
            }
        }
        return var;
    }

    /** A command tree to parse with and look at, never to run: its streams go nowhere. */
    public static CommandLine throwawayTree() {
        final PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Main.commandLine(none, none, Clock.SYSTEM, InputStream.nullInputStream(), Map.of());
    }

    /** The option's long name without dashes, or null when it has none. */
    public static String longName(final OptionSpec o) {
        for (final String n : o.names()) {
            if (n.startsWith("--")) {
                return n.substring(2);
            }
        }
        return null;
    }

    private static OptionSpec longOption(final CommandSpec spec, final String key) {
        for (final OptionSpec o : spec.options()) {
            if (key.equals(longName(o))) {
                return o;
            }
        }
        return null;
    }

    /** {@code --key=value} (one argument: a value may start with a dash); a flag only when true. */
    private static void append(final List<String> args, final OptionSpec o, final String key, final String value) {
        if (isFlag(o)) {
            if (Boolean.parseBoolean(value.strip())) {
                args.add("--" + key);
            }
        } else {
            args.add("--" + key + "=" + value);
        }
    }

    private static boolean isFlag(final OptionSpec o) {
        return o.arity().max() == 0;
    }

    /** Lets picocli convert one value on a throwaway command tree, as it would on the command line. */
    private static final class Checker {
        private final CommandLine tree;
        private final List<String> prefix = new ArrayList<>();

        Checker(final CommandLine tree, final CommandSpec spec) {
            this.tree = tree;
            for (CommandSpec s = spec; s.parent() != null; s = s.parent()) {
                prefix.add(0, s.name());
            }
        }

        /** Null when the value is good, else the problem (without the file and line). */
        String check(final OptionSpec o, final String value) {
            final String key = longName(o);
            if (isFlag(o)) {
                final String v = value.strip().toLowerCase(Locale.ROOT);
                return v.equals("true") || v.equals("false") ? null
                        : key + " is a flag: true or false, not '" + value + "'";
            }
            final List<String> args = new ArrayList<>(prefix);
            args.add("--" + key + "=" + value);
            try {
                tree.parseArgs(args.toArray(new String[0]));
                return null;
            } catch (MissingParameterException e) {
                return null; // another option is required on the command line; this value converted
            } catch (ParameterException e) {
                return "bad value for " + key + ": " + e.getMessage();
            }
        }
    }
}
