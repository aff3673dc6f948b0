package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static dev.logmon.core.format.ParserTestSupport.hostOf;
import static dev.logmon.core.format.ParserTestSupport.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyslogLineParserTest {
    /** Beats' nginx test.log line 2. */
    private static final String NGINX = "172.17.0.1 - - [29/May/2017:19:02:48 +0000] \"GET /stringpatch HTTP/1.1\" 404 "
            + "612 \"-\" \"Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2\" \"-\"";

    private final LogEvent event = new LogEvent();

    @ParameterizedTest
    @ValueSource(strings = {
        "", // no header: the line as it is
        "Dec  6 21:00:00 web1 nginx: ", // RFC 3164, as nginx's access_log syslog: writes it (padded day)
        "<190>May 29 19:02:48 web1 nginx: ",
        "<190>May 29 19:02:48 web1 nginx[1234]: ",
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com nginx - ID47 - ", // RFC 5424, no structured data
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
                + "eventSource=\"App\\]lication\"][x@1 a=\"b\"] ",
        "<165>1 2003-10-11T22:14:15.003Z host app 123 - - \u00ef\u00bb\u00bf"}) // a BOM before the message
    void shouldSkipASyslogHeaderInFrontOfAnyFormat(final String header) {
        for (final String format : new String[] {"syslog:combined", "syslog:$remote_addr - $remote_user [$time_local] "
                + "\"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"", "auto"}) {
            final LineParser p = LineFormat.parse(format, null).newParser(false);
            final byte[] b = ascii(header + NGINX);
            assertThat(p.parse(b, 0, b.length, event)).as(format + ": " + header).isTrue();
            assertThat(hostOf(event)).isEqualTo("172.17.0.1");
            assertThat(event.status).isEqualTo(404);
            assertThat(event.second).as("the message's time, not the header's").isEqualTo(1_496_084_568L);
            assertThat(p.lineSecond(b, 0, b.length)).isEqualTo(1_496_084_568L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dec  6 21:00:00 web1 ", "<190>Dec  6 21:00:00 web1 nginx ", "<1x>1 2003 h a - - - ",
        "Foo  6 21:00:00 web1 nginx: "})
    void shouldLeaveALineWhoseHeaderIsNotSyslogsToTheFormat(final String header) {
        final LineParser p = LineFormat.parse("syslog:combined", null).newParser(false);
        final byte[] b = ascii(header + NGINX);
        assertThat(p.parse(b, 0, b.length, event)).isFalse();
        assertThat(reasonOf(event)).isIn(MalformedReason.BAD_HOST, MalformedReason.BAD_TIMESTAMP);
    }
}
