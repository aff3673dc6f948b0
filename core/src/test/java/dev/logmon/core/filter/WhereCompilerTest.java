package dev.logmon.core.filter;

import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LineFormat;
import dev.logmon.core.format.LineParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code --where} grammar on lines parsed by the real parsers: every field and operator,
 * precedence, the edges of IPv4 and IPv6 networks, and each bad expression with its column.
 */
class WhereCompilerTest {
    private static final List<String> SOURCES = List.of("/var/log/nginx/access.log", "/var/log/nginx/api.access.log",
            "other.log");
    private static final String AGENT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private static LogEvent combined(final String host, final String request, final int status, final String agent,
                                     final int sourceId) {
        final String line = host + " - - [10/Oct/2026:13:55:36 +0000] \"" + request + "\" " + status
                + " 512 \"-\" \"" + agent + "\"";
        final LogEvent e = parse(new AccessLogParser(LogFormat.COMBINED), line);
        e.sourceId = sourceId;
        return e;
    }

    private static LogEvent parse(final LineParser parser, final String line) {
        final LogEvent e = new LogEvent();
        e.clearRequest();
        // padded on both sides: views must use their offsets, not assume the line starts at 0
        final byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(b, 2, b.length - 4, e)).as(line).isTrue();
        return e;
    }

    private static LogEvent line() {
        return combined("10.1.2.3", "GET /api/users?id=7 HTTP/1.1", 404, AGENT, 1);
    }

    private static boolean matches(final String expression, final LogEvent e) {
        try {
            return WhereCompiler.compile(expression, SOURCES).test(e);
        } catch (WhereException x) {
            throw new AssertionError(expression + ": " + x.getMessage(), x);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "status=404 | true", "status=200 | false", "status!=404 | false", "status!=200 | true",
        "status<404 | false", "status<405 | true", "status<=404 | true", "status<=403 | false",
        "status>404 | false", "status>403 | true", "status>=404 | true", "status>=405 | false",
        "status=4xx | true", "status=4XX | true", "status=5xx | false", "status!=5xx | true",
        "status in (500,502) | false", "status in ( 500 , 404 ) | true", "status in (2xx,4xx) | true",
        "method=GET | true", "method=get | true", "method=POST | false", "method!=POST | true",
        "method in (POST,GET) | true",
        "section=/api | true", "section=/API | false", "section=/ap | false", "section in (/x,/api) | true",
        "section!=/api | false",
        "path^=/api/ | true", "path^=/api/users?id=7 | true", "path^=/api/users?id=7& | false",
        "path^=/static/ | false", "path^=/api/users?id=7X | false",
        "host=10.1.2.3 | true", "host=10.1.2.4 | false", "host=10.0.0.0/8 | true", "host=10.1.2.0/24 | true",
        "host=11.0.0.0/8 | false", "host!=10.0.0.0/8 | false", "host in (192.168.0.0/16, 10.1.0.0/16) | true",
        "host=::ffff:10.1.2.3 | true", "host=::ffff:10.0.0.0/104 | true",
        "agent~googlebot | true", "agent~GOOGLEBOT | true", "agent~bingbot | false", "agent!~bot | false",
        "agent~\"compatible; Googlebot\" | true", "agent~\"(compatible;\" | true",
        "source=api.access.log | true", "source=/var/log/nginx/api.access.log | true", "source=access.log | false",
        "source=*.access.log | true", "source=/var/log/nginx/* | true", "source=other.log | false",
        "source in (other.log, api.access.log) | true", "source!=other.log | true",
        "STATUS=404 AND METHOD=GET | true", "Status=404 aNd Not method=GET | false",
    })
    void shouldEvaluateEveryFieldAndOperator(final String expression, final boolean expected) {
        assertThat(matches(expression, line())).as(expression).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // not > and > or: each pair of expressions differs only in where the parentheses would go
        "status=200 or status=404 and method=POST | false", // 200 or (404 and POST)
        "(status=200 or status=404) and method=POST | false",
        "status=404 or status=200 and method=POST | true", // 404 or (200 and POST)
        "(status=404 or status=200) and method=POST | false",
        "not status=404 or method=GET | true", // (not 404) or GET
        "not (status=404 or method=GET) | false",
        "not status=404 and method=GET | false", // (not 404) and GET
        "not not status=404 | true",
        "method=POST and status=404 or method=GET and status=404 | true",
        "method=POST and (status=404 or method=GET) and status=404 | false",
        "((((status=404)))) | true",
        "not(status=404) | false",
    })
    void shouldBindNotTighterThanAndTighterThanOr(final String expression, final boolean expected) {
        assertThat(matches(expression, line())).as(expression).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "10.255.255.255 | 10.0.0.0/8 | true", "11.0.0.0 | 10.0.0.0/8 | false", "9.255.255.255 | 10.0.0.0/8 | false",
        "10.0.0.0 | 10.0.0.0/8 | true", "1.2.3.4 | 0.0.0.0/0 | true", "192.168.1.1 | 192.168.1.1/32 | true",
        "192.168.1.2 | 192.168.1.1/32 | false", "192.168.1.2 | 192.168.1.3/31 | true",
        "192.168.1.4 | 192.168.1.3/31 | false", "172.16.0.1 | 172.16.0.0/12 | true", "172.32.0.1 | 172.16.0.0/12 | false",
        "255.255.255.255 | 255.255.255.255 | true",
        "2001:db8::1 | 2001:db8::/32 | true", "2001:db9::1 | 2001:db8::/32 | false",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff | 2001:db8::/32 | true",
        "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1 | true", "[2001:db8::1] | 2001:db8::1/128 | true",
        "2001:db8::2 | 2001:db8::1/128 | false", "fe80::1%eth0 | fe80::/10 | true", "febf::1 | fe80::/10 | true",
        "fec0::1 | fe80::/10 | false", "::1 | ::1 | true", "::2 | ::1 | false", ":: | ::/0 | true",
        "2001:db8:0:1:: | 2001:db8:0:1::/64 | true", "2001:db8:0:1:8000:: | 2001:db8:0:1::/65 | false",
        "2001:db8:0:1:7fff:: | 2001:db8:0:1::/65 | true",
        "2001:db8::1:0:0:1 | 2001:db8:0:0:1::/80 | true",
        "::ffff:10.9.8.7 | 10.0.0.0/8 | true", "10.9.8.7 | ::ffff:0:0/96 | true", "10.9.8.7 | ::/0 | true",
        "2001:db8::1 | 0.0.0.0/0 | false", "10.0.0.1 | 2001:db8::/32 | false",
        "crawler.example | 10.0.0.0/8 | false", "Crawler.Example | crawler.example | true",
        "crawler.example | crawler.exampl | false",
    })
    void shouldMatchHostsAgainstIpv4AndIpv6NetworksAtTheirEdges(final String host, final String network,
                                                                 final boolean expected) {
        final LogEvent e = combined(host, "GET / HTTP/1.1", 200, "-", 0);
        assertThat(matches("host=" + network, e)).as(host + " in " + network).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "'' | empty expression | 1",
        "'   ' | empty expression | 4",
        "status>=500 and method= | expected a value after '=' | 24",
        "status | expected an operator after 'status' | 7",
        "status= | expected a value after '=' | 8",
        "colour=red | unknown field 'colour' | 1",
        "status=404 and | expected a condition after 'and' | 15",
        "status=404 or | expected a condition after 'or' | 14",
        "not | expected a condition after 'not' | 4",
        "status=404 status=500 | expected 'and', 'or' or the end | 12",
        "(status=404 | expected ')' to close the '(' of column 1 | 12",
        "status=404) | unexpected ')' | 11",
        "() | expected a condition inside '()' | 2",
        "=404 | expected a field | 1",
        "status~404 | '~' does not apply to status | 7",
        "agent=bot | '=' does not apply to agent | 6",
        "path=/a | '=' does not apply to path | 5",
        "method^=G | '^=' does not apply to method | 7",
        "status=40 | a status is three digits (404) or a class (5xx): '40' | 8",
        "status=abc | a status is three digits | 8",
        "status>=5xx | a status class (5xx) takes =, != or in, not '>=' | 9",
        "status in 500 | expected '(' after 'in' | 11",
        "status in (500,) | expected a value in the list | 16",
        "status in (500 502) | expected ',' or ')' in the list | 16",
        "status in (500 | expected ',' or ')' in the list | 15",
        "section=api | a section starts with '/' | 9",
        "method=\"GET POST\" | a method is one word | 9",
        "method in (GET, \"PO ST\") | a method is one word | 18",
        "method=GÉT | a method is one word | 8",
        "host=10.0.0.0/33 | a network's prefix length is 0 to 32 | 15",
        "host=2001:db8::/129 | a network's prefix length is 0 to 128 | 17",
        "host=10.0.0.0/x | a network's prefix length | 15",
        "host=300.1.1.1 | not an IPv4 or IPv6 address or network | 6",
        "host=2001:db8:::1 | not an IPv4 or IPv6 address or network | 6",
        "host=1:2:3:4:5:6:7:8:9 | not an IPv4 or IPv6 address or network | 6",
        "host=name/8 | not an IPv4 or IPv6 address or network | 6",
        "agent~\"bot | unterminated quote | 7",
        "agent~\"\" | the quotes hold nothing | 7",
        "source=nginx.log | source 'nginx.log' is none of the sources given with -s | 8",
        "status=404 and (method=GET or) | expected a condition after 'or' | 30",
        "status=404 and) | expected a condition after 'and' | 15",
        "status=404 or not | expected a condition after 'not' | 18",
    })
    void shouldRejectABadExpressionWithItsColumn(final String expression, final String message, final int column) {
        assertThatThrownBy(() -> WhereCompiler.compile(expression, SOURCES))
                .isInstanceOf(WhereException.class)
                .hasMessageContaining(message)
                .hasMessageEndingWith(" at column " + column)
                .satisfies(x -> assertThat(((WhereException) x).column()).isEqualTo(column));
    }

    @Test
    void shouldCountColumnsInCharactersAndPointInsideQuotes() {
        // an emoji is two UTF-16 units but one character on the operator's screen
        assertThatThrownBy(() -> WhereCompiler.compile("agent~\"\ud83d\ude00\" and colour=red", SOURCES))
                .isInstanceOf(WhereException.class).hasMessageContaining("unknown field 'colour'")
                .satisfies(x -> assertThat(((WhereException) x).column()).isEqualTo(15));
        // the prefix length of a quoted network: the quote is not part of the value
        assertThatThrownBy(() -> WhereCompiler.compile("host=\"10.0.0.0/33\"", SOURCES))
                .isInstanceOf(WhereException.class).hasMessageContaining("prefix length is 0 to 32")
                .satisfies(x -> assertThat(((WhereException) x).column()).isEqualTo(16));
    }

    @Test
    void shouldTakeANoBreakSpaceAsASpace() {
        // pasted from a chat or a web page, an expression often holds U+00A0 where a space was
        final LogEvent e = line();
        assertThat(matches("status=4xx\u00a0and\u00a0method=GET", e)).isTrue();
        assertThat(matches("status in (500,\u00a0404)\u2003or host=10.0.0.0/8", e)).isTrue();
        assertThat(matches("not\u00a0method=GET", e)).isFalse();
    }

    @Test
    void shouldRequireEveryExpressionWhenSeveralAreGiven() throws WhereException {
        final LinePredicate both = WhereCompiler.compileAll(List.of("status=4xx", "method=POST"), SOURCES);
        final LinePredicate one = WhereCompiler.compileAll(List.of("status=4xx", "method=GET"), SOURCES);

        assertThat(both.test(line())).isFalse();
        assertThat(one.test(line())).isTrue();
        assertThat(WhereCompiler.compileAll(List.of(), SOURCES)).isNull();
    }

    @Test
    void shouldNotMatchFieldsTheFormatDoesNotHave() throws WhereException {
        // Common has no user agent; a target-only format ($request_uri) has no method
        final LogEvent common = parse(new AccessLogParser(LogFormat.COMMON),
                "10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"POST /login HTTP/1.1\" 200 5");
        final LogEvent uriOnly = parse(LineFormat.parse("$remote_addr [$time_local] $request_uri $status", null)
                .newParser(false), "10.0.0.1 [10/Oct/2026:13:55:36 +0000] /static/app.js 200");

        assertThat(matches("agent~mozilla", common)).isFalse();
        assertThat(matches("method=POST and path^=/login", common)).isTrue();
        assertThat(matches("method=GET", uriOnly)).isFalse();
        assertThat(matches("path^=/static/ and section=/static", uriOnly)).isTrue();
    }

    @Test
    void shouldLookForTheAgentOfALineTheAutoParserReadAsCommon() {
        final AccessLogParser auto = new AccessLogParser(LogFormat.AUTO);
        final String head = "10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5";

        assertThat(matches("agent~bot", parse(auto, head + " \"-\" \"SomeBot/1.0\""))).isTrue();
        assertThat(matches("agent~bot", parse(auto, head + " \"-\" \"Mozilla/5.0\""))).isFalse();
        assertThat(matches("agent~bot", parse(auto, head + " \"http://bot.example/\" \"Mozilla/5.0\""))).isFalse();
        assertThat(matches("agent~bot", parse(auto, head))).isFalse();
        assertThat(matches("agent~bot", parse(auto, head + " \"-\" \"unterminated bot"))).isFalse();
    }

    @Test
    void shouldReadTheRequestOfANginxFormatAndTheAgentOfItsCombinedFastPath() {
        final LineParser nginx = LineFormat.parse("$remote_addr - $remote_user [$time_local] \"$request\" $status "
                + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"", null).newParser(false);
        final LogEvent e = parse(nginx, "10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"DELETE /api/x HTTP/1.1\" 500 0 "
                + "\"-\" \"curl/8.5\"");

        assertThat(matches("method=DELETE and path^=/api/x and agent~CURL and status=5xx", e)).isTrue();
    }

    @Test
    void shouldReadTheAgentOfFormatsOffTheCombinedPath() {
        final LineParser nginx = LineFormat.parse("$remote_addr [$time_local] \"$request\" $status $body_bytes_sent "
                + "\"$http_user_agent\" \"$http_referer\"", null).newParser(false);
        final LineParser apache = LineFormat.parse("%h %t \"%r\" %>s %b \"%{User-Agent}i\"", null).newParser(false);
        final LineParser w3c = LineFormat.parse("w3c", null).newParser(false);
        final byte[] fields = "#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(User-Agent)".getBytes(
                StandardCharsets.US_ASCII);
        w3c.parse(fields, 0, fields.length, new LogEvent());

        final LogEvent a = parse(nginx, "10.0.0.1 [10/Oct/2026:13:55:36 +0000] \"GET /x HTTP/1.1\" 200 5 "
                + "\"Googlebot/2.1\" \"http://bot.example/\"");
        final LogEvent b = parse(nginx, "10.0.0.1 [10/Oct/2026:13:55:36 +0000] \"GET /x HTTP/1.1\" 200 5 "
                + "\"Mozilla/5.0\" \"http://bot.example/\"");
        final LogEvent c = parse(apache, "10.0.0.1 [10/Oct/2026:13:55:36 +0000] \"GET /x HTTP/1.1\" 200 5 \"curl/8\"");
        final LogEvent d = parse(w3c, "2026-10-10 13:55:36 10.0.0.1 GET /x 200 Mozilla/5.0+(compatible;+bingbot/2.0)");

        assertThat(matches("agent~googlebot", a)).isTrue();
        assertThat(matches("agent~bot", b)).as("the referer holds 'bot', the agent does not").isFalse();
        assertThat(matches("agent~CURL", c)).isTrue();
        assertThat(matches("agent~bingbot and path^=/x", d)).isTrue();
        assertThat(matches("method=GET", d)).as("a W3C method is a field of its own: not read yet").isFalse();
    }

    @Test
    void shouldNotReadTheRequestOfTheLineBeforeAfterTheSlotIsClearedForANewParse() {
        final LogEvent e = line();
        e.clearRequest();
        assertThat(matches("method=GET", e)).isFalse();
        assertThat(matches("agent~bot", e)).isFalse();
        assertThat(matches("path^=/", e)).isFalse();
    }

    @Test
    void shouldAllocateNothingPerLine() throws WhereException {
        final LinePredicate p = WhereCompiler.compile("(status>=500 or status in (404,410)) and not host=10.0.0.0/8 "
                + "and (agent~bot or method=POST or path^=/api/ or host=2001:db8::/32) and source=*.log "
                + "and section!=/health", SOURCES);
        final LogEvent[] lines = {line(), combined("2001:db8::7", "POST /x HTTP/1.1", 503, "curl", 2),
            combined("192.0.2.1", "GET /api/v1 HTTP/1.1", 410, "-", 0)};
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final long self = Thread.currentThread().getId();
        int matched = 0;
        for (int i = 0; i < 10_000; i++) { // warm up: the first calls may load classes
            matched += p.test(lines[i % lines.length]) ? 1 : 0;
        }
        final long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < 300_000; i++) {
            matched += p.test(lines[i % lines.length]) ? 1 : 0;
        }
        final long allocated = threads.getThreadAllocatedBytes(self) - before;

        assertThat(matched).isEqualTo(6_666 + 200_000); // the 2nd and 3rd of every 3 lines match
        // one small object per line would be several megabytes
        assertThat(allocated).as("bytes allocated by 300,000 evaluations").isLessThan(64 * 1024);
    }
}
