package dev.logmon.cli.options;

import dev.logmon.cli.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} of the monitor and of serve: headed sections, common options first, every option once. */
class HelpSectionsTest {
    private static final Pattern LISTED = Pattern.compile("(?m)^(?:  -\\w, |      )(--[\\w-]+)");

    @Test
    void shouldListEveryOptionOnceUnderItsSectionCommonOptionsFirst() {
        for (final String command : List.of("", "serve")) {
            final CliRun run = command.isEmpty() ? CliRun.run("--help") : CliRun.run("serve", "--help");
            assertThat(run.exitCode).isZero();
            final String help = run.out;
            final List<String> listed = new ArrayList<>();
            final Matcher m = LISTED.matcher(help);
            while (m.find()) {
                listed.add(m.group(1));
            }
            final CommandLine tree = ConfiguredArgs.throwawayTree();
            final CommandLine c = command.isEmpty() ? tree : tree.getSubcommands().get(command);
            final List<String> expected = new ArrayList<>();
            for (final OptionSpec o : c.getCommandSpec().options()) {
                expected.add(o.longestName());
            }
            assertThat(listed).as("options listed in %s --help", command).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(help).as("no option outside the sections").doesNotContain("Other options:");
            final int common = help.indexOf("\nCommon options:\n");
            assertThat(common).isPositive();
            int previous = common;
            int option = common;
            for (final String name : List.of("--source", "--format", "--threshold")) {
                final int at = help.indexOf(name + "=");
                assertThat(at).as("%s among the first common options of %s --help", name, command).isGreaterThan(option);
                option = at;
            }
            assertThat(help.indexOf("\nSources and formats:\n")).as("the common options come first").isGreaterThan(option);
            for (final String heading : List.of("Sources and formats", "Windows and alerts", "Output", "Notifications",
                    "State and service", "Tuning")) {
                final int at = help.indexOf("\n" + heading + ":\n");
                assertThat(at).as("%s after the previous section in %s --help", heading, command).isGreaterThan(previous);
                previous = at;
            }
            assertThat(help.indexOf("Example:")).as("examples at the end").isGreaterThan(previous);
            assertThat(help).startsWith("Usage: logmon-cli" + (command.isEmpty() ? "" : " serve") + " [OPTIONS]");
        }
    }
}
