package dev.logmon.core;

import static dev.logmon.core.format.ParserTestSupport.ascii;

import java.util.List;

/** A small varied corpus of good and bad lines, used as fuzz seeds and allocation workload. */
public final class SampleLines {
    static final List<String> LINES = List.of(
            "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
            "83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/logstash/kibana.png HTTP/1.1\" 200 203023"
                    + " \"http://semicomplete.com/presentations/\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)\"",
            "2001:db8::1 - - [29/Feb/2024:23:59:59 +1400] \"POST /api/v1/users?id=7 HTTP/2.0\" 201 - \"-\" \"curl/8.1\"",
            "[::1] - alice [01/Jan/2000:00:00:00 +0000] \"GET http://example.com/a/b HTTP/1.1\" 404 12\r",
            "lordgun.org - - [07/Mar/2004:17:01:53 -0800] \"GET /razor.html HTTP/1.1\" 200 2869",
            "12.34.56.78 - - [20/Jan/2015:19:53:28 +0100] \"\\x16\\x03\\x01\" 400 47 \"-\" \"-\" \"-\"",
            "7.8.9.10 - root [20/Jan/2015:01:17:07 +0100] \"CONNECT 123.123.123.123:443 HTTP/1.1\" 400 162 \"-\" \"-\"",
            "10.0.0.2 - u [18/Nov/2018:21:34:30 +0000] \"GET /dashboard/ HTTP/2.0\" 401 17 \"ref \\\"q\\\" [x]\" \"ua ]\" 72 0ms",
            "46.118.127.106 - - [20/May/2015:12:05:17 +0000] \"GET /scripts/x.py HTTP/1.1\" 200 235 \"-\" \"Googlebot/2.1",
            "192.0.2.12 - user1 [27/Jun/2013:11:55:44] \"GET /knocking/ HTTP/1.1\" 200 266",
            "Mar 24 08:58:32 sogod [26818]: SOGoRootPage Login from '173.194.44.31'",
            "h - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1 200 1",
            "h - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 2000 1",
            "h - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 12a",
            "h - - [10/Oct/2000:13:55:36 -0700] \"OPTIONS * HTTP/1.1\" 200 0",
            "bad/host - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
            "",
            "\r");

    private SampleLines() {
    }

    public static byte[][] asBytes() {
        final byte[][] out = new byte[LINES.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ascii(LINES.get(i));
        }
        return out;
    }
}
