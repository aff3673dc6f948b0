package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.hostOf;
import static dev.logmon.core.format.ParserTestSupport.sectionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.logmon.core.RealLogFiles.Tally;
import dev.logmon.core.RealLogFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parses the public logs under {@code shared/data/real}. The expected counts were found
 * independently of this parser, with a Python script reading the same rules as regular
 * expressions ({@code re} over the raw bytes: host {@code [A-Za-z0-9.\-_:%\[\]]{1,255}}, fields
 * split by runs of spaces, a timestamp accepted by {@code strptime("%d/%b/%Y:%H:%M:%S %z")},
 * quoted fields {@code "(?:[^"\\]|\\.)*?"(?= |$)}, three-digit status, size {@code \d{1,18}|-},
 * and for Combined two more quoted fields), and cross-checked by reading the fixture files.
 */
class RealLogsParsingTest {
    private static final String ELASTIC = "elastic_examples_apache_logs.log";
    private static final String DATABRICKS = "databricks_reference-apps_apache.access.log";
    private static final String NASA = "COM6012_NASA_Aug95_100.txt";

    /** file, format, lines, parsed (python: see the class comment). */
    static Stream<Arguments> wholeFiles() {
        return Stream.of(
                Arguments.of(ELASTIC, LogFormat.AUTO, 10_000, 10_000),
                Arguments.of(ELASTIC, LogFormat.COMMON, 10_000, 10_000),
                // Line 8899 has a user agent without its closing quote.
                Arguments.of(ELASTIC, LogFormat.COMBINED, 10_000, 9_999),
                Arguments.of(DATABRICKS, LogFormat.AUTO, 1_406, 1_406),
                Arguments.of(DATABRICKS, LogFormat.COMBINED, 1_406, 0),
                // 100 lines, the last without newline (wc -l says 99).
                Arguments.of(NASA, LogFormat.AUTO, 100, 100));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("wholeFiles")
    void shouldAccountForEveryLineOfARealLog(final String file, final LogFormat format, final int lines,
            final int parsed) {
        final Tally tally = RealLogFiles.parseAll(RealLogFiles.read(RealLogFiles.require(file)), format, false);

        assertThat(tally.lines).isEqualTo(lines);
        assertThat(tally.parsed).isEqualTo(parsed);
        assertThat(tally.parsed + tally.malformed).isEqualTo(tally.lines);
    }

    @Test
    void shouldReadCombinedAsCommonWhenTheUserAgentIsNotClosed() {
        final byte[] data = RealLogFiles.read(RealLogFiles.require(ELASTIC));

        final Tally combined = RealLogFiles.parseAll(data, LogFormat.COMBINED, false);
        assertThat(combined.reasons).containsExactly(entry(MalformedReason.TRUNCATED, 1));

        final LogEvent line8899 = RealLogFiles.parseLine(data, 8899, LogFormat.AUTO);
        assertThat(line8899.kind).isEqualTo(LogEvent.DATA);
        assertThat(hostOf(line8899)).isEqualTo("46.118.127.106");
        assertThat(line8899.second).isEqualTo(1_432_123_517L); // 20/May/2015:12:05:17 +0000
        assertThat(line8899.status).isEqualTo(200);
        assertThat(line8899.size).isEqualTo(235L);
        assertThat(sectionOf(line8899)).isEqualTo("/scripts");
    }

    @Test
    void shouldReadSpecificElasticLinesAsWritten() {
        final byte[] data = RealLogFiles.read(RealLogFiles.require(ELASTIC));

        final LogEvent first = RealLogFiles.parseLine(data, 1, LogFormat.COMBINED);
        assertThat(hostOf(first)).isEqualTo("83.149.9.216");
        assertThat(first.second).isEqualTo(1_431_857_103L); // 17/May/2015:10:05:03 +0000
        assertThat(first.status).isEqualTo(200);
        assertThat(first.size).isEqualTo(203_023L);
        assertThat(sectionOf(first)).isEqualTo("/presentations");

        final LogEvent dashSize = RealLogFiles.parseLine(data, 77, LogFormat.COMBINED);
        assertThat(hostOf(dashSize)).isEqualTo("218.30.103.62");
        assertThat(dashSize.size).isZero();
        assertThat(sectionOf(dashSize)).isEqualTo("/robots.txt");

        final LogEvent last = RealLogFiles.parseLine(data, 10_000, LogFormat.COMBINED);
        assertThat(hostOf(last)).isEqualTo("46.105.14.53");
        assertThat(last.second).isEqualTo(1_432_155_915L); // 20/May/2015:21:05:15 +0000
        assertThat(last.size).isEqualTo(14_872L);
        assertThat(sectionOf(last)).isEqualTo("/blog");
    }

    @Test
    void shouldReadCrlfCommonLinesWithHostNames() {
        final byte[] data = RealLogFiles.read(RealLogFiles.require(DATABRICKS));

        final LogEvent first = RealLogFiles.parseLine(data, 1, LogFormat.COMMON);
        assertThat(hostOf(first)).isEqualTo("64.242.88.10");
        assertThat(first.second).isEqualTo(1_078_704_349L); // 07/Mar/2004:16:05:49 -0800
        assertThat(first.status).isEqualTo(401);
        assertThat(first.size).isEqualTo(12_846L);
        assertThat(sectionOf(first)).isEqualTo("/twiki");

        final LogEvent named = RealLogFiles.parseLine(data, 28, LogFormat.COMMON);
        assertThat(hostOf(named)).isEqualTo("lordgun.org");
        assertThat(named.second).isEqualTo(1_078_707_713L); // 07/Mar/2004:17:01:53 -0800
        assertThat(named.size).isEqualTo(2_869L); // no stray \r in the number
        assertThat(sectionOf(named)).isEqualTo("/razor.html");
    }

    @Test
    void shouldReadTheLastLineWithoutNewline() {
        final byte[] data = RealLogFiles.read(RealLogFiles.require(NASA));
        assertThat(data[data.length - 1]).isNotEqualTo((byte) '\n');

        final LogEvent last = RealLogFiles.parseLine(data, 100, LogFormat.AUTO);

        assertThat(last.kind).isEqualTo(LogEvent.DATA);
        assertThat(hostOf(last)).isEqualTo("rpgopher.aist.go.jp");
        assertThat(last.second).isEqualTo(807_249_724L); // 01/Aug/1995:00:02:04 -0400
        assertThat(last.status).isEqualTo(304);
        assertThat(last.size).isZero();
        assertThat(sectionOf(last)).isEqualTo("/images");
    }

    /** fixture, non-comment lines, parsed (AUTO), empty lines (python: see the class comment). */
    static Stream<Arguments> fail2banFixtures() {
        return Stream.of(
                // 3 Combined hits; the vhost-first line has one field too many before the time.
                Arguments.of("apache-badbots", 7, 3, 3),
                // The only line has a timestamp without zone.
                Arguments.of("apache-pass", 1, 0, 0),
                // "" requests, an escaped binary probe, HELP, CONNECT: all real hits.
                Arguments.of("nginx-bad-request", 15, 8, 7),
                // Syslog lines and Apache lines with a GMT zone name.
                Arguments.of("sogo-auth", 16, 0, 1),
                // CRLF; Combined followed by Traefik's own fields; CR-only lines are empty.
                Arguments.of("traefik-auth", 13, 6, 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fail2banFixtures")
    void shouldSurviveHostileFixtureLines(final String fixture, final int lines, final int parsed, final int empty) {
        RealLogFiles.requireDir("fixtures/fail2ban");
        final byte[] data = RealLogFiles.read(RealLogFiles.require("fixtures/fail2ban/" + fixture));

        final Tally tally = RealLogFiles.parseAll(data, LogFormat.AUTO, true);

        assertThat(tally.lines).isEqualTo(lines);
        assertThat(tally.parsed).isEqualTo(parsed);
        assertThat(tally.parsed + tally.malformed).isEqualTo(tally.lines);
        assertThat(tally.reasons.getOrDefault(MalformedReason.EMPTY, 0)).isEqualTo(empty);
    }

    @Test
    void shouldGiveProbesAndBareWordsNoSection() {
        final byte[] data = RealLogFiles.read(RealLogFiles.require("fixtures/fail2ban/nginx-bad-request"));
        final AccessLogParser parser = new AccessLogParser(LogFormat.AUTO);
        final LogEvent event = new LogEvent();
        int withoutSection = 0;
        int start = 0;
        while (start < data.length) {
            int end = start;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            if (parser.parse(data, start, end - start, event) && event.sectionLength == 0) {
                withoutSection++;
            }
            start = end + 1;
        }
        // "" twice, the \x03 probe, HELP, batman, CONNECT 123.123.123.123 (read from the fixture).
        assertThat(withoutSection).isEqualTo(6);
    }
}
