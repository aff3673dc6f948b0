package dev.logmon.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.combine.AlertRuleSpec;
import dev.logmon.core.snapshot.AlertRuleKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@code --rule} and {@code --rules}: the README's example file, and the same rules as options. */
class AlertRuleOptionsTest {
    @TempDir
    Path dir;

    /** The first yaml block of the README's "Alert rules" section. */
    private static String readmeExample() throws IOException {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final int section = readme.indexOf("\n## Alert rules\n");
        assertThat(section).as("README has an Alert rules section").isPositive();
        final int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void shouldReadTheReadmesRulesFileForATypicalSite() throws IOException {
        final Path file = dir.resolve("rules.yaml");
        Files.writeString(file, readmeExample());
        final List<String> problems = new ArrayList<>();

        final List<AlertRuleSpec> rules = AlertRuleOptions.parse(List.of(), file.toString(), problems);

        assertThat(problems).isEmpty();
        assertThat(rules).containsExactly(
                new AlertRuleSpec("5xx", AlertRuleKind.ERROR_RATIO, 120, 60, 300, 100, 0.05, 1 << 4, 0, 0),
                new AlertRuleSpec("slow", AlertRuleKind.LATENCY, 60, 120, 120, 50, 800, 0, 99, 0),
                new AlertRuleSpec("silence", AlertRuleKind.SILENCE, 120, 60, 0, 0, 10, 0, 0, 0),
                new AlertRuleSpec("flood", AlertRuleKind.CLIENT_FLOOD, 60, 30, 120, 200, 0.3, 0, 0, 20));
    }

    @Test
    void shouldGiveTheSameRulesFromOptionsWithDefaults() {
        final List<String> problems = new ArrayList<>();

        final List<AlertRuleSpec> rules = AlertRuleOptions.parse(List.of(
                "name=5xx kind=error-ratio status=4xx,5xx ratio=0.05",
                "name=slow kind=latency limit=1.5s",
                "name=up kind=traffic threshold=50 mode=relative for=10s"), null, problems);

        assertThat(problems).isEmpty();
        assertThat(rules).containsExactly(
                new AlertRuleSpec("5xx", AlertRuleKind.ERROR_RATIO, 120, 0, 0, 10, 0.05, (1 << 3) | (1 << 4), 0, 0),
                new AlertRuleSpec("slow", AlertRuleKind.LATENCY, 120, 0, 0, 10, 1500, 0, 99, 0),
                new AlertRuleSpec("up", AlertRuleKind.RELATIVE, 120, 10, 0, 0, 50, 0, 0, 0));
    }

    @Test
    void shouldListEveryProblemOfARule() {
        final List<String> problems = new ArrayList<>();

        AlertRuleOptions.parse(List.of("name=a kind=error-ratio ratio=1.5 status=6xx for=soon min-hits=-1 oops"),
                null, problems);

        assertThat(problems).containsExactly("--rule 1: expected key=value, got oops");
        problems.clear();
        AlertRuleOptions.parse(List.of("name=a kind=error-ratio ratio=1.5 status=6xx for=soon min-hits=-1"),
                null, problems);
        assertThat(problems).containsExactlyInAnyOrder(
                "--rule 1 (a): for must be whole seconds such as 30s, 5m or 1h: soon",
                "--rule 1 (a): min-hits must be a whole number, 0 or more: -1",
                "--rule 1 (a): ratio must be a number, a share from 0 to 1: 1.5",
                "--rule 1 (a): status must be status classes such as 5xx or 4xx,5xx: 6xx");
    }

    @Test
    void shouldScopeARuleToASourceByItsIndexAmongTheSources() throws IOException {
        final List<String> sources = List.of("/var/log/blog.log", "/var/log/shop.log");
        final Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
                rules:
                  - name: shop-down
                    kind: silence
                    below: 1
                    window: 1m
                    source: /var/log/shop.log
                """);
        final List<String> problems = new ArrayList<>();

        final List<AlertRuleSpec> rules = AlertRuleOptions.parse(
                List.of("name=shop-5xx kind=error-ratio ratio=0.05 source=/var/log/shop.log",
                        "name=blog-busy kind=traffic threshold=100 source=/var/log/blog.log",
                        "name=all-5xx kind=error-ratio ratio=0.05"), file.toString(), sources, problems);

        assertThat(problems).isEmpty();
        assertThat(rules).extracting(AlertRuleSpec::name, AlertRuleSpec::source).containsExactly(
                org.assertj.core.groups.Tuple.tuple("shop-5xx", 1), org.assertj.core.groups.Tuple.tuple("blog-busy", 0),
                org.assertj.core.groups.Tuple.tuple("all-5xx", AlertRuleSpec.ALL_SOURCES),
                org.assertj.core.groups.Tuple.tuple("shop-down", 1));
    }

    @Test
    void shouldRefuseEveryScopeItCannotMeasure() {
        final List<String> problems = new ArrayList<>();

        AlertRuleOptions.parse(List.of("name=a kind=error-ratio ratio=0.1 source=/nope.log",
                "name=b kind=traffic mode=relative threshold=5 source=/a.log",
                "name=c kind=error-ratio ratio=0.1 status=3xx,5xx source=/a.log",
                "name=d kind=latency limit=500 source=/a.log"), null, List.of("/a.log"), problems);

        assertThat(problems).containsExactly(
                "--rule 1 (a): source /nope.log is not one of the -s values (/a.log)",
                "--rule 2 (b): source takes mode absolute (a source's own lifetime rate is not kept)",
                "--rule 3 (c): with source, status may only be 4xx and 5xx (a source keeps no other classes)",
                "--rule 4 (d): unknown field source for kind latency (it takes limit, min-hits, percentile)");
    }

    @Test
    void shouldRefuseARulesFileThatIsNotAList() throws IOException {
        final Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "name: 5xx\nkind: error-ratio\n");
        final List<String> problems = new ArrayList<>();

        AlertRuleOptions.parse(List.of(), file.toString(), problems);
        AlertRuleOptions.parse(List.of(), dir.resolve("missing.yaml").toString(), problems);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).endsWith("expected a list of rules under 'rules:'");
        assertThat(problems.get(1)).contains("missing.yaml: cannot read");
    }
    @Test
    void shouldRefuseAFieldGivenTwiceInTheRulesFile() throws IOException {
        final Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
                rules:
                  - name: a
                    kind: silence
                    below: 1
                    keep_firing_for: 5m
                    keep-firing-for: 0s
                """);
        final Path twice = dir.resolve("twice.yaml");
        Files.writeString(twice, """
                rules:
                  - name: b
                    kind: silence
                    below: 1
                    for: 1m
                    for: 0s
                """);
        final List<String> problems = new ArrayList<>();

        final List<AlertRuleSpec> rules = AlertRuleOptions.parse(List.of(), file.toString(), problems);
        AlertRuleOptions.parse(List.of(), twice.toString(), problems);

        assertThat(rules).isEmpty();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).endsWith("rule 1: keep-firing-for is given twice");
        assertThat(problems.get(1)).contains("twice.yaml: not valid YAML").contains("for").contains("line ");
    }
    @Test
    void shouldRefuseAClientFloodRuleWhoseLimitsAreAllOff() {
        final List<String> problems = new ArrayList<>();

        final List<AlertRuleSpec> rules = AlertRuleOptions.parse(List.of("name=a kind=client-flood share=0",
                "name=b kind=client-flood share=0 rate=0", "name=c kind=client-flood share=0 rate=5"), null, problems);

        assertThat(problems).containsExactly(
                "--rule 1 (a): client-flood needs share or rate above 0 (0 turns that limit off)",
                "--rule 2 (b): client-flood needs share or rate above 0 (0 turns that limit off)");
        assertThat(rules).extracting(AlertRuleSpec::name).containsExactly("c");
    }
}
