package dev.logmon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --sink webhook} and {@code --sink email} through the real command. */
@Timeout(120)
class NotificationCliTest {
    private static final String SECRET_PATH = "/services/T000/B000/XSECRETX";

    @TempDir
    Path dir;

    private Path burstLog() {
        final Path log = dir.resolve("burst.log");
        // 20 lines per log second, 4x that for the last 180 s of every 600 s: two bursts, each over by 00:23:40.
        assertThat(CliRun.run("generate", "-d", log.toString(), "-l", "0", "--count", "50000", "--seed", "3",
                "--start", "2026-01-01T00:00:00Z", "--log-rate", "20", "--burst", "600:180:4").exitCode).isZero();
        return log;
    }

    private static List<String> transitions(final CliRun run) {
        return run.jsonLines().stream()
                .filter(n -> "alert".equals(n.get("type").asString()) && !n.get("repeat").asBoolean())
                .map(n -> (n.get("state").asString().equals("on") ? "firing@" : "resolved@")
                        + n.get("startedAt").asString())
                .toList();
    }

    @Test
    void shouldPostExactlyTheFiringAndResolvedPairsOfAReplayInOrder() throws IOException {
        final Path log = burstLog();
        try (LocalWebhook hook = new LocalWebhook()) {
            final CliRun run = CliRun.runWithEnv(Map.of("HOOK", hook.url(SECRET_PATH + "?token=abc")),
                    "-s", log.toString(), "--once", "--sink", "json", "--sink", "webhook", "--webhook-url-env", "HOOK");

            assertThat(run.exitCode).as(run.err).isZero();
            final List<String> expected = transitions(run);
            assertThat(expected).containsExactly(
                    "firing@" + expected.get(0).substring(7), "resolved@" + expected.get(0).substring(7),
                    "firing@" + expected.get(2).substring(7), "resolved@" + expected.get(2).substring(7));
            final List<JsonNode> posted = hook.bodies.stream().map(CliRun.JSON::readTree).toList();
            assertThat(posted).extracting(n -> n.get("status").asString() + "@" + n.get("startsAt").asString())
                    .containsExactlyElementsOf(expected);
            assertThat(hook.paths).allMatch(p -> p.equals(SECRET_PATH + "?token=abc"));
            final JsonNode firing = posted.get(0);
            assertThat(Instant.parse(firing.get("startsAt").asString()))
                    .isBetween(Instant.parse("2026-01-01T00:07:00Z"), Instant.parse("2026-01-01T00:10:00Z"));
            assertThat(firing.at("/monitor/sources/0").asString()).isEqualTo(log.toString());
            assertThat(firing.at("/topSections").size()).isPositive();
            assertThat(firing.at("/topHosts").size()).isPositive();
            final String firstOff = run.jsonLines().stream()
                    .filter(n -> "alert".equals(n.get("type").asString()) && "off".equals(n.get("state").asString()))
                    .findFirst().orElseThrow().get("time").asString();
            assertThat(posted.get(1).get("endsAt").asString()).isEqualTo(firstOff);
            final JsonNode stats = run.last().get("webhook");
            assertThat(stats.get("sent").asLong() + stats.get("pending").asLong()).isEqualTo(4);
            assertThat(stats.get("failed").asLong()).isZero();
            assertThat(run.out + run.err).doesNotContain("XSECRETX").doesNotContain("token=abc");
        }
    }

    @Test
    void shouldPostOnlyToTheWebhookWhenJsonIsNotAsked() throws IOException {
        final Path log = burstLog();
        final Path urlFile = Files.writeString(dir.resolve("hook.url"), "");
        try (LocalWebhook hook = new LocalWebhook()) {
            Files.writeString(urlFile, hook.url(SECRET_PATH) + "\n");
            final CliRun run = CliRun.run("-s", log.toString(), "--once", "--sink", "webhook",
                    "--webhook-url-file", urlFile.toString());

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(run.out).isEmpty();
            assertThat(hook.bodies).hasSize(4);
        }
    }

