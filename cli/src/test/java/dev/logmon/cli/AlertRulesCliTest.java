package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Named alert rules through the real command: a generated log with a 5xx burst replayed with
 * {@code --rule}, the JSON lines read back with a real JSON parser and the alert times compared
 * with those a plain loop over the generated traffic gives; and bad rules refused with exit 2 and
 * one message per problem.
 */
@Timeout(120)
class AlertRulesCliTest {
    private static final long T0 = 1_796_000_000L;
    private static final int SECONDS = 600;
    private static final int WINDOW = 60;
    private static final int FOR = 30;
    private static final int KEEP = 60;
    private static final int MIN_HITS = 100;
    private static final DateTimeFormatter CLF =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void shouldFireAndResolveAnErrorRatioRuleAtTheSecondsAPlainLoopGives() throws IOException {
        final long seed = 21;
        final Random random = new Random(seed);
        final int[] hits = new int[SECONDS];
        final int[] errors = new int[SECONDS];
        final StringBuilder log = new StringBuilder();
        for (int t = 0; t < SECONDS; t++) {
            hits[t] = 3 + random.nextInt(4);
            for (int i = 0; i < hits[t]; i++) {
                // a 5xx burst from 200 to 320 (half the requests), a stray 5xx now and then elsewhere
                final boolean error = t >= 200 && t < 320 ? i % 2 == 0 : random.nextInt(100) == 0;
                errors[t] += error ? 1 : 0;
                log.append("10.0.").append(t % 7).append('.').append(i).append(" - - [")
                        .append(CLF.format(Instant.ofEpochSecond(T0 + t))).append("] \"GET /api/item HTTP/1.1\" ")
                        .append(error ? 503 : 200).append(" 512 \"-\" \"test\"\n");
            }
        }
        final Path file = dir.resolve("access.log");
        Files.writeString(file, log, StandardCharsets.US_ASCII);

        final CliRun run = CliRun.run("-s", file.toString(), "--from-start", "--once", "--format", "combined",
                "--rule", "name=5xx kind=error-ratio status=5xx ratio=0.05 window=" + WINDOW + "s min-hits=" + MIN_HITS
                        + " for=" + FOR + "s keep-firing-for=" + KEEP + "s");

        assertThat(run.exitCode).as(run.err).isZero();
        final List<String> got = new ArrayList<>();
        for (final JsonNode n : run.jsonLines()) {
            if ("alert".equals(n.path("type").asString()) && "5xx".equals(n.path("name").asString(""))
                    && !n.path("repeat").asBoolean()) {
                assertThat(n.path("rule").asString()).isEqualTo("error-ratio");
                assertThat(n.path("value").isNumber()).as(n.toString()).isTrue();
                got.add(n.path("state").asString() + "@" + (Instant.parse(n.path("time").asString()).getEpochSecond()
                        - T0));
            }
        }
        final List<String> want = expected(hits, errors);
        assertThat(want).as("seed %d: the burst must fire and resolve", seed).hasSize(2);
        assertThat(got).as("seed %d", seed).isEqualTo(want);
    }

    @Test
    void shouldShowTheRuleStateOfEverySnapshotAsAPlainLoopGivesIt() throws IOException {
        final long seed = 22;
        final Random random = new Random(seed);
        final int[] hits = new int[SECONDS];
        final int[] errors = new int[SECONDS];
        final StringBuilder log = new StringBuilder();
        for (int t = 0; t < SECONDS; t++) {
            hits[t] = 3 + random.nextInt(4);
            for (int i = 0; i < hits[t]; i++) {
                final boolean error = t >= 200 && t < 320 ? i % 2 == 0 : random.nextInt(100) == 0;
                errors[t] += error ? 1 : 0;
                log.append("10.0.").append(t % 7).append('.').append(i).append(" - - [")
                        .append(CLF.format(Instant.ofEpochSecond(T0 + t))).append("] \"GET /api/item HTTP/1.1\" ")
                        .append(error ? 503 : 200).append(" 512 \"-\" \"test\"\n");
            }
        }
        final Path file = dir.resolve("access.log");
        Files.writeString(file, log, StandardCharsets.US_ASCII);

        final CliRun run = CliRun.run("-s", file.toString(), "--from-start", "--once", "--format", "combined",
                "--every", "1",
                "--rule", "name=5xx kind=error-ratio status=5xx ratio=0.05 window=" + WINDOW + "s min-hits=" + MIN_HITS
                        + " for=" + FOR + "s keep-firing-for=" + KEEP + "s",
                "--rule", "name=quiet kind=silence below=1 window=10s");

        assertThat(run.exitCode).as(run.err).isZero();
        final String[] want = expectedStates(hits, errors);
        final java.util.Set<String> seen = new java.util.TreeSet<>();
        final java.util.Set<Integer> seconds = new java.util.HashSet<>();
        for (final JsonNode n : run.jsonLines()) {
            if (!"snapshot".equals(n.path("type").asString())) {
                continue;
            }
            final int t = (int) (Instant.parse(n.path("time").asString()).getEpochSecond() - T0);
            final JsonNode rules = n.path("rules");
            assertThat(rules.size()).as(n.toString()).isEqualTo(2);
            final JsonNode r = rules.get(0);
            assertThat(r.path("name").asString()).isEqualTo("5xx");
            assertThat(r.path("kind").asString()).isEqualTo("error-ratio");
            assertThat(r.path("limit").asDouble()).isEqualTo(0.05);
            final String state = want[t].substring(0, want[t].indexOf('@'));
            final long since = Long.parseLong(want[t].substring(want[t].indexOf('@') + 1));
            assertThat(r.path("state").asString()).as("seed %d, second %d", seed, t).isEqualTo(state);
            if (since < 0) {
                assertThat(r.path("since").isNull()).as("seed %d, second %d: %s", seed, t, r).isTrue();
            } else {
                assertThat(Instant.parse(r.path("since").asString()).getEpochSecond() - T0)
                        .as("seed %d, second %d", seed, t).isEqualTo(since);
            }
            assertThat(r.path("value").isNull()).as("second %d: value before the window fills", t)
                    .isEqualTo(t < WINDOW - 1);
            assertThat(rules.get(1).path("name").asString()).isEqualTo("quiet");
            assertThat(rules.get(1).path("state").asString()).isEqualTo("ok");
            seen.add(state);
            seconds.add(t);
        }
        assertThat(seconds).as("a snapshot of every second (and the final one, of the last)").hasSize(SECONDS);
        assertThat(seen).as("seed %d: every state should be met", seed).containsExactly("firing", "holding", "ok",
                "pending");
    }

