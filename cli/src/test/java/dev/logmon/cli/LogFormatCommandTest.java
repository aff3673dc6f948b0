package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** {@code --log-format}, {@code --host-from}, {@code --since}/{@code --until} and .gz replays, through the command. */
@Timeout(60)
class LogFormatCommandTest {
    @TempDir
    Path dir;

    /** 600 lines over 10 minutes from 2026-01-01T00:00:00Z, nginx-timed, request time (i % 100) ms. */
    private static List<String> timedLines() {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            final int minute = i / 60;
            final int second = i % 60;
            lines.add(String.format(java.util.Locale.ROOT,
                    "10.0.%d.%d - - [01/Jan/2026:00:%02d:%02d +0000] \"GET /%s/%d HTTP/1.1\" %d %d \"-\" \"t\" 0.%03d",
                    i % 3, i % 7, minute, second, i % 2 == 0 ? "api" : "img", i, i % 10 == 0 ? 503 : 200, 100 + i,
                    i % 100));
        }
        return lines;
    }

    private Path write(final String name, final List<String> lines) throws IOException {
        final Path p = dir.resolve(name);
        Files.write(p, lines, StandardCharsets.US_ASCII);
        return p;
    }

    private Path gzip(final String name, final List<String> lines) throws IOException {
        final Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            for (final String l : lines) {
                out.write((l + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return p;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$remote_addr$status|'$remote_addr$status' at column 1",
        "%h %l %u %t \"%r\" %>s %b %Z|'%Z' at column 25",
        "%h %{%Y}t|'%{%Y}t' at column 4",
        "$remote_addr $request $status|'$request' at column 14",
        "nginx-main|'nginx-main'"})
    void shouldExitTwoNamingTheTokenOfAFormatThatCannotBeCompiled(final String format, final String token) {
        final CliRun run = CliRun.run("-s", "x.log", "--log-format", format);

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--log-format cannot be compiled").contains(token);
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldRefuseOptionsThatDoNotFitTheFormat() {
        final CliRun run = CliRun.run("-s", "x.log", "--format", "common", "--log-format", "combined");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("give --format or --log-format, not both");

        final CliRun xff = CliRun.run("-s", "x.log", "--log-format", "combined", "--host-from", "xff",
                "--since", "yesterday", "--json-fields", "host=a");
        assertThat(xff.exitCode).isEqualTo(2);
        assertThat(xff.err).contains("--host-from xff needs a format with X-Forwarded-For")
                .contains("--since not a time").contains("--json-fields needs --log-format json");

        final CliRun noTime = CliRun.run("-s", "x.log", "--once", "--log-format", "$remote_addr \"$request\" $status");
        assertThat(noTime.exitCode).isEqualTo(2);
        assertThat(noTime.err).contains("no time field");
    }

    @Test
    void shouldGiveResponseTimePercentilesInMillisecondsOverallAndPerSection() throws IOException {
        final Path log = write("timed.log", timedLines());

        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--log-format", "nginx-timed");

        assertThat(run.exitCode).as(run.err).isZero();
        final JsonNode life = run.last().at("/windows/lifetime");
        assertThat(life.at("/hits").asLong()).isEqualTo(600);
        final JsonNode latency = life.get("latency");
        assertThat(latency.get("count").asLong()).isEqualTo(600);
        assertThat(latency.get("p50").asDouble()).isBetween(49.0, 50.5);
        assertThat(latency.get("p90").asDouble()).isBetween(89.0, 90.5);
        assertThat(latency.get("p99").asDouble()).isBetween(98.0, 99.5);
        assertThat(latency.get("max").asDouble()).isBetween(99.0, 99.5);
        assertThat(latency.has("p99.9")).isTrue();
        // /api holds the even request times, 4xx/5xx shares per section: every 10th line is a 503, all even
        final JsonNode api = life.at("/sections/0");
        assertThat(api.get("section").asString()).isEqualTo("/api");
        assertThat(api.get("5xx").asLong()).isEqualTo(60);
        assertThat(api.get("5xxShare").asDouble()).isEqualTo(0.2);
        assertThat(api.at("/latency/count").asLong()).isEqualTo(300);
        assertThat(api.at("/latency/max").asDouble()).isBetween(98.0 * 0.94, 98.0 * 1.07);
        assertThat(run.last().at("/windows/10s/latency/count").asLong()).isEqualTo(10);
    }

    @Test
    void shouldLeaveLatencyOutOfFormatsWithoutARequestTime() throws IOException {
        final Path log = write("plain.log", timedLines().stream().map(l -> l.substring(0, l.lastIndexOf(' '))).toList());

        final JsonNode last = CliRun.run("-s", log.toString(), "--once", "--format", "combined").last();

        assertThat(last.at("/windows/lifetime/hits").asLong()).isEqualTo(600);
        assertThat(last.at("/windows/lifetime").has("latency")).isFalse();
        assertThat(last.at("/windows/lifetime/sections/0").has("latency")).isFalse();
    }

    @Test
    void shouldReplayAGzipFileAsItsPlainText() throws IOException {
        final Path plain = write("a.log", timedLines());
        final Path gz = gzip("a.log.1.gz", timedLines());

        final CliRun fromGz = CliRun.run("-s", gz.toString(), "--from-start", "--once", "--log-format", "nginx-timed");
        final CliRun fromPlain = CliRun.run("-s", plain.toString(), "--once", "--log-format", "nginx-timed");

        assertThat(fromGz.exitCode).as(fromGz.err).isZero();
        // every count the same; only the per-source rows' names differ (each names its own file)
        assertThat(fromGz.last().at("/windows/lifetime/sources/0/source").asString()).isEqualTo(gz.toString());
        assertThat(fromPlain.last().at("/windows/lifetime/sources/0/source").asString()).isEqualTo(plain.toString());
        assertThat(withoutSourceNames(fromGz.last().get("windows")))
                .isEqualTo(withoutSourceNames(fromPlain.last().get("windows")));
        assertThat(fromGz.last().get("lines")).isEqualTo(fromPlain.last().get("lines"));
    }

    /** A copy of the windows with the per-source rows' {@code source} names left out. */
    private static JsonNode withoutSourceNames(final JsonNode windows) {
        final JsonNode copy = windows.deepCopy();
        for (final JsonNode w : copy) {
            for (final JsonNode row : w.get("sources")) {
                ((tools.jackson.databind.node.ObjectNode) row).remove("source");
            }
        }
        return copy;
    }

    @Test
    void shouldCountTheLinesBeforeTheTruncatedTailOfAGzipAndSaySoOnce() throws IOException {
        final List<String> lines = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            lines.addAll(timedLines());
        }
        final Path whole = gzip("big.log.gz", lines);
        final byte[] bytes = Files.readAllBytes(whole);
        final Path cut = dir.resolve("cut.log.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));

        final CliRun run = CliRun.run("-s", cut.toString(), "--once", "--log-format", "nginx-timed");

        assertThat(run.exitCode).as(run.err).isZero();
        final JsonNode counts = run.last().get("lines");
        assertThat(counts.get("read").asLong()).isBetween(1000L, (long) lines.size() - 1);
        assertThat(counts.get("malformed").asLong()).isZero();
        assertThat(counts.get("parsed").asLong()).isEqualTo(counts.get("read").asLong());
        assertThat(run.err.lines().filter(l -> l.contains("compressed data ends early")).count()).isEqualTo(1);
        assertThat(run.err).contains("cut.log.gz").contains(counts.get("read").asLong() + " lines");
    }

    @Test
    void shouldCountLinesOutsideSinceAndUntilAsFiltered() throws IOException {
        final List<String> lines = new ArrayList<>(timedLines());
        lines.add(300, "garbage in the middle");
        final Path log = write("range.log", lines);

        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--log-format", "nginx-timed",
                "--since", "2026-01-01T00:02:00Z", "--until", "2026-01-01T00:05:00");

        assertThat(run.exitCode).as(run.err).isZero();
        final JsonNode counts = run.last().get("lines");
        assertThat(counts.get("parsed").asLong()).isEqualTo(180);
        assertThat(counts.get("filtered").asLong()).isEqualTo(420);
        assertThat(counts.get("malformed").asLong()).isEqualTo(1);
        assertThat(counts.get("read").asLong()).isEqualTo(601)
                .isEqualTo(counts.get("parsed").asLong() + counts.get("malformed").asLong()
                        + counts.get("filtered").asLong());
        assertThat(run.last().at("/windows/lifetime/hits").asLong()).isEqualTo(180);
        assertThat(run.last().at("/sources/0/linesRead").asLong()).isEqualTo(601);

        final JsonNode recent = CliRun.run("-s", log.toString(), "--once", "--log-format", "nginx-timed",
                "--since", "2h").last().get("lines");
        assertThat(recent.get("filtered").asLong()).isEqualTo(600);
    }

    @Test
    void shouldCountClientsFromXForwardedForWhenAsked() throws IOException {
        final String format = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                + "\"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\"";
        final Path log = write("xff.log", List.of(
                "10.0.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET / HTTP/1.1\" 200 10 \"-\" \"a\" \"203.0.113.5, 10.0.0.1\"",
                "10.0.0.1 - - [01/Jan/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 200 20 \"-\" \"a\" \"203.0.113.5\"",
                "10.0.0.1 - - [01/Jan/2026:00:00:02 +0000] \"GET / HTTP/1.1\" 200 40 \"-\" \"a\" \"-\""));

        final JsonNode hosts = CliRun.run("-s", log.toString(), "--once", "--log-format", format, "--host-from", "xff")
                .last().at("/windows/lifetime/hosts");

        assertThat(hosts.get(0).get("host").asString()).isEqualTo("10.0.0.1");
        assertThat(hosts.get(0).get("bytes").asLong()).isEqualTo(40);
        assertThat(hosts.get(1).get("host").asString()).isEqualTo("203.0.113.5");
        assertThat(hosts.get(1).get("hits").asLong()).isEqualTo(2);
    }

    @Test
    void shouldReadJsonLinesWithConfiguredFieldNames() throws IOException {
        final Path log = write("traefik.json", List.of(
                "{\"ClientHost\":\"192.0.2.1\",\"DownstreamStatus\":200,\"DownstreamContentSize\":5,"
                        + "\"Duration\":1500000,\"RequestPath\":\"/a/b\",\"StartUTC\":\"2026-01-01T00:00:00.5Z\"}",
                "{\"ClientHost\":\"192.0.2.1\",\"DownstreamStatus\":\"x\"}",
                "{\"ClientHost\":\"192.0.2.2\",\"DownstreamStatus\":404,\"DownstreamContentSize\":5,"
                        + "\"Duration\":3000000,\"RequestPath\":\"/a/c\",\"StartUTC\":\"2026-01-01T00:00:01Z\"}"));

        final JsonNode last = CliRun.run("-s", log.toString(), "--once", "--log-format", "json",
                "--json-fields", "time=StartUTC").last();

        assertThat(last.at("/lines/parsed").asLong()).isEqualTo(2);
        assertThat(last.at("/lines/malformedByReason/badStatus").asLong()).isEqualTo(1);
        assertThat(last.at("/windows/lifetime/sections/0/section").asString()).isEqualTo("/a");
        assertThat(last.at("/windows/lifetime/sections/0/4xx").asLong()).isEqualTo(1);
        assertThat(last.at("/windows/lifetime/latency/max").asDouble()).isBetween(2.98, 3.02);
    }
}
