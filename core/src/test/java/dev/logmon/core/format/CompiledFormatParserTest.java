package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static dev.logmon.core.format.ParserTestSupport.hostOf;
import static dev.logmon.core.format.ParserTestSupport.reasonOf;
import static dev.logmon.core.format.ParserTestSupport.sectionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompiledFormatParserTest {
    private static final long T = 971_211_336L; // 10/Oct/2000:13:55:36 -0700
    private static final String NGINX_MAIN = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
            + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\"";

    private final LogEvent event = new LogEvent();

    private LogEvent parse(final String format, final String line, final boolean xff) {
        final LineParser p = LineFormat.parse(format, null).newParser(xff);
        final byte[] b = ascii(line);
        final boolean ok = p.parse(b, 0, b.length, event);
        assertThat(ok).as("parsed: %s (reason %s)", line, ok ? null : reasonOf(event)).isTrue();
        assertThat(p.lineSecond(b, 0, b.length)).isEqualTo(event.second);
        return event;
    }

    /** description, format, line, host, second, status, size, section, latency micros. */
    static Stream<Arguments> lines() {
        return Stream.of(
                arguments("common", "common",
                        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
                        "127.0.0.1", T, 200, 2326L, "/apache_pb.gif", -1L),
                arguments("combined", "combined",
                        "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a/b HTTP/1.0\" 404 7 \"-\" \"curl\"",
                        "127.0.0.1", T, 404, 7L, "/a", -1L),
                arguments("vcombined: host:port prefix", "vcombined",
                        "www.example.com:443 10.1.2.3 - - [10/Oct/2000:13:55:36 -0700] \"GET /shop/x HTTP/1.1\" 200 "
                                + "512 \"https://r/\" \"Mozilla/5.0 (X11) \\\"q\\\"\"",
                        "10.1.2.3", T, 200, 512L, "/shop", -1L),
                arguments("nginx-timed: seconds with ms resolution", "nginx-timed",
                        "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"POST /api/v1 HTTP/1.1\" 201 0 \"-\" "
                                + "\"Go-http-client/1.1\" 0.042",
                        "10.0.0.1", T, 201, 0L, "/api", 42_000L),
                arguments("apache-timed: %D microseconds", "apache-timed",
                        "::1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 500 - \"-\" \"x y\" 1234567",
                        "::1", T, 500, 0L, "/", 1_234_567L),
                arguments("nginx main with X-Forwarded-For, client kept", NGINX_MAIN,
                        "10.0.0.9 - bob [10/Oct/2000:13:55:36 -0700] \"GET /x?a=\\x22b HTTP/1.1\" 302 5 \"-\" "
                                + "\"UA\" \"203.0.113.7, 10.0.0.1\"",
                        "10.0.0.9", T, 302, 5L, "/x", -1L),
                arguments("nginx iso8601 time, uri and upstream time", "$remote_addr $time_iso8601 $request_method "
                                + "$request_uri $status $bytes_sent $upstream_response_time $host",
                        "10.0.0.1 2000-10-10T13:55:36-07:00 GET /img/a.png?x=1 200 99 0.500 example.com",
                        "10.0.0.1", T, 200, 99L, "/img", 500_000L),
                arguments("nginx upstream time '-' is no latency", "$remote_addr [$time_local] \"$request\" $status "
                                + "$body_bytes_sent $upstream_response_time",
                        "10.0.0.1 [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 499 0 -",
                        "10.0.0.1", T, 499, 0L, "/a", -1L),
                arguments("apache %T seconds, %{ms}T after it is skipped", "%h %t \"%r\" %>s %B %T %{ms}T %v",
                        "10.0.0.1 [10/Oct/2000:13:55:36 -0700] \"GET /b HTTP/1.1\" 200 1 2 2001 vhost",
                        "10.0.0.1", T, 200, 1L, "/b", 2_000_000L),
                arguments("apache %{ms}T and %U path", "%a %{sec}t %U %s %b %{ms}T",
                        "10.0.0.1 971211336 /docs/x 200 10 15",
                        "10.0.0.1", T, 200, 10L, "/docs", 15_000L),
                arguments("extra fields after the format are ignored", "nginx-timed",
                        "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 1 \"-\" \"-\" 0.001 extra 7",
                        "10.0.0.1", T, 200, 1L, "/a", 1_000L),
                arguments("runs of spaces", "apache-timed",
                        "10.0.0.1  -  -  [10/Oct/2000:13:55:36 -0700]  \"GET /a HTTP/1.1\"  200  1  \"-\"  \"-\"  5",
                        "10.0.0.1", T, 200, 1L, "/a", 5L),
                arguments("a huge request time is clamped to an hour", "nginx-timed",
                        "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 1 \"-\" \"-\" 99999999999999",
                        "10.0.0.1", T, 200, 1L, "/a", FieldValues.MAX_LATENCY_MICROS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void shouldReadEveryFieldOfALine(final String description, final String format, final String line,
                                     final String host, final long second, final int status, final long size,
                                     final String section, final long latency) {
        final LogEvent e = parse(format, line, false);
        assertThat(hostOf(e)).isEqualTo(host);
        assertThat(e.second).isEqualTo(second);
        assertThat(e.status).isEqualTo(status);
        assertThat(e.size).isEqualTo(size);
        assertThat(sectionOf(e)).isEqualTo(section);
        assertThat(e.latencyMicros).isEqualTo(latency);
    }

    @Test
    void shouldTakeTheClientFromTheFirstForwardedForAddressWhenAsked() {
        final String line = "10.0.0.9 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 \"-\" \"UA\" "
                + "\"203.0.113.7, 10.0.0.1\"";
        assertThat(hostOf(parse(NGINX_MAIN, line, true))).isEqualTo("203.0.113.7");
        assertThat(hostOf(parse(NGINX_MAIN, line.replace("203.0.113.7, 10.0.0.1", "-"), true))).isEqualTo("10.0.0.9");
        assertThat(hostOf(parse("%h %t \"%r\" %>s %b \"%{X-Forwarded-For}i\"",
                "10.0.0.9 [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 \"2001:db8::1\"", true)))
                .isEqualTo("2001:db8::1");
    }

    @Test
    void shouldCountALineWithoutAHostFieldAsADash() {
        assertThat(hostOf(parse("[$time_local] \"$request\" $status", "[10/Oct/2000:13:55:36 -0700] \"GET /a\" 200",
                false))).isEqualTo("-");
    }

    static Stream<Arguments> badLines() {
        final String ok = "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 1 \"-\" \"-\" 0.010";
        return Stream.of(
                arguments("", MalformedReason.EMPTY),
                arguments(ok.replace("10.0.0.1", "10.0.0.1<x>"), MalformedReason.BAD_HOST),
                arguments(ok.replace("Oct", "Okt"), MalformedReason.BAD_TIMESTAMP),
                arguments(ok.substring(0, 30), MalformedReason.TRUNCATED),
                arguments(ok.replace(" 200 ", " 20x "), MalformedReason.BAD_STATUS),
                arguments(ok.replace(" 200 1 ", " 200 1k "), MalformedReason.BAD_SIZE),
                // the Common prefix is read by the built-in code, with its reasons
                arguments(ok.replace(" - - [", " - - <"), MalformedReason.BAD_TIMESTAMP),
                arguments(ok.substring(0, ok.indexOf("HTTP")), MalformedReason.BAD_REQUEST),
                arguments(ok.substring(0, ok.length() - 6), MalformedReason.TRUNCATED));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void shouldCountABadLineWithTheReasonOfItsFirstProblem(final String line, final MalformedReason reason) {
        final LineParser p = LineFormat.parse("nginx-timed", null).newParser(false);
        final byte[] b = ascii(line);
        assertThat(p.parse(b, 0, b.length, event)).isFalse();
        assertThat(reasonOf(event)).isEqualTo(reason);
    }

    static Stream<Arguments> badLinesOfAFormatWithoutTheCommonPrefix() {
        final String ok = "10.0.0.1 [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 1 0.010";
        return Stream.of(
                arguments(ok.replace(" [", " <"), MalformedReason.BAD_FORMAT),
                arguments(ok.substring(0, ok.indexOf("HTTP")), MalformedReason.TRUNCATED),
                arguments(ok.replace("10.0.0.1", "10.0.0.1<x>"), MalformedReason.BAD_HOST),
                arguments(ok.replace("Oct", "Okt"), MalformedReason.BAD_TIMESTAMP),
                arguments(ok.replace(" 200 ", " 20x "), MalformedReason.BAD_STATUS),
                arguments(ok.replace(" 200 1 ", " 200 1k "), MalformedReason.BAD_SIZE),
                arguments(ok.substring(0, 20), MalformedReason.TRUNCATED));
    }

    @ParameterizedTest
    @MethodSource("badLinesOfAFormatWithoutTheCommonPrefix")
    void shouldCountABadLineOfAnyFormatWithTheReasonOfItsFirstProblem(final String line,
                                                                      final MalformedReason reason) {
        final LineParser p = LineFormat.parse("$remote_addr [$time_local] \"$request\" $status $body_bytes_sent "
                + "$request_time", null).newParser(false);
        final byte[] b = ascii(line);
        assertThat(p.parse(b, 0, b.length, event)).isFalse();
        assertThat(reasonOf(event)).isEqualTo(reason);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldNeverThrowOnRandomBytes(final long seed) {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        final LineParser[] parsers = {LineFormat.parse("nginx-timed", null).newParser(true),
            LineFormat.parse("vcombined", null).newParser(false),
            LineFormat.parse(NGINX_MAIN, null).newParser(true), LineFormat.parse("json", null).newParser(true)};
        final byte[] valid = ascii("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 1 \"-\" \"-\" "
                + "0.010 {\"status\":200,\"time\":\"2000-10-10T13:55:36Z\",\"request\":\"GET /\\u00e9 H\"}");
        for (int i = 0; i < 2_000; i++) {
            final byte[] b = valid.clone();
            for (int k = random.nextInt(1, 8); k > 0; k--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            final int len = random.nextInt(b.length + 1);
            for (final LineParser p : parsers) {
                if (p.parse(b, 0, len, event)) {
                    assertThat(event.kind).isEqualTo(LogEvent.DATA);
                } else {
                    assertThat(event.kind).isEqualTo(LogEvent.MALFORMED);
                }
                p.lineSecond(b, 0, len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReadCombinedLinesAlikeThroughTheBuiltInParserTheFastPathAndTheGenericPath(final long seed) {
        final java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        final LineParser builtIn = new AccessLogParser(LogFormat.COMBINED);
        final LineParser fast = LineFormat.parse("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"", null)
                .newParser(false);
        final LineParser generic = LineFormat.parse("$remote_addr $remote_user $remote_user [$time_local] \"$request\" "
                + "$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"", null).newParser(false);
        final String[] pieces = {"/a", "/b/c", "/x?y=/z", "/q\\\"t", "http://h/p/q", "-", "*", "/caf\u00e9"};
        final LogEvent a = new LogEvent();
        final LogEvent b = new LogEvent();
        final LogEvent c = new LogEvent();
        for (int i = 0; i < 3_000; i++) {
            final String line = (r.nextBoolean() ? "10.0." + r.nextInt(256) + ".1" : "2001:db8::" + r.nextInt(99))
                    + " - " + (r.nextInt(5) == 0 ? "bob" : "-") + " [" + (10 + r.nextInt(18)) + "/Oct/2000:13:"
                    + (10 + r.nextInt(50)) + ":36 -0700] \"GET " + pieces[r.nextInt(pieces.length)] + " HTTP/1.1\" "
                    + (100 + r.nextInt(500)) + " " + (r.nextInt(9) == 0 ? "-" : String.valueOf(r.nextInt(1_000_000)))
                    + " \"" + (r.nextBoolean() ? "-" : "http://r/?q=\\\"x\\\"") + "\" \"Mozilla/5.0 (X; " + r.nextInt(9)
                    + ") [x]\"" + (r.nextInt(4) == 0 ? " extra" : "");
            final byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            final int len = r.nextInt(10) == 0 ? r.nextInt(bytes.length) : bytes.length;
            final boolean okA = builtIn.parse(bytes, 0, len, a);
            final boolean okB = fast.parse(bytes, 0, len, b);
            final boolean okC = generic.parse(bytes, 0, len, c);
            assertThat(okB).as(line).isEqualTo(okA);
            if (len == bytes.length) {
                assertThat(okC).as(line).isTrue();
            }
            if (okA && okC) {
                for (final LogEvent e : new LogEvent[] {b, c}) {
                    assertThat(hostOf(e)).isEqualTo(hostOf(a));
                    assertThat(sectionOf(e)).isEqualTo(sectionOf(a));
                    assertThat(e.second).isEqualTo(a.second);
                    assertThat(e.status).isEqualTo(a.status);
                    assertThat(e.size).isEqualTo(a.size);
                }
            }
        }
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L, 42L, 20_260_101L);
    }
}
