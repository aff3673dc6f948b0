package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static dev.logmon.core.format.ParserTestSupport.hostOf;
import static dev.logmon.core.format.ParserTestSupport.reasonOf;
import static dev.logmon.core.format.ParserTestSupport.sectionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AccessLogParserTest {
    private static final String TIME = "[10/Oct/2000:13:55:36 -0700]";
    private static final long TIME_SECOND = 971_211_336L;
    private static final String PREFIX = "127.0.0.1 - frank " + TIME + " ";
    private static final String UA = "\"Mozilla/4.08 [en] (Win98; I ;Nav)\"";

    private static final LogFormat AUTO = LogFormat.AUTO;
    private static final LogFormat COMMON = LogFormat.COMMON;
    private static final LogFormat COMBINED = LogFormat.COMBINED;

    /** description, format, line, host, second, status, size, section ("" = none). */
    static Stream<Arguments> validLines() {
        return Stream.of(
                ok("the classic Common example", COMMON,
                        PREFIX + "\"GET /apache_pb.gif HTTP/1.0\" 200 2326",
                        "127.0.0.1", TIME_SECOND, 200, 2326, "/apache_pb.gif"),
                ok("the classic Combined example, brackets in the agent", COMBINED,
                        PREFIX + "\"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" " + UA,
                        "127.0.0.1", TIME_SECOND, 200, 2326, "/apache_pb.gif"),
                ok("Combined in AUTO", AUTO,
                        PREFIX + "\"GET /pages/create HTTP/1.1\" 201 12 \"-\" " + UA,
                        "127.0.0.1", TIME_SECOND, 201, 12, "/pages"),
                ok("escaped quotes and brackets in referer and agent", COMBINED,
                        PREFIX + "\"GET /a HTTP/1.1\" 200 1 \"http://x/?q=\\\"]x[\\\"\" \"Agent \\\"quoted\\\" [x] ][\"",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/a"),
                ok("an escaped quote and a bracket in the request", COMMON,
                        PREFIX + "\"GET /a\\\"b]/c HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/a\\\"b]"),
                ok("an escaped backslash before the closing quote", COMMON,
                        PREFIX + "\"GET /a\\\\\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/a\\\\"),
                ok("Combined with extra fields after the agent (nginx, Traefik)", COMBINED,
                        PREFIX + "\"GET /d/ HTTP/2.0\" 401 17 \"-\" \"curl\" 72 \"Auth\" \"/d/\" 0ms",
                        "127.0.0.1", TIME_SECOND, 401, 17, "/d"),
                ok("an agent without its closing quote in AUTO falls back to Common", AUTO,
                        PREFIX + "\"GET /x.py HTTP/1.1\" 200 235 \"-\" \"Mozilla/5.0 (compatible; Googlebot/2.1",
                        "127.0.0.1", TIME_SECOND, 200, 235, "/x.py"),
                ok("Common ignores anything after the size", COMMON,
                        PREFIX + "\"GET / HTTP/1.1\" 200 5 garbage \"unclosed",
                        "127.0.0.1", TIME_SECOND, 200, 5, "/"),
                ok("a CRLF line", AUTO,
                        PREFIX + "\"GET /a HTTP/1.1\" 200 5\r",
                        "127.0.0.1", TIME_SECOND, 200, 5, "/a"),
                ok("a dash size is zero bytes", AUTO,
                        PREFIX + "\"GET /a HTTP/1.1\" 304 -",
                        "127.0.0.1", TIME_SECOND, 304, 0, "/a"),
                ok("eighteen-digit size", AUTO,
                        PREFIX + "\"GET /a HTTP/1.1\" 200 999999999999999999",
                        "127.0.0.1", TIME_SECOND, 200, 999_999_999_999_999_999L, "/a"),
                ok("status 000", AUTO, PREFIX + "\"GET /a HTTP/1.1\" 000 0",
                        "127.0.0.1", TIME_SECOND, 0, 0, "/a"),
                ok("status 999", AUTO, PREFIX + "\"GET /a HTTP/1.1\" 999 0",
                        "127.0.0.1", TIME_SECOND, 999, 0, "/a"),
                ok("runs of spaces between fields", AUTO,
                        "127.0.0.1  -   frank  " + TIME + "   \"GET   /a/b   HTTP/1.1\"  200   5",
                        "127.0.0.1", TIME_SECOND, 200, 5, "/a"),
                // Hosts
                ok("an IPv6 host", AUTO, "2001:db8::1 - - " + TIME + " \"GET /a HTTP/1.1\" 200 1",
                        "2001:db8::1", TIME_SECOND, 200, 1, "/a"),
                ok("the IPv6 loopback", AUTO, "::1 - - " + TIME + " \"GET /a HTTP/1.1\" 200 1",
                        "::1", TIME_SECOND, 200, 1, "/a"),
                ok("a bracketed IPv6 host with a zone", AUTO, "[fe80::1%eth0] - - " + TIME + " \"GET /a HTTP/1.1\" 200 1",
                        "[fe80::1%eth0]", TIME_SECOND, 200, 1, "/a"),
                ok("a host name", AUTO, "Www-1.example_host.COM - - " + TIME + " \"GET /a HTTP/1.1\" 200 1",
                        "Www-1.example_host.COM", TIME_SECOND, 200, 1, "/a"),
                ok("a host of exactly MAX_HOST bytes", AUTO, "h".repeat(LogEvent.MAX_HOST) + " - - " + TIME + " \"GET /a\" 200 1",
                        "h".repeat(LogEvent.MAX_HOST), TIME_SECOND, 200, 1, "/a"),
                // Sections
                ok("the root path", AUTO, PREFIX + "\"GET / HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/"),
                ok("a file at the root", AUTO, PREFIX + "\"GET /favicon.ico HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/favicon.ico"),
                ok("a query string holding a slash", AUTO, PREFIX + "\"GET /a?x=/y HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/a"),
                ok("a fragment", AUTO, PREFIX + "\"GET /a#frag/x HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/a"),
                ok("a query on the root", AUTO, PREFIX + "\"GET /?x=/y HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/"),
                ok("a double slash: one slash, as servers resolve it (issue 16)", AUTO,
                        PREFIX + "\"GET //admin/pma/setup.php HTTP/1.1\" 400 1",
                        "127.0.0.1", TIME_SECOND, 400, 1, "/admin"),
                ok("a request without protocol", AUTO, PREFIX + "\"GET /a/b\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/a"),
                ok("an absolute-form target", AUTO, PREFIX + "\"GET http://host/a/b HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/a"),
                ok("an absolute-form https target in upper case with a port", AUTO,
                        PREFIX + "\"GET HTTPS://Host:8443/x?y=/z HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/x"),
                ok("an absolute-form target without a path", AUTO, PREFIX + "\"GET http://host HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/"),
                ok("an absolute-form target with only a query", AUTO, PREFIX + "\"GET http://host?q=/a HTTP/1.1\" 200 1",
                        "127.0.0.1", TIME_SECOND, 200, 1, "/"),
                ok("a dash request", AUTO, PREFIX + "\"-\" 408 0",
                        "127.0.0.1", TIME_SECOND, 408, 0, ""),
                ok("an empty request", AUTO, PREFIX + "\"\" 400 47 \"-\" \"-\" \"-\"",
                        "127.0.0.1", TIME_SECOND, 400, 47, ""),
                ok("an escaped binary probe", AUTO, PREFIX + "\"\\x16\\x03\\x01\\x02\\x00\\x01\" 400 166",
                        "127.0.0.1", TIME_SECOND, 400, 166, ""),
                ok("raw binary bytes", AUTO, PREFIX + "\"\u0016\u0003\u0001\u00ff \u00fe\" 400 166",
                        "127.0.0.1", TIME_SECOND, 400, 166, ""),
                ok("CONNECT", AUTO, PREFIX + "\"CONNECT host:443 HTTP/1.1\" 200 0",
                        "127.0.0.1", TIME_SECOND, 200, 0, ""),
                ok("OPTIONS *", AUTO, PREFIX + "\"OPTIONS * HTTP/1.1\" 200 0",
                        "127.0.0.1", TIME_SECOND, 200, 0, ""),
                ok("a bare word", AUTO, PREFIX + "\"HELP\" 400 47",
                        "127.0.0.1", TIME_SECOND, 400, 47, ""),
                ok("a non-http scheme", AUTO, PREFIX + "\"GET ftp://host/a HTTP/1.1\" 400 47",
                        "127.0.0.1", TIME_SECOND, 400, 47, ""),
                // Time
                ok("UTC", AUTO, "h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 1_431_857_103L, 200, 1, "/"),
                ok("the epoch", AUTO, "h - - [01/Jan/1970:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 0L, 200, 1, "/"),
                ok("a leap day in a year divisible by 400", AUTO, "h - - [29/Feb/2000:12:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 951_825_600L, 200, 1, "/"),
                ok("a leap day at the end of the day east of UTC", AUTO,
                        "h - - [29/Feb/2024:23:59:59 +1400] \"GET / HTTP/1.1\" 200 1",
                        "h", 1_709_200_799L, 200, 1, "/"),
                ok("the last second of a year", AUTO, "h - - [31/Dec/1999:23:59:59 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 946_684_799L, 200, 1, "/"),
                ok("the first second of a year", AUTO, "h - - [01/Jan/2000:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 946_684_800L, 200, 1, "/"),
                ok("the first of March in a leap year", AUTO, "h - - [01/Mar/2000:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 951_868_800L, 200, 1, "/"),
                ok("the end of February in a century year west of UTC", AUTO,
                        "h - - [28/Feb/2100:00:00:00 -1200] \"GET / HTTP/1.1\" 200 1",
                        "h", 4_107_499_200L, 200, 1, "/"),
                ok("a half-hour zone", AUTO, "h - - [31/Jan/2021:18:30:00 +0530] \"GET / HTTP/1.1\" 200 1",
                        "h", 1_612_098_000L, 200, 1, "/"),
                ok("the end of a 30-day month", AUTO, "h - - [30/Apr/2023:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 1_682_812_800L, 200, 1, "/"),
                ok("the first of the next month", AUTO, "h - - [01/May/2023:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 1_682_899_200L, 200, 1, "/"),
                ok("the last second of year 9999", AUTO, "h - - [31/Dec/9999:23:59:59 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", 253_402_300_799L, 200, 1, "/"),
                ok("year 1", AUTO, "h - - [01/Jan/0001:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
                        "h", -62_135_596_800L, 200, 1, "/"));
    }

    /** description, format, line, reason. */
    static Stream<Arguments> malformedLines() {
        final String request = "\"GET /a HTTP/1.1\"";
        return Stream.of(
                bad("an empty line", AUTO, "", MalformedReason.EMPTY),
                bad("a lone carriage return", AUTO, "\r", MalformedReason.EMPTY),
                bad("a leading space (empty host)", AUTO, " " + PREFIX + request + " 200 1", MalformedReason.BAD_HOST),
                bad("a slash in the host", AUTO, "a/b - - " + TIME + " " + request + " 200 1", MalformedReason.BAD_HOST),
                bad("a comma in the host", AUTO, "1.2.3.4,5.6.7.8 - - " + TIME + " " + request + " 200 1",
                        MalformedReason.BAD_HOST),
                bad("a non-ASCII host", AUTO, "h\u00e9 - - " + TIME + " " + request + " 200 1", MalformedReason.BAD_HOST),
                bad("a NUL in the host", AUTO, "h\u0000 - - " + TIME + " " + request + " 200 1", MalformedReason.BAD_HOST),
                bad("a host longer than MAX_HOST", AUTO,
                        "h".repeat(LogEvent.MAX_HOST + 1) + " - - " + TIME + " " + request + " 200 1", MalformedReason.BAD_HOST),
                bad("a fixture comment", AUTO, "# failJSON: { \"match\": false }", MalformedReason.BAD_HOST),
                bad("a timestamp without zone", AUTO,
                        "192.0.2.12 - user1 [27/Jun/2013:11:55:44] " + request + " 200 266", MalformedReason.BAD_TIMESTAMP),
                bad("a timestamp without zone at the end of the line", AUTO,
                        "192.0.2.12 - user1 [27/Jun/2013:11:55:44]", MalformedReason.BAD_TIMESTAMP),
                bad("a named zone", AUTO, "h - - [24/Mar/2013:08:58:32 GMT] " + request + " 403 34",
                        MalformedReason.BAD_TIMESTAMP),
                bad("a lower-case month", AUTO, "h - - [10/oct/2000:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("an unknown month", AUTO, "h - - [10/Foo/2000:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("day zero", AUTO, "h - - [00/Oct/2000:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("day 32", AUTO, "h - - [32/Oct/2000:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("April 31", AUTO, "h - - [31/Apr/2000:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("February 30 of a leap year", AUTO, "h - - [30/Feb/2000:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("February 29 of a common year", AUTO, "h - - [29/Feb/2023:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("February 29 of a century that is not a leap year", AUTO,
                        "h - - [29/Feb/1900:13:55:36 -0700] " + request + " 200 1", MalformedReason.BAD_TIMESTAMP),
                bad("hour 24", AUTO, "h - - [10/Oct/2000:24:00:00 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("minute 60", AUTO, "h - - [10/Oct/2000:13:60:00 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("second 60", AUTO, "h - - [10/Oct/2000:13:55:60 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("a zone of 24 hours", AUTO, "h - - [10/Oct/2000:13:55:36 +2400] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("a zone of 60 minutes", AUTO, "h - - [10/Oct/2000:13:55:36 +0060] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("a zone without sign", AUTO, "h - - [10/Oct/2000:13:55:36 00000] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("a letter in the year", AUTO, "h - - [10/Oct/20O0:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("a two-digit year", AUTO, "h - - [10/Oct/00:13:55:36 -0700] " + request + " 200 1",
                        MalformedReason.BAD_TIMESTAMP),
                bad("a virtual host before the client (one field too many)", AUTO,
                        "www.sitename.com 192.0.2.222 - - " + TIME + " " + request + " 403 332", MalformedReason.BAD_TIMESTAMP),
                bad("a syslog line", AUTO, "Mar 24 08:58:32 sogod [26818]: SOGoRootPage Login", MalformedReason.BAD_TIMESTAMP),
                bad("only a host", AUTO, "127.0.0.1", MalformedReason.TRUNCATED),
                bad("host, ident and user", AUTO, "127.0.0.1 - frank ", MalformedReason.TRUNCATED),
                bad("a line cut inside the timestamp", AUTO, "127.0.0.1 - frank [10/Oct/2000:13:5", MalformedReason.TRUNCATED),
                bad("a line cut after the timestamp", AUTO, PREFIX, MalformedReason.TRUNCATED),
                bad("a line cut after the request", AUTO, PREFIX + request, MalformedReason.TRUNCATED),
                bad("a line cut after the status", AUTO, PREFIX + request + " 200 ", MalformedReason.TRUNCATED),
                bad("Combined without referer and agent", COMBINED, PREFIX + request + " 200 1", MalformedReason.TRUNCATED),
                bad("Combined with only a referer", COMBINED, PREFIX + request + " 200 1 \"-\"", MalformedReason.TRUNCATED),
                bad("Combined with an unclosed agent", COMBINED, PREFIX + request + " 200 1 \"-\" \"Mozilla/5.0 (compat",
                        MalformedReason.TRUNCATED),
                bad("an unterminated request", AUTO, PREFIX + "\"GET /a HTTP/1.1 200 1", MalformedReason.BAD_REQUEST),
                bad("an unquoted request", AUTO, PREFIX + "GET /a HTTP/1.1 200 1", MalformedReason.BAD_REQUEST),
                bad("a request whose only quote is escaped", AUTO, PREFIX + "\"GET /a\\\" 200 1", MalformedReason.BAD_REQUEST),
                bad("a two-digit status", AUTO, PREFIX + request + " 20 1", MalformedReason.BAD_STATUS),
                bad("a four-digit status", AUTO, PREFIX + request + " 2000 1", MalformedReason.BAD_STATUS),
                bad("a letter in the status", AUTO, PREFIX + request + " 2x0 1", MalformedReason.BAD_STATUS),
                bad("a dash status", AUTO, PREFIX + request + " - 1", MalformedReason.BAD_STATUS),
                bad("a letter in the size", AUTO, PREFIX + request + " 200 12a", MalformedReason.BAD_SIZE),
                bad("a negative size", AUTO, PREFIX + request + " 200 -5", MalformedReason.BAD_SIZE),
                bad("a fractional size", AUTO, PREFIX + request + " 200 1.5", MalformedReason.BAD_SIZE),
                bad("a nineteen-digit size", AUTO, PREFIX + request + " 200 1234567890123456789", MalformedReason.BAD_SIZE),
                bad("a size glued to a referer", AUTO, PREFIX + request + " 200 1\"-\" \"-\"", MalformedReason.BAD_SIZE),
                bad("Combined with an unquoted referer", COMBINED, PREFIX + request + " 200 1 - \"ua\"", MalformedReason.BAD_FORMAT),
                bad("Combined with an unquoted agent", COMBINED, PREFIX + request + " 200 1 \"-\" curl/8", MalformedReason.BAD_FORMAT));
    }

    private static Arguments ok(final String description, final LogFormat format, final String line, final String host,
            final long second, final int status, final long size, final String section) {
        return arguments(description, format, line, host, second, status, size, section);
    }

    private static Arguments bad(final String description, final LogFormat format, final String line,
            final MalformedReason reason) {
        return arguments(description, format, line, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validLines")
    void shouldParseTrickyValidLine(final String description, final LogFormat format, final String line, final String host,
            final long second, final int status, final long size, final String section) {
        final LogEvent event = new LogEvent();
        final byte[] bytes = ascii(line);

        final boolean parsed = new AccessLogParser(format).parse(bytes, 0, bytes.length, event);

        assertThat(parsed).as(description).isTrue();
        assertThat(event.kind).isEqualTo(LogEvent.DATA);
        assertThat(hostOf(event)).isEqualTo(host);
        assertThat(event.second).isEqualTo(second);
        assertThat(event.status).isEqualTo(status);
        assertThat(event.size).isEqualTo(size);
        assertThat(sectionOf(event)).isEqualTo(section);
        assertThat(event.hostHash).isEqualTo(ByteHash.hash(event.host, 0, event.hostLength));
        assertThat(event.sectionHash).isEqualTo(ByteHash.hash(event.section, 0, event.sectionLength));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLines")
    void shouldCountMalformedLineWithReason(final String description, final LogFormat format, final String line,
            final MalformedReason reason) {
        final LogEvent event = new LogEvent();
        final byte[] bytes = ascii(line);

        final boolean parsed = new AccessLogParser(format).parse(bytes, 0, bytes.length, event);

        assertThat(parsed).as(description).isFalse();
        assertThat(event.kind).isEqualTo(LogEvent.MALFORMED);
        assertThat(reasonOf(event)).isEqualTo(reason);
    }

    @Test
    void shouldCoverEveryReasonTheParserCanGiveInTheTable() {
        // TOO_LONG belongs to the line reader, which skips an over-long line before any parse.
        final Set<MalformedReason> covered = malformedLines()
                .map(a -> (MalformedReason) a.get()[3])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MalformedReason.class)));
        final Set<MalformedReason> expected = EnumSet.allOf(MalformedReason.class);
        expected.remove(MalformedReason.TOO_LONG);
        // BAD_LATENCY is kept for old history files only: an unreadable time leaves the hit without one.
        expected.remove(MalformedReason.BAD_LATENCY);
        // COMMENT belongs to formats with header lines (W3C's #Fields:).
        expected.remove(MalformedReason.COMMENT);
        // NOT_JSON and NO_FIELD belong to the Kafka source's JSON envelopes (fleet), before any parse.
        expected.remove(MalformedReason.NOT_JSON);
        expected.remove(MalformedReason.NO_FIELD);
        assertThat(covered).isEqualTo(expected);
    }

    @Test
    void shouldCountUnterminatedRequestAsBadRequest() {
        final byte[] line = ascii(PREFIX + "\"GET /a HTTP/1.1 200 1 \"-");
        final LogEvent event = new LogEvent();

        assertThat(new AccessLogParser(LogFormat.COMMON).parse(line, 0, line.length, event)).isFalse();
        // The quote before "-" closes nothing: it is followed by a byte, not a space or the end.
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.BAD_REQUEST);
    }

    @Test
    void shouldParseOnlyTheGivenRangeOfALargerBuffer() {
        final String first = PREFIX + "\"GET /first/x HTTP/1.1\" 200 1";
        final String second = "::1 - - [01/Jan/1970:00:00:01 +0000] \"GET /second HTTP/1.1\" 404 2";
        final byte[] buf = ascii(first + "\n" + second + "\nrubbish");
        final LogEvent event = new LogEvent();
        final AccessLogParser parser = new AccessLogParser(LogFormat.AUTO);

        assertThat(parser.parse(buf, first.length() + 1, second.length(), event)).isTrue();

        assertThat(hostOf(event)).isEqualTo("::1");
        assertThat(event.second).isEqualTo(1L);
        assertThat(sectionOf(event)).isEqualTo("/second");
        assertThat(event.size).isEqualTo(2L);
    }

    @Test
    void shouldSetEveryDataFieldWhenASlotIsReused() {
        final AccessLogParser parser = new AccessLogParser(LogFormat.AUTO);
        final LogEvent event = new LogEvent();
        final byte[] longLine = ascii("a-long-host-name.example " + "- - " + TIME + " \"GET /a-long-section/x\" 500 99");
        final byte[] bad = ascii("bad");
        final byte[] shortLine = ascii("h - - " + TIME + " \"-\" 200 -");

        assertThat(parser.parse(longLine, 0, longLine.length, event)).isTrue();
        assertThat(parser.parse(bad, 0, bad.length, event)).isFalse();
        assertThat(parser.parse(shortLine, 0, shortLine.length, event)).isTrue();

        assertThat(event.kind).isEqualTo(LogEvent.DATA);
        assertThat(hostOf(event)).isEqualTo("h");
        assertThat(event.hostHash).isEqualTo(ByteHash.hash(ascii("h"), 0, 1));
        assertThat(event.sectionLength).isZero();
        assertThat(event.sectionHash).isEqualTo(ByteHash.hash(new byte[0], 0, 0));
        assertThat(event.status).isEqualTo(200);
        assertThat(event.size).isZero();
    }

    @Test
    void shouldCutALongSectionButHashAllOfIt() {
        final String section = "/" + "s".repeat(LogEvent.MAX_SECTION + 100);
        final byte[] line = ascii(PREFIX + "\"GET " + section + "/rest?q HTTP/1.1\" 200 1");
        final LogEvent event = new LogEvent();

        assertThat(new AccessLogParser(LogFormat.AUTO).parse(line, 0, line.length, event)).isTrue();

        assertThat(event.sectionLength).isEqualTo(LogEvent.MAX_SECTION);
        assertThat(sectionOf(event)).isEqualTo(section.substring(0, LogEvent.MAX_SECTION));
        final byte[] whole = ascii(section);
        assertThat(event.sectionHash).isEqualTo(ByteHash.hash(whole, 0, whole.length));
    }

    @Test
    void shouldKeepASectionOfExactlyMaxSectionBytesWhole() {
        final String section = "/" + "s".repeat(LogEvent.MAX_SECTION - 1);
        final byte[] line = ascii(PREFIX + "\"GET " + section + " HTTP/1.1\" 200 1");
        final LogEvent event = new LogEvent();

        assertThat(new AccessLogParser(LogFormat.AUTO).parse(line, 0, line.length, event)).isTrue();

        assertThat(sectionOf(event)).isEqualTo(section);
        assertThat(event.sectionHash).isEqualTo(ByteHash.hash(event.section, 0, event.sectionLength));
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void shouldStripEveryTrailingCarriageReturn(final LogFormat format) {
        final byte[] line = ascii(PREFIX + "\"GET /a HTTP/1.1\" 200 7 \"-\" \"ua\"\r\r");
        final LogEvent event = new LogEvent();

        assertThat(new AccessLogParser(format).parse(line, 0, line.length, event)).isTrue();

        assertThat(event.size).isEqualTo(7L);
    }

    @Test
    void shouldNeverReadOutsideTheGivenRange() {
        final byte[] line = ascii(PREFIX + "\"GET /a HTTP/1.1\" 200 7 \"-\" \"ua\"");
        final int statusEnd = (PREFIX + "\"GET /a HTTP/1.1\" 200").length();
        final LogEvent event = new LogEvent();
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);

        for (int cut = 0; cut <= line.length; cut++) {
            final byte[] shifted = new byte[cut + 20];
            Arrays.fill(shifted, (byte) '"');
            System.arraycopy(line, 0, shifted, 5, cut);
            final boolean parsed = parser.parse(shifted, 5, cut, event);
            assertThat(parsed).as("cut at %d", cut).isEqualTo(cut == line.length);
        }
        assertThat(parser.parse(line, 0, statusEnd, event)).isFalse();
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.TRUNCATED);
    }
}
