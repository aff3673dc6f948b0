package dev.logmon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays whole files through the real command ({@code --once --sink json}) and checks the final
 * snapshot against an independent count made here with a regular expression, not with logmon's
 * parser.
 */
@Timeout(120)
class ReplayEndToEndTest {
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+) \\S+ \\S+ \\[[^\\]]+\\] \"((?:[^\"\\\\]|\\\\.)*)\" (\\d{3}) (\\d+|-)");

    @TempDir
    Path dir;

    /** What the regex reading of a file found. */
    private static final class Expected {
        long hits;
        long bytes;
        final Map<String, Long> sections = new HashMap<>();
        final Map<String, Long> hostBytes = new HashMap<>();
        final Map<String, Long> hostHits = new HashMap<>();
    }

    private static Expected countIndependently(final Path file) throws IOException {
        final Expected e = new Expected();
        for (final String raw : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            final Matcher m = LINE.matcher(raw.replace("\r", ""));
            if (!m.find()) {
                continue;
            }
            e.hits++;
            final long size = "-".equals(m.group(4)) ? 0 : Long.parseLong(m.group(4));
            e.bytes += size;
            e.hostBytes.merge(m.group(1), size, Long::sum);
            e.hostHits.merge(m.group(1), 1L, Long::sum);
            final String[] request = m.group(2).split(" ");
            if (request.length >= 2 && request[1].startsWith("/")) {
                // leading slashes are one ("//favicon.ico" is "/favicon.ico", issue 16); this log has no
                // percent escape in a first segment
                final String path = request[1].split("[?#]", 2)[0].replaceFirst("^/+", "/");
                final int second = path.indexOf('/', 1);
                e.sections.merge(second < 0 ? path : path.substring(0, second), 1L, Long::sum);
            }
        }
        return e;
    }

    private static <K> List<Map.Entry<K, Long>> topByValue(final Map<K, Long> map, final int n) {
        final List<Map.Entry<K, Long>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Map.Entry.<K, Long>comparingByValue(Comparator.reverseOrder()));
        return entries.subList(0, Math.min(n, entries.size()));
    }

    @Test
    void shouldMatchAnIndependentCountOfARealCombinedLog() throws IOException {
        final Path log = CliRun.realLog("elastic_examples_apache_logs.log");
        final Expected expected = countIndependently(log);

        final CliRun run = CliRun.run("-s", log.toString(), "--from-start", "--once", "--sink", "json");

        assertThat(run.exitCode).as(run.err).isZero();
        final JsonNode last = run.last();
        assertThat(last.get("type").asString()).isEqualTo("snapshot");
        assertThat(last.get("final").asBoolean()).isTrue();
        assertThat(last.at("/lines/read").asLong()).isEqualTo(10_000);
        assertThat(last.at("/lines/parsed").asLong()).isEqualTo(expected.hits);
        final JsonNode lifetime = last.at("/windows/lifetime");
        assertThat(lifetime.get("hits").asLong()).isEqualTo(expected.hits);
        assertThat(lifetime.get("bytes").asLong()).isEqualTo(expected.bytes);
        final List<Map.Entry<String, Long>> sections = topByValue(expected.sections, 10);
        for (int i = 0; i < sections.size(); i++) {
            assertThat(lifetime.at("/sections/" + i + "/section").asString()).isEqualTo(sections.get(i).getKey());
            assertThat(lifetime.at("/sections/" + i + "/hits").asLong()).isEqualTo(sections.get(i).getValue());
        }
        final List<Map.Entry<String, Long>> hosts = topByValue(expected.hostBytes, 10);
        for (int i = 0; i < hosts.size(); i++) {
            final String host = hosts.get(i).getKey();
            assertThat(lifetime.at("/hosts/" + i + "/host").asString()).isEqualTo(host);
            assertThat(lifetime.at("/hosts/" + i + "/bytes").asLong()).isEqualTo(hosts.get(i).getValue());
            assertThat(lifetime.at("/hosts/" + i + "/hits").asLong()).isEqualTo(expected.hostHits.get(host));
        }
        // Every snapshot carries the log's own time (May 2015), never the time we read it.
        for (final JsonNode node : run.jsonLines()) {
            assertThat(node.get("time").asString()).startsWith("2015-05-");
        }
    }

    @Test
    void shouldCountEveryLineOfACrlfCommonLogAsParsedOrMalformed() {
        final Path log = CliRun.realLog("databricks_reference-apps_apache.access.log");

        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--format", "common");

        assertThat(run.exitCode).as(run.err).isZero();
        final JsonNode lines = run.last().get("lines");
        assertThat(lines.get("read").asLong()).isEqualTo(1406);
        assertThat(lines.get("parsed").asLong() + lines.get("malformed").asLong()).isEqualTo(1406);
        assertThat(run.last().at("/windows/lifetime/hits").asLong()).isEqualTo(lines.get("parsed").asLong());
    }

    @Test
    void shouldGiveTheSameLifetimeViewWithOneOrTwoShardsAndAnySizeOfRing() throws IOException {
        final Path log = dir.resolve("gen.log");
        assertThat(CliRun.run("generate", "-d", log.toString(), "-l", "0", "--count", "30000", "--seed", "7",
                "--start", "2026-01-01T00:00:00Z", "--log-rate", "200").exitCode).isZero();

        final JsonNode one = CliRun.run("-s", log.toString(), "--once", "--shards", "1").last();
        final JsonNode two = CliRun.run("-s", log.toString(), "--once", "--shards", "2", "--ring-size", "64").last();

        assertThat(one.at("/windows/lifetime/hits").asLong()).isEqualTo(30_000);
        assertThat(two.at("/windows/lifetime")).isEqualTo(one.at("/windows/lifetime"));
        assertThat(two.at("/windows/2m")).isEqualTo(one.at("/windows/2m"));
        assertThat(two.get("lines")).isEqualTo(one.get("lines"));
    }

    @Test
    void shouldFireAndRecoverTheAlertAtTheLogTimeOfAGeneratedBurst() throws IOException {
        final Path log = dir.resolve("burst.log");
        // 20 lines per log second, and 4x that for the last 180 s of every 600 s: 00:07:00-00:10:00.
        assertThat(CliRun.run("generate", "-d", log.toString(), "-l", "0", "--count", "45600", "--seed", "3",
                "--start", "2026-01-01T00:00:00Z", "--log-rate", "20", "--burst", "600:180:4").exitCode).isZero();

        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--sink", "json");

        assertThat(run.exitCode).as(run.err).isZero();
        final List<JsonNode> alerts = run.jsonLines().stream().filter(n -> "alert".equals(n.get("type").asString()))
                .toList();
        final List<JsonNode> transitions = alerts.stream().filter(n -> !n.get("repeat").asBoolean()).toList();
        assertThat(transitions).extracting(n -> n.get("state").asString()).startsWith("on", "off");
        final Instant firedAt = Instant.parse(transitions.get(0).get("time").asString());
        final Instant resolvedAt = Instant.parse(transitions.get(1).get("time").asString());
        assertThat(firedAt).isBetween(Instant.parse("2026-01-01T00:07:00Z"), Instant.parse("2026-01-01T00:10:00Z"));
        assertThat(resolvedAt).isAfter(Instant.parse("2026-01-01T00:10:00Z"))
                .isBefore(Instant.parse("2026-01-01T00:12:30Z"));
        assertThat(transitions.get(0).get("message").asString())
                .startsWith("High traffic generated an alert - hits = ")
                .endsWith("triggered at " + firedAt);
        assertThat(transitions.get(1).get("message").asString())
                .isEqualTo("Alert Off - Traffic returned to normal at " + resolvedAt);
        // While on, the ON message repeats every 10 s (the default --alert-repeat).
        final long repeatsInFirstAlert = alerts.stream()
                .filter(n -> n.get("repeat").asBoolean())
                .filter(n -> Instant.parse(n.get("time").asString()).isBefore(resolvedAt))
                .count();
        assertThat(repeatsInFirstAlert).isEqualTo((resolvedAt.getEpochSecond() - firedAt.getEpochSecond() - 1) / 10);
    }
}