    @Test
    void shouldMailTheSameTransitionsThroughSmtp() throws IOException {
        final Path log = burstLog();
        try (LocalSmtp smtp = new LocalSmtp()) {
            final CliRun run = CliRun.runWithEnv(Map.of(), "-s", log.toString(), "--once", "--sink", "json,email",
                    "--smtp-host", "127.0.0.1", "--smtp-port", Integer.toString(smtp.port()),
                    "--mail-from", "logmon@example.com", "--mail-to", "ops@example.com", "--mail-to", "dev@example.com");

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(smtp.messages).hasSize(4);
            assertThat(smtp.messages.get(0)).contains("Subject: [FIRING] logmon@").contains("High traffic generated an alert")
                    .contains("Top sections when it fired");
            assertThat(smtp.messages.get(1)).contains("Subject: [RESOLVED] logmon@").contains("ended at:");
            assertThat(smtp.recipients).contains("<ops@example.com>", "<dev@example.com>");
            final JsonNode stats = run.last().get("email");
            assertThat(stats.get("sent").asLong() + stats.get("pending").asLong()).isEqualTo(4);
        }
    }

    @Test
    void shouldCountAMailToARefusedRecipientFailedWithoutRetrying() throws IOException {
        final Path log = burstLog();
        try (LocalSmtp smtp = new LocalSmtp()) {
            final CliRun run = CliRun.runWithEnv(Map.of(), "-s", log.toString(), "--once", "--sink", "email",
                    "--smtp-host", "127.0.0.1", "--smtp-port", Integer.toString(smtp.port()),
                    "--mail-from", "logmon@example.com", "--mail-to", "refused@example.com");

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(smtp.messages).isEmpty();
            assertThat(run.err).contains("email to smtp://127.0.0.1:" + smtp.port() + ": rejected, not retried")
                    .contains("SMTP 550");
        }
    }

    @Test
    void shouldRejectBadNotificationSettingsWithExitTwoBeforeReadingAnything() {
        final Path missing = dir.resolve("missing.log");
        final CliRun run = CliRun.runWithEnv(Map.of("EMPTY", ""), "-s", missing.toString(), "--once",
                "--sink", "webhook", "--sink", "email", "--webhook-url", "ftp://files.example.com" + SECRET_PATH,
                "--webhook-url-env", "EMPTY", "--webhook-timeout", "5 parsecs", "--webhook-give-up", "-3s",
                "--smtp-port", "0", "--mail-to", "not an address");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err)
                .contains("give only one of --webhook-url, --webhook-url-env and --webhook-url-file")
                .contains("--webhook-timeout must be a duration such as 500ms, 30s, 10m or 1h: 5 parsecs")
                .contains("--webhook-give-up must be a duration")
                .contains("--sink email needs --smtp-host")
                .contains("--smtp-port must be between 1 and 65535: 0")
                .contains("--sink email needs --mail-from")
                .contains("--mail-to is not a mail address: not an address")
                .contains("missing.log: no such file")
                .doesNotContain("XSECRETX");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldExplainEachWrongWebhookUrlWithoutShowingIt() throws IOException {
        final Path unreadable = dir.resolve("no-such.url");
        final Path empty = Files.createFile(dir.resolve("empty.url"));
        final String[][] cases = {
            {"--webhook-url", "ftp://files.example.com" + SECRET_PATH, "--webhook-url must be an http:// or https:// URL, not ftp://"},
            {"--webhook-url", "http://" + SECRET_PATH, "--webhook-url has no host"},
            {"--webhook-url", "https:" + SECRET_PATH, "--webhook-url has no host"},
            {"--webhook-url-env", "UNSET_HOOK", "--webhook-url-env UNSET_HOOK: the variable is not set or empty"},
            {"--webhook-url-file", unreadable.toString(), "--webhook-url-file " + unreadable + ": cannot read it"},
            {"--webhook-url-file", empty.toString(), ": the file is empty"},
        };
        for (final String[] c : cases) {
            final CliRun run = CliRun.runWithEnv(Map.of(), "-s", "x.log", "--sink", "webhook", c[0], c[1]);

            assertThat(run.exitCode).as(c[1]).isEqualTo(2);
            assertThat(run.err).as(c[1]).contains(c[2]).doesNotContain("XSECRETX");
        }
        final CliRun none = CliRun.run("-s", "x.log", "--sink", "webhook");
        assertThat(none.err).contains("--sink webhook needs the URL");
        final CliRun withoutSink = CliRun.run("-s", "x.log", "--webhook-url", "https://example.com/h");
        assertThat(withoutSink.exitCode).isEqualTo(2);
        assertThat(withoutSink.err).contains("need --sink webhook");
    }

    @Test
    void shouldNotShowTheUrlInHelp() {
        final CliRun run = CliRun.run("--webhook-url", "https://hooks.example.com" + SECRET_PATH, "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("--webhook-url").contains("--webhook-url-env").contains("--webhook-give-up")
                .contains("--smtp-password-file").contains("--mail-to").doesNotContain("XSECRETX");
    }
}
