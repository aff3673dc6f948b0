package dev.logmon.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.RealLogFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetectingLineParserTest {

    /** What detection said, and what the chosen parser made of the lines. */
    private record Detected(String said, FormatSample sample) {
    }

    private static Detected detect(final byte[] data) {
        final ByteArrayOutputStream notices = new ByteArrayOutputStream();
        final LineParser p = LineFormat.parse("auto", null).newParser(false, "x.log",
                new PrintStream(notices, true, StandardCharsets.UTF_8));
        final FormatSample sample = FormatSample.of(data, p);
        return new Detected(notices.toString(StandardCharsets.UTF_8), sample);
    }

    @ParameterizedTest
    @CsvSource({
        "awsalb.log, awsalb, 1", "awselb.log, awselb, 1", "awss3.log, awss3, 1", "haproxy.log, syslog:haproxy, 1",
        "cloudfront.log, cloudfront, 1", "squid.log, squid, 1", "cloudstorage.log, cloudstorage, 1", "caddy.log, caddy, 1",
        // the third column is whether a line read carries a request time (what makes latency show):
        // lnav's W3C sample names time-taken but its one data line has none, and the Combined parser
        // reads the request time traefik appends after the agent
        "w3c-lnav.log, w3c, 0",
        // line 2 of Beats' traefik sample is no traefikclf line (broken quote) but is a Combined one
        "traefikclf.log, combined, 1"})
    void shouldDetectEachSampleAndSayWhichFormatItChose(final String file, final String format, final int latency) {
        final Detected d = detect(FormatSample.resource(file));
        assertThat(d.said().lines().filter(l -> l.contains("log format")).toList())
                .singleElement().asString().contains("x.log: log format " + format + " (detected");
        // request times show in snapshots once a counted line carries one
        assertThat(d.sample().withLatency > 0 ? 1 : 0).as("lines read with a request time: %s", d.sample())
                .isEqualTo(latency);
    }

    @ParameterizedTest
    @CsvSource({"peers/netdata/u_ex221107.log, w3c", "peers/netdata/full.log, vcommon",
        "peers/beats/apache-test.log, combined", "peers/beats/nginx-access.log, combined",
        "elastic_examples_apache_logs.log, combined", "COM6012_NASA_Aug95_100.txt, combined"})
    void shouldDetectThePeersFixtures(final String file, final String format) {
        final String said = detect(RealLogFiles.read(RealLogFiles.require(file))).said();
        assertThat(said).contains("log format " + format + " (detected");
    }

    @Test
    void shouldCountACombinedOrCommonFileExactlyAsTheBuiltInParserDid() {
        // the default before detection was the built-in parser: a plain access log must read the same
        for (final String file : new String[] {"elastic_examples_apache_logs.log", "COM6012_NASA_Aug95_100.txt",
            "databricks_reference-apps_apache.access.log"}) {
            final byte[] data = RealLogFiles.read(RealLogFiles.require(file));
            final FormatSample auto = FormatSample.of(data, LineFormat.parse("auto", null).newParser(false, file,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
            final FormatSample builtIn = FormatSample.of(data, new AccessLogParser(LogFormat.AUTO));
            assertThat(auto.toString()).as(file).isEqualTo(builtIn.toString());
        }
    }

    @Test
    void shouldDecideAfterTheTrialLinesAndReadTheRestWithTheChosenFormatOnly() {
        final StringBuilder b = new StringBuilder();
        final String alb = new String(FormatSample.resource("awsalb.log"), StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            b.append(alb);
        }
        // after the trial (24 ALB lines), a Combined line is no ALB line: malformed, though Combined could read it
        b.append("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"\n");
        final ByteArrayOutputStream notices = new ByteArrayOutputStream();
        final LineParser p = LineFormat.parse("auto", null).newParser(false, "x.log",
                new PrintStream(notices, true, StandardCharsets.UTF_8));
        final FormatSample s = FormatSample.of(b.toString().getBytes(StandardCharsets.US_ASCII), p);
        assertThat(s.parsed).isEqualTo(24);
        assertThat(s.malformed).isEqualTo(java.util.Map.of(MalformedReason.BAD_TIMESTAMP, 1)); // "-" where ALB writes its time
        assertThat(s.noLatency).isEqualTo(3); // the one -1 line of each copy
        assertThat(notices.toString(StandardCharsets.UTF_8))
                .contains("log format awsalb (detected: " + DetectingLineParser.TRIAL_LINES + " of its first "
                        + DetectingLineParser.TRIAL_LINES + " lines)")
                .doesNotContain("malformed");
    }

    @Test
    void shouldReadTheTimeOfAFirstLineNoCandidateHasParsedYetSoThatSinceFiltersIt() {
        final LineParser p = LineFormat.parse("auto", null).newParser(false);
        final String[] lines = new String(FormatSample.resource("w3c-lnav.log"), StandardCharsets.ISO_8859_1).split("\n");
        final LogEvent event = new LogEvent();
        for (int i = 0; i < 4; i++) { // the directives: no time, then parsed (as comments)
            final byte[] b = lines[i].getBytes(StandardCharsets.ISO_8859_1);
            assertThat(p.lineSecond(b, 0, b.length)).isEqualTo(LineParser.UNKNOWN_SECOND);
            assertThat(p.parse(b, 0, b.length, event)).isFalse();
        }
        final byte[] data = lines[4].getBytes(StandardCharsets.ISO_8859_1);
        assertThat(p.lineSecond(data, 0, data.length)).isEqualTo(1_020_361_335L); // 2002-05-02 17:42:15 UTC
    }

    @Test
    void shouldHoldNoCandidateParserUntilItsFirstLineAndNoneAfterTheChoice() {
        final DetectingLineParser p = (DetectingLineParser) LineFormat.parse("auto", null).newParser(false);
        assertThat(p.candidatesHeld()).as("a source that has read nothing (a quiet followed file)").isZero();
        final byte[] line = "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\""
                .getBytes(StandardCharsets.US_ASCII);
        final LogEvent event = new LogEvent();
        assertThat(p.parse(line, 0, line.length, event)).isTrue();
        assertThat(p.candidatesHeld()).as("during the trial").isEqualTo(LineFormat.DETECTED.size());
        for (int i = 1; i < DetectingLineParser.TRIAL_LINES; i++) {
            assertThat(p.parse(line, 0, line.length, event)).isTrue();
        }
        assertThat(p.chosen()).isEqualTo("combined");
        assertThat(p.candidatesHeld()).as("after the choice").isZero();
    }

    @Test
    void shouldKeepEachSourcesTrialItsOwnWhenSourcesDetectInterleaved() {
        // the presets are compiled once for all sources; each source's candidates (and their state:
        // a W3C #Fields directive, syslog headers seen) must stay its own
        final String[] files = {"awsalb.log", "w3c-lnav.log", "haproxy.log", "caddy.log"};
        final String[] expected = {"awsalb", "w3c", "syslog:haproxy", "caddy"};
        final DetectingLineParser[] parsers = new DetectingLineParser[files.length];
        final String[][] lines = new String[files.length][];
        int most = 0;
        for (int f = 0; f < files.length; f++) {
            parsers[f] = (DetectingLineParser) LineFormat.parse("auto", null).newParser(false);
            lines[f] = new String(FormatSample.resource(files[f]), StandardCharsets.ISO_8859_1).split("\n");
            most = Math.max(most, lines[f].length);
        }
        final LogEvent event = new LogEvent();
        for (int i = 0; i < most; i++) {
            for (int f = 0; f < files.length; f++) {
                if (i < lines[f].length) {
                    final byte[] b = lines[f][i].getBytes(StandardCharsets.ISO_8859_1);
                    parsers[f].parse(b, 0, b.length, event);
                }
            }
        }
        for (int f = 0; f < files.length; f++) {
            parsers[f].sourceEnded();
            assertThat(parsers[f].chosen()).as(files[f]).isEqualTo(expected[f]);
        }
    }

    /** A candidate that parses every line; with {@code agent}, it notes the whole line as the user agent. */
    private static LineParser candidate(final boolean agent) {
        return new LineParser() {
            @Override
            public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
                if (agent) {
                    out.agentBytes = buf;
                    out.agentAt = offset;
                    out.agentLength = length;
                }
                out.kind = LogEvent.DATA;
                return true;
            }

            @Override
            public long lineSecond(final byte[] buf, final int offset, final int length) {
                return UNKNOWN_SECOND;
            }
        };
    }

    @Test
    void shouldLeaveNoRequestOrAgentOfAnotherCandidateOnTheLeadersLine() {
        // both parse every line; the tie goes to the first, whose format has no user agent
        final DetectingLineParser p = new DetectingLineParser(new String[] {"plain", "with-agent"},
                () -> new LineParser[] {candidate(false), candidate(true)}, 0, "a.log", null);
        final byte[] line = "a line from a bot".getBytes(StandardCharsets.US_ASCII);
        final LogEvent e = new LogEvent();
        e.clearRequest();

        assertThat(p.parse(line, 0, line.length, e)).isTrue();
        assertThat(e.agentBytes).as("the leader read no agent: the other candidate's must not stay").isNull();
    }
}