    /**
     * The plain loop for states: {@code state@since} (since -1: ok from the start) of each second,
     * from the condition per second, for and keep_firing_for.
     */
    private static String[] expectedStates(final int[] hits, final int[] errors) {
        final String[] out = new String[SECONDS];
        String state = "ok";
        long since = -1;
        int run = 0;
        int quiet = 0;
        long startedAt = -1;
        for (int t = 0; t < SECONDS; t++) {
            if (t >= WINDOW - 1) {
                long h = 0;
                long e = 0;
                for (int u = t - WINDOW + 1; u <= t; u++) {
                    h += hits[u];
                    e += errors[u];
                }
                final boolean cond = h >= MIN_HITS && e / (double) h > 0.05;
                run = cond ? run + 1 : 0;
                quiet = cond ? 0 : quiet + 1;
                final String before = state;
                if (before.equals("firing") || before.equals("holding")) {
                    if (cond) {
                        state = "firing";
                        since = startedAt;
                    } else if (quiet > KEEP) {
                        state = "ok";
                        since = t;
                    } else if (before.equals("firing")) {
                        state = "holding";
                        since = t;
                    }
                } else if (run > FOR) {
                    state = "firing";
                    since = t;
                    startedAt = t;
                } else if (cond && before.equals("ok")) {
                    state = "pending";
                    since = t;
                } else if (!cond && before.equals("pending")) {
                    state = "ok";
                    since = t;
                }
            }
            out[t] = state + "@" + since;
        }
        return out;
    }

    /** The plain loop: the condition per second from the generated counts, then for and keep_firing_for. */
    private static List<String> expected(final int[] hits, final int[] errors) {
        final boolean[] cond = new boolean[SECONDS];
        for (int t = WINDOW - 1; t < SECONDS; t++) {
            long h = 0;
            long e = 0;
            for (int u = t - WINDOW + 1; u <= t; u++) {
                h += hits[u];
                e += errors[u];
            }
            cond[t] = h >= MIN_HITS && e / (double) h > 0.05;
        }
        final List<String> out = new ArrayList<>();
        boolean firing = false;
        int run = 0;
        int quiet = 0;
        for (int t = WINDOW - 1; t < SECONDS; t++) {
            run = cond[t] ? run + 1 : 0;
            quiet = cond[t] ? 0 : quiet + 1;
            if (!firing && run > FOR) {
                firing = true;
                out.add("on@" + t);
            } else if (firing && quiet > KEEP) {
                firing = false;
                out.add("off@" + t);
            }
        }
        return out;
    }

    @Test
    void shouldRefuseBadRulesWithExitTwoAndEveryProblem() throws IOException {
        final Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - name: slow
                    kind: latency
                    percentile: 99
                    limit: fast
                  - name: 5xx
                    kind: error-ratio
                    ratio: 0.05
                  - kind: silence
                    below: 10
                """);

        final CliRun run = CliRun.run("-s", dir.resolve("a.log").toString(), "--once",
                "--rule", "name=5xx kind=error-ratio ratio=0.05",
                "--rule", "name=x kind=nosuch",
                "--rule", "name=y kind=error-ratio ratio=two window=10m",
                "--rule", "name=z kind=client-flood min-hits=5",
                "--rule", "name=w kind=silence below=10 colour=red",
                "--rules", rules.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains(
                "--rule 2 (x): unknown kind nosuch",
                "--rule 3 (y): ratio must be a number, a share from 0 to 1: two",
                "--rule 3 (y): window must be 1s to 2m",
                "--rule 4 (z): client-flood needs share (of hits) or rate (hits/s), or both",
                "--rule 5 (w): unknown field colour for kind silence",
                "rule 1 (slow): limit must be milliseconds such as 500, 500ms or 1.5s: fast",
                "rule 3: name is missing",
                "alert rule name 5xx is given twice");
    }

    @Test
    void shouldRefuseARulesFileThatIsNotYamlWithItsLine() throws IOException {
        final Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "rules:\n  - name: a\n    kind: [silence\n");

        final CliRun run = CliRun.run("-s", dir.resolve("a.log").toString(), "--once", "--rules", rules.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("not valid YAML").contains("line ");
    }

    @Test
    void shouldRefuseALatencyRuleOnAFormatWithoutRequestTimes() {
        final CliRun run = CliRun.run("-s", dir.resolve("a.log").toString(), "--once", "--format", "combined",
                "--rule", "name=slow kind=latency limit=500ms");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("alert rule slow (latency): the log format combined has no request time");
    }
}
