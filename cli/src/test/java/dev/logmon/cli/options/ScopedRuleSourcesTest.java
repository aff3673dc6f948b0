package dev.logmon.cli.options;

import dev.logmon.core.combine.AlertRuleSpec;
import dev.logmon.core.engine.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule scoped to a source counts the source a line's {@code sourceId} names: the index in the
 * run's sources, after {@code --once} expanded its patterns into files and duplicates were
 * dropped, not the index among the {@code -s} values as typed.
 */
class ScopedRuleSourcesTest {
    private static final String LINE = "10.0.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"t\"\n";

    @TempDir
    Path dir;

    private Settings settings(final List<String> problems, final String... args) {
        final MonitorOptions options = new MonitorOptions();
        new CommandLine(options).parseArgs(args);
        return options.settings(problems, Map.of(), true, 1_767_225_600L);
    }

    @Test
    void shouldScopeARuleToItsFileAfterAPatternBeforeItExpands() throws Exception {
        Files.createDirectories(dir.resolve("vhosts"));
        for (final String name : List.of("vhosts/a.log", "vhosts/b.log", "vhosts/c.log", "shop.log")) {
            Files.writeString(dir.resolve(name), LINE);
        }
        final String shop = dir.resolve("shop.log").toString();
        final List<String> problems = new ArrayList<>();

        final Settings s = settings(problems, "-s", dir.resolve("vhosts") + "/*.log", "-s", shop, "--once",
                "--sink", "json", "--rule", "name=shop-down kind=silence below=1 source=" + shop);

        assertThat(problems).isEmpty();
        assertThat(s.sources).hasSize(4);
        assertThat(s.rules).extracting(AlertRuleSpec::name).containsExactly("shop-down");
        assertThat(s.rules.get(0).source()).as("sources %s", s.sources).isEqualTo(s.sources.indexOf(shop))
                .isEqualTo(3);
    }

    @Test
    void shouldRefuseAScopeNamingAPatternThatOnceExpands() throws Exception {
        Files.createDirectories(dir.resolve("vhosts"));
        Files.writeString(dir.resolve("vhosts/a.log"), LINE);
        Files.writeString(dir.resolve("vhosts/b.log"), LINE);
        final String pattern = dir.resolve("vhosts") + "/*.log";
        final List<String> problems = new ArrayList<>();

        settings(problems, "-s", pattern, "--once", "--sink", "json",
                "--rule", "name=vhosts-down kind=silence below=1 source=" + pattern);

        assertThat(problems).singleElement().asString()
                .startsWith("alert rule vhosts-down: source " + pattern + " is not one source of the run");
    }
}
