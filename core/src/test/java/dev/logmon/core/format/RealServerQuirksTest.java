package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static dev.logmon.core.format.ParserTestSupport.hostOf;
import static dev.logmon.core.format.ParserTestSupport.reasonOf;
import static dev.logmon.core.format.ParserTestSupport.sectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.source.StreamSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What real servers write that a first reading of their formats misses (issue 16, "What fails today"). */
class RealServerQuirksTest {
    private static final String PREFIX = "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] ";
    private static final String UPSTREAM = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
            + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" $upstream_addr $upstream_response_time "
            + "$upstream_status $request_id";

    private final LogEvent event = new LogEvent();

    private boolean parse(final LineParser p, final String line) {
        final byte[] b = ascii(line);
        return p.parse(b, 0, b.length, event);
    }

    private LogEvent hit(final LineParser p, final String line) {
        assertThat(parse(p, line)).as("parsed: %s (reason %s)", line, event.kind == LogEvent.MALFORMED
                ? reasonOf(event) : null).isTrue();
        return event;
    }

    @Test
    void shouldCountAHitWhoseRequestTimeCannotBeReadWithoutItsTime() {
        final LineParser p = LineFormat.parse("nginx-timed", null).newParser(false);
        final String line = PREFIX + "\"GET /a HTTP/1.1\" 404 0 \"-\" \"-\" ";
        for (final String time : new String[] {"-1", "9e99", "abc", "1.5s"}) {
            assertThat(hit(p, line + time).status).isEqualTo(404);
            assertThat(event.latencyMicros).as(time).isEqualTo(LogEvent.NO_LATENCY);
        }
        assertThat(p.unreadableLatencies()).isEqualTo(4);
        assertThat(hit(p, line + "-").latencyMicros).isEqualTo(LogEvent.NO_LATENCY);
        assertThat(hit(p, line + "0.250").latencyMicros).isEqualTo(250_000);
        assertThat(p.unreadableLatencies()).as("- and a number are read").isEqualTo(4);
    }

    @Test
    void shouldCountAJsonHitWhoseRequestTimeCannotBeReadWithoutItsTime() {
        final LineParser p = LineFormat.parse("json", null).newParser(false);
        hit(p, "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":504,\"duration\":-1}");
        assertThat(event.status).isEqualTo(504);
        assertThat(event.latencyMicros).isEqualTo(LogEvent.NO_LATENCY);
        hit(p, "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"duration\":true}");
        assertThat(p.unreadableLatencies()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.7:80, 10.0.0.8:80 | 0.100, 0.004 | 502, 200 | 502 | 104000",
        "10.0.0.7:80 : 10.0.0.8:80 | 0.1 : 0.2 | 404 : 200 | 200 | 300000",
        "10.0.0.7:80, 10.0.0.8:80 : 10.0.0.9:80 | 0.001, 0.002 : - | 502, 502 : 200 | 200 | 3000",
        "- | - | - | 499 | -1"})
    void shouldReadUpstreamListsOfARetriedRequestAsTheSumOfTheirTimes(final String addrs, final String times,
                                                                     final String statuses, final int status,
                                                                     final long micros) {
        final LineParser p = LineFormat.parse(UPSTREAM, null).newParser(false);
        hit(p, PREFIX + "\"GET /api/x HTTP/1.1\" " + status + " 10 \"-\" \"curl/8\" " + addrs + " " + times + " "
                + statuses + " 0f1e2d");
        assertThat(event.status).isEqualTo(status);
        assertThat(event.latencyMicros).isEqualTo(micros);
        assertThat(sectionOf(event)).isEqualTo("/api");
        assertThat(p.unreadableLatencies()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /A%20Beka/lesson HTTP/1.1 | /A Beka",
        "GET /caf%C3%A9?x=1 HTTP/1.1 | /caf\u00c3\u00a9",
        "GET //double/slash HTTP/1.1 | /double",
        "GET ///a HTTP/1.1 | /a",
        "GET // HTTP/1.1 | /",
        "GET /a%2Fb/c HTTP/1.1 | /a/b",
        "GET /bad%zz/x HTTP/1.1 | /bad%zz",
        "GET /ctl%0a/x HTTP/1.1 | /ctl%0a",
        "GET /cut% HTTP/1.1 | /cut%",
        "GET http://h//x/y HTTP/1.1 | /x"})
    void shouldDecodeSectionsAndTakeDoubleSlashesAsOne(final String request, final String section) {
        final LineParser p = LineFormat.parse("combined", null).newParser(false);
        hit(p, PREFIX + "\"" + request + "\" 200 1 \"-\" \"-\"");
        assertThat(sectionOf(event)).isEqualTo(section);
        final LogEvent again = new LogEvent();
        SectionExtractor.extract(ascii(request), 0, request.length(), again);
        assertThat(again.sectionHash).as("same section, same hash").isEqualTo(ByteHash.hash(ascii(section), 0,
                section.length()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "unknown, 198.51.100.7 | 198.51.100.7",
        "198.51.100.9:51234 | 198.51.100.9",
        "[2001:db8::2]:443 | 2001:db8::2",
        "[2001:db8::3] | 2001:db8::3",
        "2001:db8::4 | 2001:db8::4",
        "-, unknown, 203.0.113.5:8080, 10.0.0.1 | 203.0.113.5",
        "unknown | 10.0.0.1"})
    void shouldTakeTheFirstUsableForwardedAddressWithoutItsPort(final String xff, final String host) {
        final LineParser p = LineFormat.parse("$remote_addr - $remote_user [$time_local] \"$request\" $status "
                + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\"", null)
                .newParser(true);
        hit(p, PREFIX + "\"GET / HTTP/1.1\" 200 1 \"-\" \"-\" \"" + xff + "\"");
        assertThat(hostOf(event)).isEqualTo(host);
        final LineParser json = LineFormat.parse("json", null).newParser(true);
        hit(json, "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"remote_addr\":\"10.0.0.1\","
                + "\"http_x_forwarded_for\":\"" + xff + "\"}");
        assertThat(hostOf(event)).isEqualTo(host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.168.131.39:2817 | 192.168.131.39",
        "2001:db8::1:56398 | 2001:db8::1",
        "[2001:db8::2]:443 | [2001:db8::2]",
        "-:22222 | -"})
    void shouldDropThePortOfAClientWrittenAddressColonPortIpv6Included(final String client, final String host) {
        // the documented ALB http entry (see formats/PROVENANCE.md) with another client and its tail cut
        final String alb = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 " + client
                + " 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" "
                + "\"curl/7.46.0\" - -";
        hit(LineFormat.parse("awsalb", null).newParser(false), alb);
        assertThat(hostOf(event)).isEqualTo(host);
        final String haproxy = "Dec 10 12:01:46 voyager haproxy[19312]: " + client + " [10/Dec/2018:12:01:46.395] "
                + "http-in be/srv1 0/0/0/1/1 200 213 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"";
        hit(LineFormat.parse("haproxy", null).newParser(false), haproxy);
        assertThat(hostOf(event)).isEqualTo(host);
    }

    @Test
    void shouldTakeTheFirstAddressOfARemoteAddressWrittenAsAList() {
        final String line = "10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] \"GET /ocelot HTTP/1.1\" "
                + "200 571 \"-\" \"Mozilla/5.0\"";
        for (final String format : new String[] {"combined", "common", "auto",
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" "
                    + "\"$http_user_agent\"",
            "$remote_addr $ident $remote_user [$time_local] \"$request\" $status $body_bytes_sent"}) {
            final LineParser p = LineFormat.parse(format, null).newParser(false);
            hit(p, line);
            assertThat(hostOf(event)).as(format).isEqualTo("10.0.0.2");
            assertThat(sectionOf(event)).as(format).isEqualTo("/ocelot");
            final byte[] b = ascii(line);
            assertThat(p.lineSecond(b, 0, b.length)).as(format).isEqualTo(1_481_105_107L);
        }
        final LineParser p = LineFormat.parse("combined", null).newParser(false);
        assertThat(parse(p, line.replace("10.0.0.2, 10.0.0.1, 127.0.0.1", "a/b, <c>, unknown"))).isFalse();
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.BAD_HOST);
    }

