package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A compiled custom format and the JSON parser must not allocate per line either: measured with
 * the JVM's per-thread allocation counter after warm-up, as {@link ParserAllocationTest} does for
 * the built-in parser. The lines include a time filter check ({@code lineSecond}), a latency,
 * X-Forwarded-For and, for JSON, an escaped request.
 */
class CompiledFormatAllocationTest {
    private static final int PARSES = 1_000_000;

    private static final byte[][] CUSTOM = {
        ascii("10.0.0.9 - bob [10/Oct/2000:13:55:36 -0700] \"GET /api/v1/x?q=1 HTTP/1.1\" 200 5120 \"-\" "
                + "\"Mozilla/5.0 (X11)\" \"203.0.113.7, 10.0.0.1\" 0.042 www.example.com"),
        ascii("2001:db8::1 - - [10/Oct/2000:13:55:37 -0700] \"POST /upload HTTP/2.0\" 500 - \"https://r/\" "
                + "\"curl/8\" \"-\" 1.500 api.example.com"),
        ascii("10.0.0.9 - - [10/Oct/2000:13:55:38 -0700] \"GET /x HTTP/1.1\" 200 5 \"-\" \"-\" \"-\" -1 h"),
    };
    private static final byte[][] JSON = {
        ascii("{\"time_iso8601\":\"2026-01-01T01:00:00+01:00\",\"remote_addr\":\"10.0.0.1\",\"request\":"
                + "\"GET /api/\\u00e9x HTTP/1.1\",\"status\":\"200\",\"body_bytes_sent\":\"512\",\"request_time\":"
                + "\"0.123\",\"http_x_forwarded_for\":\"203.0.113.9\"}"),
        ascii("{\"ts\":1767225600.5,\"request\":{\"remote_ip\":\"2001:db8::1\",\"uri\":\"/blog/p\",\"headers\":"
                + "{\"A\":[\"b\"]}},\"duration\":0.0015,\"size\":42,\"status\":404}"),
    };

    @Test
    @Timeout(60)
    void shouldAllocateNothingPerLineForACompiledCustomFormat() {
        final LineParser parser = LineFormat.parse("$remote_addr - $remote_user [$time_local] \"$request\" $status "
                + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\" $request_time "
                + "$host", null).newParser(true);
        assertThat(allocatedPerLine(parser, CUSTOM)).isLessThan(1.0);
    }

    /** Issue 16's presets and quirks: W3C, ALB's -1, HAProxy after a syslog header, upstream lists, auto. */
    @Test
    @Timeout(120)
    void shouldAllocateNothingPerLineForThePresetsAndAutoDetection() {
        final byte[][] w3c = {
            ascii("2022-11-07 14:29:06 127.0.0.1 GET /us/a - 80 - 203.0.113.9 Go-http-client/1.1 - 404 0 2 130"),
            ascii("2022-11-07 14:29:07 127.0.0.1 GET /A%20Beka - 80 - ::1 Mozilla/5.0+(X11) - 200 0 0 -1"),
        };
        assertThat(allocatedPerLine(LineFormat.parse("w3c", null).newParser(false), w3c)).isLessThan(1.0);
        final byte[][] alb = lines(FormatSample.resource("awsalb.log"));
        assertThat(allocatedPerLine(LineFormat.parse("awsalb", null).newParser(false), alb)).isLessThan(1.0);
        final byte[][] haproxy = lines(FormatSample.resource("haproxy.log"));
        assertThat(allocatedPerLine(LineFormat.parse("haproxy", null).newParser(false), haproxy)).isLessThan(1.0);
        final byte[][] upstream = {
            ascii("10.0.0.2, 10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET //a/b HTTP/1.1\" 502 1 \"-\" \"-\" "
                    + "10.0.0.7:80, 10.0.0.8:80 0.100, 0.004 502, 200"),
        };
        assertThat(allocatedPerLine(LineFormat.parse("$remote_addr - $remote_user [$time_local] \"$request\" $status "
                + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" $upstream_addr $upstream_response_time "
                + "$upstream_status", null).newParser(false), upstream)).isLessThan(1.0);
        final java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertThat(allocatedPerLine(LineFormat.parse("auto", null).newParser(false, "x", quiet), alb))
                .isLessThan(1.0);
    }

    private static byte[][] lines(final byte[] data) {
        final String[] text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1).split("\n");
        final byte[][] out = new byte[text.length][];
        for (int i = 0; i < text.length; i++) {
            out[i] = ascii(text[i]);
        }
        return out;
    }

    @Test
    @Timeout(60)
    void shouldAllocateNothingPerLineForJsonLines() {
        assertThat(allocatedPerLine(LineFormat.parse("json", null).newParser(true), JSON)).isLessThan(1.0);
    }

    private static double allocatedPerLine(final LineParser parser, final byte[][] lines) {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        final long thread = Thread.currentThread().getId();
        final LogEvent event = new LogEvent();
        long sink = parseMany(parser, lines, event, PARSES);
        final long before = threads.getThreadAllocatedBytes(thread);
        sink += parseMany(parser, lines, event, PARSES);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(sink).isPositive();
        return (double) allocated / PARSES;
    }

    private static long parseMany(final LineParser parser, final byte[][] lines, final LogEvent event,
                                  final int count) {
        long sink = 0;
        for (int i = 0; i < count; i++) {
            final byte[] line = lines[i % lines.length];
            sink += parser.lineSecond(line, 0, line.length) & 1;
            if (parser.parse(line, 0, line.length, event)) {
                sink += event.status + event.hostLength + event.latencyMicros;
            } else {
                sink += event.malformedReason + 1;
            }
        }
        return sink;
    }
}
