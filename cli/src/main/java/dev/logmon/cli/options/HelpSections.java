package dev.logmon.cli.options;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The option list of {@code logmon-cli --help} and {@code serve --help} in headed sections, the
 * common options first: the options stay where they are declared, only the help groups them, by
 * long name. An option no section names (a new one) is listed under "Other options", so none
 * goes missing from the help.
 */
public final class HelpSections {
    /** Section heading to the long names (without dashes) it lists, in order. */
    static final Map<String, List<String>> SECTIONS = sections();

    private HelpSections() {
    }

    private static Map<String, List<String>> sections() {
        final Map<String, List<String>> m = new LinkedHashMap<>();
        // what most runs give: where the lines come from, how they are read, when to alert, where results go
        m.put("Common options", List.of("source", "format", "log-format", "threshold", "sink", "once", "from-start",
                "demo", "config", "help", "version"));
        m.put("Sources and formats", List.of("json-fields", "host-from", "since", "until", "where", "time"));
        m.put("Windows and alerts", List.of("alert-rule", "alert-repeat", "rule", "rules"));
        m.put("Output", List.of("every", "top", "no-bell"));
        m.put("Notifications", List.of("webhook-url", "webhook-url-env", "webhook-url-file", "webhook-timeout",
                "webhook-give-up", "webhook-repeat", "webhook-hold", "webhook-grace", "smtp-host", "smtp-port", "smtp-starttls",
                "smtp-user", "smtp-password-env", "smtp-password-file", "mail-from", "mail-to"));
        m.put("State and service", List.of("listen", "api-token-file", "api-token-env", "state-dir", "state-every",
                "retain"));
        m.put("Many servers (Kafka)", List.of("kafka-bootstrap", "kafka-property", "kafka-properties", "kafka-topic",
                "instance-id", "kafka-buffer", "lateness", "gone-after", "kafka-group", "kafka-value-field"));
        m.put("Tuning", List.of("shards", "ring-size", "top-capacity", "max-line", "poll", "no-watch", "rotate-wait",
                "close-inactive", "wait"));
        return m;
    }

    /** Replaces the flat option list of {@code command} with the sections, and its synopsis with a short one. */
    public static void apply(final CommandLine command) {
        // the synopsis would list all 50 options again: the sections below say them
        command.getCommandSpec().usageMessage().abbreviateSynopsis(true).commandListHeading("%nCommands:%n");
        command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::render);
    }

    /** The sections of {@code spec}'s options, each with a heading; empty sections are left out. */
    public static Map<String, List<OptionSpec>> grouped(final CommandSpec spec) {
        final Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
        final List<OptionSpec> placed = new ArrayList<>();
        SECTIONS.forEach((heading, names) -> {
            final List<OptionSpec> options = new ArrayList<>();
            for (final String name : names) {
                final OptionSpec o = spec.findOption("--" + name);
                if (o != null && !o.hidden() && !placed.contains(o)) {
                    options.add(o);
                    placed.add(o);
                }
            }
            if (!options.isEmpty()) {
                groups.put(heading, options);
            }
        });
        final List<OptionSpec> other = new ArrayList<>();
        for (final OptionSpec o : spec.options()) {
            if (!o.hidden() && !placed.contains(o)) {
                other.add(o);
            }
        }
        if (!other.isEmpty()) {
            groups.put("Other options", other);
        }
        return groups;
    }

    private static String render(final Help help) {
        final StringBuilder b = new StringBuilder();
        grouped(help.commandSpec()).forEach((heading, options) -> {
            final Help.Layout layout = help.createDefaultLayout();
            for (final OptionSpec o : options) {
                layout.addOption(o, help.parameterLabelRenderer());
            }
            b.append(String.format("%n%s:%n", heading)).append(layout);
        });
        return b.toString();
    }
}