    @Test
    void shouldTakeCaddysClientAddressRatherThanTheProxysAndCountStatusZeroAsOther() {
        final LineParser p = LineFormat.parse("json", null).newParser(false);
        final String line = "{\"level\":\"info\",\"ts\":1646861401.5241024,\"logger\":\"http.log.access\","
                + "\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"10.0.0.5\",\"remote_port\":\"41342\","
                + "\"client_ip\":\"203.0.113.9\",\"proto\":\"HTTP/2.0\",\"method\":\"GET\",\"host\":\"example.com\","
                + "\"uri\":\"/docs/x\",\"headers\":{\"User-Agent\":[\"curl/7.82.0\"]}},\"bytes_read\":0,"
                + "\"user_id\":\"\",\"duration\":0.000929675,\"size\":10900,\"status\":200}";
        hit(p, line);
        assertThat(hostOf(event)).isEqualTo("203.0.113.9");
        assertThat(sectionOf(event)).isEqualTo("/docs");
        assertThat(event.second).isEqualTo(1_646_861_401L);
        assertThat(event.latencyMicros).isEqualTo(929);
        hit(p, line.replace("\"status\":200", "\"status\":0"));
        assertThat(event.status).isZero();
        assertThat(hit(p, line.replace(",\"client_ip\":\"203.0.113.9\"", "")).hostLength).isPositive();
        assertThat(hostOf(event)).as("older Caddy: no client_ip").isEqualTo("10.0.0.5");
        assertThat(parse(p, line.replace("\"status\":200", "\"status\":-1"))).isFalse();
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.BAD_STATUS);
    }

    @Test
    void shouldInflateAStreamThatStartsWithTheGzipMagicBytes() throws IOException {
        final byte[] text = "line one\nline two\n".getBytes(StandardCharsets.US_ASCII);
        final ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text);
        }
        assertThat(readAll(gz.toByteArray())).isEqualTo(text);
        assertThat(readAll(text)).as("text passes through").isEqualTo(text);
        assertThat(readAll(new byte[] {0x1f})).as("one byte").isEqualTo(new byte[] {0x1f});
        assertThat(readAll(new byte[0])).isEmpty();
    }

    private static byte[] readAll(final byte[] input) throws IOException {
        final ReadableByteChannel in = StreamSource.inflatedIfGzip(Channels.newChannel(new ByteArrayInputStream(input)));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteBuffer buf = ByteBuffer.allocate(3);
        while (in.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toByteArray();
    }
}
