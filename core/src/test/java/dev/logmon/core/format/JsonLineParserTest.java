package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.hostOf;
import static dev.logmon.core.format.ParserTestSupport.reasonOf;
import static dev.logmon.core.format.ParserTestSupport.sectionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonLineParserTest {
    private static final long T = 1_767_225_600L; // 2026-01-01T00:00:00Z

    private final LogEvent event = new LogEvent();

    private boolean parse(final String fields, final String line, final boolean xff) {
        final LineParser p = LineFormat.parse("json", fields).newParser(xff);
        final byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return p.parse(b, 0, b.length, event);
    }

    /** description, line, host, second, status, size, section, latency micros. */
    static Stream<Arguments> lines() {
        return Stream.of(
                arguments("nginx escape=json: every value a string",
                        "{\"time_iso8601\":\"2026-01-01T01:00:00+01:00\",\"remote_addr\":\"10.0.0.1\","
                                + "\"request\":\"GET /api/x HTTP/1.1\",\"status\":\"200\",\"body_bytes_sent\":\"512\","
                                + "\"request_time\":\"0.123\",\"http_user_agent\":\"curl \\\"q\\\" {x}\"}",
                        "10.0.0.1", T, 200, 512L, "/api", 123_000L),
                arguments("Caddy: nested request, epoch float, duration in seconds",
                        "{\"level\":\"info\",\"ts\":1767225600.5,\"logger\":\"http.log.access\",\"request\":{"
                                + "\"remote_ip\":\"2001:db8::1\",\"method\":\"GET\",\"uri\":\"/blog/post?id=1\","
                                + "\"headers\":{\"User-Agent\":[\"curl/8\"]}},\"bytes_read\":0,\"duration\":0.0015,"
                                + "\"size\":42,\"status\":404}",
                        "2001:db8::1", T, 404, 42L, "/blog", 1_500L),
                arguments("Traefik: Duration in ns",
                        "{\"ClientHost\":\"192.0.2.9\",\"DownstreamContentSize\":7,\"DownstreamStatus\":503,"
                                + "\"Duration\":2500000,\"RequestPath\":\"/svc/a\",\"StartUTC\":"
                                + "\"2026-01-01T00:00:00.123456789Z\",\"time\":\"2026-01-01T00:00:01Z\"}",
                        "192.0.2.9", T + 1, 503, 7L, "/svc", 2_500L),
                arguments("escaped characters in the request are unescaped first",
                        "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,"
                                + "\"request\":\"GET \\/caf\\u00e9\\/x HTTP\\/1.1\"}",
                        "-", T, 200, 0L, "/caf\u00c3\u00a9", -1L),
                arguments("a lone surrogate becomes U+FFFD",
                        "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"request\":\"GET /\\ud800x HTTP/1.1\"}",
                        "-", T, 200, 0L, "/\u00ef\u00bf\u00bdx", -1L),
                arguments("time_local and null latency",
                        "{\"time_local\":\"01/Jan/2026:00:00:00 +0000\",\"status\":301,\"request_time\":null,"
                                + "\"uri\":\"/\"}",
                        "-", T, 301, 0L, "/", -1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void shouldReadEveryFieldOfAJsonLine(final String description, final String line, final String host,
                                         final long second, final int status, final long size, final String section,
                                         final long latency) {
        assertThat(parse(null, line, false)).as("reason %s", reasonOf(event)).isTrue();
        assertThat(hostOf(event)).isEqualTo(host);
        assertThat(event.second).isEqualTo(second);
        assertThat(event.status).isEqualTo(status);
        assertThat(event.size).isEqualTo(size);
        assertThat(sectionOf(event)).isEqualTo(section);
        assertThat(event.latencyMicros).isEqualTo(latency);
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                arguments("missing status", "{\"time\":\"2026-01-01T00:00:00Z\"}", MalformedReason.BAD_STATUS),
                arguments("missing time", "{\"status\":200}", MalformedReason.BAD_TIMESTAMP),
                arguments("status of the wrong type", "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":true}",
                        MalformedReason.BAD_STATUS),
                arguments("status as an object", "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":{\"code\":200}}",
                        MalformedReason.BAD_STATUS),
                arguments("time without a zone", "{\"time\":\"2026-01-01T00:00:00\",\"status\":200}",
                        MalformedReason.BAD_TIMESTAMP),
                arguments("size as a word", "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"size\":\"big\"}",
                        MalformedReason.BAD_SIZE),
                arguments("an escaped host", "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,"
                        + "\"remote_addr\":\"\\u0031.2.3.4\"}", MalformedReason.BAD_HOST),
                arguments("not JSON", "10.0.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
                        MalformedReason.BAD_FORMAT),
                arguments("cut in a string", "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"request\":\"GET /",
                        MalformedReason.TRUNCATED),
                arguments("cut after a value", "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200",
                        MalformedReason.TRUNCATED),
                arguments("trailing garbage", "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200} x",
                        MalformedReason.BAD_FORMAT),
                arguments("empty", "", MalformedReason.EMPTY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void shouldCountABadJsonLineWithItsReason(final String description, final String line,
                                              final MalformedReason reason) {
        assertThat(parse(null, line, false)).isFalse();
        assertThat(reasonOf(event)).isEqualTo(reason);
    }

    @Test
    void shouldUseTheConfiguredKeysAndUnits() {
        final String line = "{\"client\":\"10.0.0.5\",\"at\":1767225600000,\"code\":\"418\",\"took\":\"12.5\","
                + "\"path\":\"/tea/pot\",\"fwd\":\"203.0.113.1, 10.0.0.5\"}";
        assertThat(parse("host=client,time=at:ms,status=code,latency=took:ms,uri=path,xff=fwd", line, false)).isTrue();
        assertThat(hostOf(event)).isEqualTo("10.0.0.5");
        assertThat(event.second).isEqualTo(T);
        assertThat(event.status).isEqualTo(418);
        assertThat(event.latencyMicros).isEqualTo(12_500L);
        assertThat(sectionOf(event)).isEqualTo("/tea");
        assertThat(parse("host=client,time=at:ms,status=code,latency=took:ms,uri=path,xff=fwd", line, true)).isTrue();
        assertThat(hostOf(event)).isEqualTo("203.0.113.1");
    }

    @Test
    void shouldRefuseABadFieldSpecificationNamingIt() {
        assertThatThrownBy(() -> LineFormat.parse("json", "colour=x")).isInstanceOf(FormatException.class)
                .hasMessageContaining("'colour'");
        assertThatThrownBy(() -> LineFormat.parse("json", "latency=took:fortnights"))
                .isInstanceOf(FormatException.class).hasMessageContaining("took:fortnights");
        assertThatThrownBy(() -> LineFormat.parse("json", "host")).isInstanceOf(FormatException.class);
    }
}
