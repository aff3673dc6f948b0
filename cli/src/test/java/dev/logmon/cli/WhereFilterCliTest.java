package dev.logmon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.logmon.core.time.Clock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --where} through the real command: a replay with a filter against a count made here by
 * a plain loop over the file (a regular expression, not logmon's parser), the filtered lines in
 * the snapshot, a filter from a config file, and a bad expression's exit code and message.
 */
@Timeout(120)
class WhereFilterCliTest {
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+) \\S+ \\S+ \\[[^\\]]+\\] \"(\\S+) (\\S+)[^\"]*\" (\\d{3}) (\\d+|-) \"[^\"]*\" \"([^\"]*)\"");

    @TempDir
    Path dir;

    /** One line as the independent reading sees it. */
    private record Hit(String host, String method, String target, int status, long size, String agent, int source) {
    }

    /** Hits and bytes of the lines that pass, by a plain loop. */
    private static long[] count(final List<Path> files, final Predicate<Hit> where) throws IOException {
        long hits = 0;
        long bytes = 0;
        long lines = 0;
        for (int s = 0; s < files.size(); s++) {
            for (final String raw : Files.readAllLines(files.get(s), StandardCharsets.ISO_8859_1)) {
                lines++;
                final Matcher m = LINE.matcher(raw);
                assertThat(m.find()).as(raw).isTrue();
                final Hit h = new Hit(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4)),
                        "-".equals(m.group(5)) ? 0 : Long.parseLong(m.group(5)), m.group(6), s);
                if (where.test(h)) {
                    hits++;
                    bytes += h.size;
                }
            }
        }
        return new long[] {lines, hits, bytes};
    }

    private Path generate(final String name, final int seed) {
        final Path log = dir.resolve(name);
        final CliRun gen = CliRun.run("generate", "-d", log.toString(), "-l", "0", "--count", "20000", "--seed",
                String.valueOf(seed), "--start", "2026-01-01T00:00:00Z", "--log-rate", "200");
        assertThat(gen.exitCode).as(gen.err).isZero();
        return log;
    }

    /** The first octet of an IPv4 address; 256 for a host that is none (a name is in no network). */
    private static int firstOctet(final String host) {
        return host.matches("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+") ? Integer.parseInt(host.substring(0, host.indexOf('.')))
                : 256;
    }

    private static void assertCounted(final CliRun run, final long[] expected) {
        assertThat(run.exitCode).as(run.err).isZero();
        assertCounted(run.last(), expected);
    }

    private static void assertCounted(final JsonNode last, final long[] expected) {
        assertThat(last.get("final").asBoolean()).isTrue();
        assertThat(expected[1]).as("the filter should keep some lines and leave out others")
                .isGreaterThan(0).isLessThan(expected[0]);
        assertThat(last.at("/lines/read").asLong()).isEqualTo(expected[0]);
        assertThat(last.at("/lines/parsed").asLong()).isEqualTo(expected[1]);
        assertThat(last.at("/lines/filtered").asLong()).isEqualTo(expected[0] - expected[1]);
        assertThat(last.at("/lines/malformed").asLong()).isZero();
        assertThat(last.at("/windows/lifetime/hits").asLong()).isEqualTo(expected[1]);
        assertThat(last.at("/windows/lifetime/bytes").asLong()).isEqualTo(expected[2]);
    }

    @Test
    void shouldCountOnlyTheLinesAFilterMatchesAsAPlainLoopDoes() throws IOException {
        final Path log = generate("gen.log", 11);
        final String where = "(status>=500 or status in (404,410) or method=POST) and not host=0.0.0.0/1 "
                + "and (agent~mozilla or path^=/api/)";
        final long[] expected = count(List.of(log), h -> (h.status >= 500 || h.status == 404 || h.status == 410
                || h.method.equals("POST")) && firstOctet(h.host) >= 128
                && (h.agent.toLowerCase(Locale.ROOT).contains("mozilla") || h.target.startsWith("/api/")));

        assertCounted(CliRun.run("-s", log.toString(), "--once", "--where", where), expected);
    }

    @Test
    void shouldFilterEveryLineAlsoWhenTwoShardsShareTheParsing() throws IOException {
        // with 2+ shards an unfiltered source hands lines to the shards unparsed; a filtered one
        // must still test every line (it parses its own), in log time and in arrival time
        final Path log = generate("gen.log", 12);
        final long[] expected = count(List.of(log), h -> h.status >= 400 || h.target.startsWith("/api/"));

        assertCounted(CliRun.run("-s", log.toString(), "--once", "--shards", "2", "--where", "status>=400 or path^=/api/"),
                expected);
        assertCounted(CliRun.run("-s", log.toString(), "--once", "--shards", "3", "--time", "arrival",
                "--where", "status>=400 or path^=/api/"), expected);
    }

    @Test
    void shouldRequireEveryRepeatedWhereAndFilterBySourceAcrossTwoFiles() throws IOException {
        final Path a = generate("a.access.log", 3);
        final Path b = generate("b.access.log", 4);
        final long[] expected = count(List.of(a, b), h -> h.source == 1 && h.status / 100 == 2);

        assertCounted(CliRun.run("-s", a.toString(), "-s", b.toString(), "--once", "--where", "source=b.*",
                "--where", "status=2xx"), expected);
    }

    @Test
    void shouldReadWhereFromAConfigFile() throws IOException {
        final Path log = generate("gen.log", 5);
        final Path config = dir.resolve("logmon.conf");
        Files.writeString(config, "# only errors of the API\nwhere = status=5xx\nwhere = section=/api\n");
        final long[] expected = count(List.of(log), h -> h.status / 100 == 5 && h.target.startsWith("/api")
                && (h.target.length() == 4 || "/?#".indexOf(h.target.charAt(4)) >= 0));

        // the config file is read by Main.run, as the launcher runs it
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Main.run(new String[] {"-s", log.toString(), "--once", "--sink", "json", "--config",
            config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.SYSTEM, InputStream.nullInputStream(),
                Map.of(), null);

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        final String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertCounted(CliRun.JSON.readTree(lines[lines.length - 1]), expected);
    }

    @Test
    void shouldCountTheBotsOfARealLog() throws IOException {
        final Path log = CliRun.realLog("elastic_examples_apache_logs.log");
        long bots = 0;
        for (final String raw : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            final Matcher m = LINE.matcher(raw);
            if (m.find() && m.group(6).toLowerCase(Locale.ROOT).contains("bot")) {
                bots++;
            }
        }

        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--where", "agent~BOT");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(bots).isPositive();
        assertThat(run.last().at("/lines/parsed").asLong()).isEqualTo(bots);
        assertThat(run.last().at("/lines/parsed").asLong() + run.last().at("/lines/filtered").asLong()
                + run.last().at("/lines/malformed").asLong()).isEqualTo(run.last().at("/lines/read").asLong());
    }

    @Test
    void shouldExitTwoWithTheColumnOfABadExpression() throws IOException {
        final Path log = generate("gen.log", 1);

        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--where", "status>=500 and method=");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--where: expected a value after '=' at column 24: status>=500 and method=");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldNameWhichOfSeveralWhereIsBad() throws IOException {
        final Path log = generate("gen.log", 1);

        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--where", "status=5xx", "--where",
                "host=10.0.0.0/40");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--where (2nd): a network's prefix length is 0 to 32: '10.0.0.0/40' at column 15");
    }
}
