package dev.logmon.cli.options;

import dev.logmon.cli.Main;
import dev.logmon.core.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Config files ({@code --config}, {@code /etc/logmon/logmon.conf} for serve) and {@code LOGMON_*}
 * variables: what wins over what, which lines are refused and how they are named, and what
 * {@code config --print} says.
 */
class ConfiguredArgsTest {
    @TempDir
    Path dir;

    private Path conf(final String... lines) throws IOException {
        final Path f = dir.resolve("logmon.conf");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @Test
    void shouldLetTheCommandLineWinOverTheEnvironmentOverTheFile() throws IOException {
        final Path f = conf("# comment", "", "threshold = 5", "top = 3", "alert-rule = absolute", "  shards=2  ");
        final ConfiguredArgs c = ConfiguredArgs.resolve(new String[] {"--config", f.toString(), "--top", "7", "--once"},
                Map.of("LOGMON_SHARDS", "4", "LOGMON_JAVA_OPTS", "-Xmx1g"), null);
        assertThat(c.problems).isEmpty();
        assertThat(c.args).containsExactly("--config", f.toString(), "--top", "7", "--once",
                "--threshold=5", "--alert-rule=absolute", "--shards=4");
        assertThat(c.origins.get("threshold")).isEqualTo(new ConfiguredArgs.Origin(ConfiguredArgs.Source.FILE, f + " line 3"));
        assertThat(c.origins.get("top").source()).isEqualTo(ConfiguredArgs.Source.COMMAND_LINE);
        assertThat(c.origins.get("shards")).isEqualTo(
                new ConfiguredArgs.Origin(ConfiguredArgs.Source.ENVIRONMENT, "environment LOGMON_SHARDS"));
        assertThat(c.origins).doesNotContainKey("alert-repeat");
    }

    @Test
    void shouldReadLogmonWebhookUrlAsTheEnvironmentVariableItIsWithoutCopyingTheSecret() throws IOException {
        final String secret = "https://hooks.example/T000/XXXX";
        final Path f = conf("webhook-url-file = /etc/logmon/webhook");
        final ConfiguredArgs c = ConfiguredArgs.resolve(new String[] {"--config", f.toString(), "--sink", "webhook"},
                Map.of("LOGMON_WEBHOOK_URL", secret), null);
        assertThat(c.problems).isEmpty();
        assertThat(c.args).containsExactly("--config", f.toString(), "--sink", "webhook",
                "--webhook-url-env=LOGMON_WEBHOOK_URL");
        assertThat(String.join(" ", c.args)).doesNotContain(secret);
        assertThat(c.origins.get("webhook-url-env").where()).isEqualTo("environment LOGMON_WEBHOOK_URL");

        final ConfiguredArgs overFileEnv = ConfiguredArgs.resolve(new String[] {"--config",
                conf("webhook-url-env = OTHER_HOOK").toString()}, Map.of("LOGMON_WEBHOOK_URL", secret), null);
        assertThat(overFileEnv.args).endsWith("--webhook-url-env=LOGMON_WEBHOOK_URL").hasSize(3);

        final ConfiguredArgs commandLineWins = ConfiguredArgs.resolve(new String[] {"--webhook-url-file", "/x"},
                Map.of("LOGMON_WEBHOOK_URL", secret), null);
        assertThat(commandLineWins.args).containsExactly("--webhook-url-file", "/x");
    }

    @Test
    void shouldRepeatOptionsThatTakeSeveralValuesAndTurnFlagsOnOnlyWhenTrue() throws IOException {
        final Path f = conf("source = a.log", "source = b.log", "from-start = true", "no-bell = false",
                "log-format = $remote_addr [$time_local] \"$request\" $status $body_bytes_sent", "since = -1d");
        final ConfiguredArgs c = ConfiguredArgs.resolve(new String[] {"serve", "--config", f.toString()}, Map.of(), null);
        assertThat(c.problems).isEmpty();
        assertThat(c.args).containsExactly("serve", "--config", f.toString(), "--source=a.log", "--source=b.log",
                "--log-format=$remote_addr [$time_local] \"$request\" $status $body_bytes_sent", "--since=-1d",
                "--from-start");
        assertThat(c.origins.get("source").where()).isEqualTo(f + " line 1, 2");
    }

    @Test
    void shouldReadAFileWrittenOnWindowsWithAByteOrderMarkAndCrlfLineEnds() throws IOException {
        final Path f = dir.resolve("windows.conf");
        Files.writeString(f, "\uFEFFthreshold = 20\r\nsource = a.log  \r\n# comment\r\nfrom-start = true\r\n");
        final ConfiguredArgs c = ConfiguredArgs.resolve(new String[] {"--config", f.toString()}, Map.of(), null);
        assertThat(c.problems).isEmpty();
        assertThat(c.args).containsExactly("--config", f.toString(), "--source=a.log", "--threshold=20", "--from-start");
        assertThat(c.origins.get("threshold").where()).isEqualTo(f + " line 1");
    }

    @Test
    void shouldNotEchoAMalformedLineThatHoldsASecret() throws IOException {
        final Path f = conf("webhook-url: https://hooks.example/T0/secret", "Webhook-URL = https://hooks.example/T1/secret");
        final ConfiguredArgs c = ConfiguredArgs.resolve(new String[] {"--config", f.toString()}, Map.of(), null);
        assertThat(c.problems).hasSize(2).allSatisfy(p -> assertThat(p).contains("a line naming a secret (not shown)")
                .doesNotContain("hooks.example"));
    }

    @Test
    void shouldTakeNothingFromTheFileForARepeatableOptionGivenOnTheCommandLine() throws IOException {
        final Path f = conf("source = a.log", "source = b.log");
        final ConfiguredArgs c = ConfiguredArgs.resolve(new String[] {"-s", "c.log", "--config", f.toString()}, Map.of(), null);
        assertThat(c.args).containsExactly("-s", "c.log", "--config", f.toString());
    }

    @Test
    void shouldNameTheFileAndLineOfEveryBadSetting() throws IOException {
        final Path f = conf("threshold = abc", "bogus = 1", "once = maybe", "top = 1", "top = 2",
                "webhook-url = https://hooks.example/secret", "no equals sign here", "help = true", "ring-size =");
        final ConfiguredArgs c = ConfiguredArgs.resolve(new String[] {"--config", f.toString()}, Map.of(), null);
        assertThat(c.problems).containsExactlyInAnyOrder(
                f + " line 7: expected 'key = value' with a long option's name as the key (e.g. threshold = 20), got: "
                        + "no equals sign here",
                f + " line 1: bad value for threshold: Invalid value for option '--threshold': 'abc' is not a double",
                f + " line 2: unknown option 'bogus' for logmon-cli (see logmon-cli --help)",
                f + " line 3: once is a flag: true or false, not 'maybe'",
                f + " line 5: top is already set at line 4 (only options that take several values repeat)",
                f + " line 6: webhook-url is a secret and stays out of config files: set webhook-url-file "
                        + "(or webhook-url-env) instead",
                f + " line 8: unknown option 'help' for logmon-cli (see logmon-cli --help)",
                f + " line 9: bad value for ring-size: Invalid value for option '--ring-size': '' is not an int");
        assertThat(String.join("\n", c.problems)).doesNotContain("hooks.example");
    }

    @Test
    void shouldRefuseAnOptionOfServeInTheMonitorsFileAndABadVariable() throws IOException {
        final Path f = conf("listen = 127.0.0.1:9901");
        assertThat(ConfiguredArgs.resolve(new String[] {"--config", f.toString()}, Map.of(), null).problems)
                .containsExactly(f + " line 1: unknown option 'listen' for logmon-cli (see logmon-cli --help)");
        assertThat(ConfiguredArgs.resolve(new String[] {"serve", "--config", f.toString()}, Map.of(), null).problems)
                .isEmpty();
        assertThat(ConfiguredArgs.resolve(new String[] {"--once"}, Map.of("LOGMON_TOP", "ten"), null).problems)
                .containsExactly("environment variable LOGMON_TOP: bad value for top: Invalid value for option '--top': "
                        + "'ten' is not an int");
    }

    @Test
    void shouldReadTheServiceFileOnlyForServeAndOnlyWithoutConfig() throws IOException {
        final Path service = conf("threshold = 9");
        assertThat(ConfiguredArgs.resolve(new String[] {"serve"}, Map.of(), service).args)
                .containsExactly("serve", "--threshold=9");
        assertThat(ConfiguredArgs.resolve(new String[] {"--once"}, Map.of(), service).args).containsExactly("--once");
        final Path other = dir.resolve("other.conf");
        Files.writeString(other, "top = 4\n");
        assertThat(ConfiguredArgs.resolve(new String[] {"serve", "--config", other.toString()}, Map.of(), service).args)
                .containsExactly("serve", "--config", other.toString(), "--top=4");
        assertThat(ConfiguredArgs.resolve(new String[] {"serve"}, Map.of(), dir.resolve("absent.conf")).args)
                .containsExactly("serve");
    }

    @Test
    void shouldRefuseAMissingConfigFileAndConfigBeforeTheSubcommand() {
        final Path absent = dir.resolve("absent.conf");
        assertThat(ConfiguredArgs.resolve(new String[] {"--config", absent.toString()}, Map.of(), null).problems)
                .containsExactly("--config " + absent + ": no such file");
        assertThat(ConfiguredArgs.resolve(new String[] {"--config", absent.toString(), "serve"}, Map.of(), null).problems)
                .contains("--config goes after the subcommand: logmon-cli serve --config FILE");
    }

    @Test
    void shouldLookForSettingsOnlyWhereSomeMayApply() throws IOException {
        final Path service = conf("top = 2");
        assertThat(ConfiguredArgs.mayApply(new String[] {"-s", "a.log"}, Map.of("LOGMON_JAVA_OPTS", "-Xmx1g"), service))
                .isFalse();
        assertThat(ConfiguredArgs.mayApply(new String[] {"-s", "a.log", "--config=x"}, Map.of(), null)).isTrue();
        assertThat(ConfiguredArgs.mayApply(new String[] {"--once"}, Map.of("LOGMON_TOP", "3"), null)).isTrue();
        assertThat(ConfiguredArgs.mayApply(new String[] {"serve"}, Map.of(), service)).isTrue();
        assertThat(ConfiguredArgs.mayApply(new String[] {"serve"}, Map.of(), dir.resolve("absent.conf"))).isFalse();
    }

    @Test
    void shouldLeaveOtherCommandsAndBadCommandLinesAlone() {
        final String[] generate = {"generate", "-d", "x.log"};
        assertThat(ConfiguredArgs.resolve(generate, Map.of("LOGMON_TOP", "3"), null).args).isSameAs(generate);
        final String[] bad = {"--no-such-option"};
        assertThat(ConfiguredArgs.resolve(bad, Map.of(), null).args).isSameAs(bad);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldExit2BeforeReadingAnythingAndPointAProblemTheCommandFindsAtItsLine() throws IOException {
        final Path f = conf("demo = true", "once = true", "sink = json", "alert-rule = weird");
        final Result r = run(new String[] {"--config", f.toString()});
        assertThat(r.code).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("--alert-rule must be relative or absolute: weird (set in " + f + " line 4)\n");

        final Result syntax = run(new String[] {"--config", conf("threshold: 5").toString()});
        assertThat(syntax.code).isEqualTo(2);
        assertThat(syntax.err).startsWith("logmon-cli: " + f + " line 1: expected 'key = value'")
                .contains("Try 'logmon-cli --help' for the options.");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunAReplayConfiguredByTheFile() throws IOException {
        final Path f = conf("demo = true", "once = true", "sink = json", "threshold = 33");
        final Result r = run(new String[] {"--config", f.toString()});
        assertThat(r.code).as("stderr: %s", r.err).isZero();
        final String[] lines = r.out.split("\n");
        assertThat(lines[lines.length - 1]).contains("\"final\":true").contains("\"threshold\":33");
    }

    @Test
    void shouldPrintTheEffectiveSettingsWithTheirOrigins() throws IOException {
        final Path f = conf("threshold = 5", "source = a.log", "source = b.log", "webhook-url-file = /etc/logmon/hook");
        final Result r = run(new String[] {"config", "--print", "--for", "serve", "--config", f.toString(), "--top", "4",
            "--webhook-url", "https://hooks.example/T0/secret"});
        assertThat(r.code).as("stderr: %s", r.err).isZero();
        assertThat(r.out.lines().map(l -> l.replaceAll(" {2,}", "  ")).toList()).contains(
                "# effective settings of logmon-cli serve",
                "threshold = 5.0  # " + f + " line 1",
                "source = a.log  # " + f + " line 2, 3",
                "source = b.log  # " + f + " line 2, 3",
                "top = 4  # command line",
                "webhook-url = <secret>  # command line",
                "webhook-url-file = /etc/logmon/hook  # " + f + " line 4",
                "alert-rule = relative  # default",
                "listen = 127.0.0.1:9900  # default",
                "# state-dir =  # not set");
        assertThat(r.out).doesNotContain("hooks.example").doesNotContain("config = ");
    }

    @Test
    void shouldReadTheAggregatesSettingsFromItsConfigFileAndTheEnvironment() throws IOException {
        final Path f = conf("kafka-bootstrap = kafka1:9092", "kafka-topic = logmon-frames", "sink = json",
                "sink = webhook", "webhook-url-file = /etc/logmon/hook", "lateness = 3s", "threshold = 500",
                "listen = 127.0.0.1:9901", "rule = name=fleet-5xx kind=error-ratio ratio=0.05");
        final ConfiguredArgs c = ConfiguredArgs.resolve(new String[] {"aggregate", "--config", f.toString(),
            "--threshold", "700"}, Map.of("LOGMON_GONE_AFTER", "1m"), null);
        assertThat(c.problems).isEmpty();
        assertThat(String.join(" ", c.args)).contains("--kafka-bootstrap=kafka1:9092", "--kafka-topic=logmon-frames",
                "--sink=json", "--sink=webhook", "--webhook-url-file=/etc/logmon/hook", "--lateness=3s",
                "--listen=127.0.0.1:9901", "--gone-after=1m", "--threshold 700",
                "--rule=name=fleet-5xx kind=error-ratio ratio=0.05").doesNotContain("500");
        assertThat(c.command).isEqualTo("logmon-cli aggregate");

        // an option only local runs have is named at its line
        final Path local = conf("kafka-topic = frames", "source = /var/log/nginx/access.log");
        assertThat(ConfiguredArgs.resolve(new String[] {"aggregate", "--config", local.toString()}, Map.of(), null)
                .problems).containsExactly(local + " line 2: unknown option 'source' for logmon-cli aggregate "
                        + "(see logmon-cli aggregate --help)");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCheckTheAggregatesSettingsFromTheFileAndNameTheirLines() throws IOException {
        final Path f = conf("sink = json", "lateness = 1500ms", "gone-after = 0");
        final Result r = run(new String[] {"aggregate", "--config", f.toString()});
        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("logmon-cli aggregate needs --kafka-bootstrap HOST:PORT")
                .contains("--lateness must be whole seconds").contains("(set in " + f + " line 2)")
                .contains("--gone-after must be a duration").contains("(set in " + f + " line 3)");

        final Path good = conf("kafka-topic = frames", "lateness = 3s");
        final Result printed = run(new String[] {"config", "--print", "--for", "aggregate", "--config", good.toString()});
        assertThat(printed.code).as(printed.err).isZero();
        assertThat(printed.out.lines().map(l -> l.replaceAll(" {2,}", "  ")).toList()).contains(
                "# effective settings of logmon-cli aggregate",
                "kafka-topic = frames  # " + good + " line 1",
                "lateness = 3s  # " + good + " line 2",
                "gone-after = 30s  # default");
    }

    @Test
    void shouldLeaveVariablesOfOptionsACommandDoesNotHaveToTheCommandsThatHaveThem() {
        // one environment for a host's local run and its aggregate: each takes the variables of its own options
        final Map<String, String> env = Map.of("LOGMON_SOURCE", "/var/log/nginx/access.log", "LOGMON_LATENESS", "3s");
        final ConfiguredArgs aggregate = ConfiguredArgs.resolve(new String[] {"aggregate", "--kafka-topic", "t"}, env, null);
        assertThat(aggregate.problems).isEmpty();
        assertThat(aggregate.args).contains("--lateness=3s").doesNotContain("--source=/var/log/nginx/access.log");
        final ConfiguredArgs local = ConfiguredArgs.resolve(new String[] {"--once"}, env, null);
        assertThat(local.problems).isEmpty();
        assertThat(local.args).contains("--source=/var/log/nginx/access.log").doesNotContain("--lateness=3s");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRefuseALocalRunsSourceRuleFromTheEnvironmentOnTheAggregateSayingWhyAndWhereItWasSet() {
        final Result r = run(new String[] {"aggregate", "--kafka-bootstrap", "127.0.0.1:1", "--kafka-topic", "t"},
                Map.of("LOGMON_RULE", "name=app-5xx kind=error-ratio status=5xx ratio=0.1 source=/var/log/app.log"));
        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.err).contains("--rule 1 (app-5xx): source= is for a local run's -s values; "
                + "the aggregate's rules count all instances together")
                .contains("(set in environment LOGMON_RULE)").doesNotContain("-s values ()");
    }

    @Test
    void shouldPrintTheFileAndLineOfABadSettingWhenAskedToPrint() throws IOException {
        final Path f = conf("threshold = high");
        final Result r = run(new String[] {"config", "--print", "--config", f.toString()});
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains(f + " line 1: bad value for threshold");
    }

    private Result run(final String[] args) {
        return run(args, Map.of());
    }

    private Result run(final String[] args, final Map<String, String> env) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e, Clock.SYSTEM, InputStream.nullInputStream(), env, dir.resolve("none.conf"));
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
