package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static dev.logmon.core.format.ParserTestSupport.hostOf;
import static dev.logmon.core.format.ParserTestSupport.reasonOf;
import static dev.logmon.core.format.ParserTestSupport.sectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class W3cLineParserTest {
    private final LogEvent event = new LogEvent();

    private boolean parse(final LineParser p, final String line) {
        final byte[] b = ascii(line);
        return p.parse(b, 0, b.length, event);
    }

    @Test
    void shouldReadTheFieldsAgainWhenTheHeaderChangesMidFile() {
        final LineParser p = LineFormat.parse("w3c", null).newParser(false);
        // IIS's default fields until a header says otherwise
        assertThat(parse(p, "2022-11-07 14:29:06 127.0.0.1 GET /us - 80 - 10.0.0.1 Go-http-client/1.1 - 404 0 2 130"))
                .isTrue();
        assertThat(hostOf(event)).isEqualTo("10.0.0.1");
        assertThat(event.latencyMicros).isEqualTo(130_000);
        // the server restarts with other fields: c-ip third, sc-bytes, no time-taken
        assertThat(parse(p, "#Software: Microsoft Internet Information Services 10.0")).isFalse();
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.COMMENT);
        assertThat(parse(p, "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes")).isFalse();
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.COMMENT);
        assertThat(parse(p, "2022-11-08 00:00:01 203.0.113.9 POST /api/v2 201 512")).isTrue();
        assertThat(hostOf(event)).isEqualTo("203.0.113.9");
        assertThat(sectionOf(event)).isEqualTo("/api");
        assertThat(event.status).isEqualTo(201);
        assertThat(event.size).isEqualTo(512);
        assertThat(event.latencyMicros).isEqualTo(LogEvent.NO_LATENCY);
        assertThat(event.second).isEqualTo(1_667_865_601L);
        final byte[] b = ascii("2022-11-08 00:00:01 203.0.113.9 POST /api/v2 201 512");
        assertThat(p.lineSecond(b, 0, b.length)).isEqualTo(1_667_865_601L);
        // a line of the old layout is now malformed, with the reason of its first problem
        assertThat(parse(p, "2022-11-07 14:29:06 127.0.0.1 GET /us - 80 - 10.0.0.1 Go-http-client/1.1 - 404 0 2 1"))
                .isFalse();
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.BAD_STATUS);
    }

    @Test
    void shouldReadTabSeparatedLinesWithTheSameHeader() {
        final LineParser p = LineFormat.parse("w3c", null).newParser(false);
        parse(p, "#Fields: date time c-ip sc-status cs-uri-stem time-taken");
        assertThat(parse(p, "2022-11-08\t00:00:01\t203.0.113.9\t200\t/a/b\t15")).isTrue();
        assertThat(sectionOf(event)).isEqualTo("/a");
        assertThat(event.latencyMicros).isEqualTo(15_000);
        assertThat(parse(p, "2022-11-08 00:00:01 203.0.113.9 200 /c 15")).isTrue();
        assertThat(sectionOf(event)).isEqualTo("/c");
    }

    @Test
    void shouldTakeTimeTakenAsSecondsWhenTheFieldsAreCloudFronts() {
        final LineParser p = LineFormat.parse("w3c", null).newParser(false);
        parse(p, "#Fields: date time x-edge-location c-ip sc-status cs-uri-stem time-taken");
        assertThat(parse(p, "2022-11-08\t00:00:01\tFRA2\t203.0.113.9\t200\t/a\t0.250")).isTrue();
        assertThat(event.latencyMicros).isEqualTo(250_000);
        assertThat(((W3cLineParser) p).flavour()).isEqualTo("cloudfront");
    }

    @Test
    void shouldCountADateOrTimeThatCannotBeReadAsBadTimestamp() {
        final LineParser p = LineFormat.parse("w3c", null).newParser(false);
        parse(p, "#Fields: date time c-ip sc-status cs-uri-stem");
        assertThat(parse(p, "2022-13-08 00:00:01 203.0.113.9 200 /a")).isFalse();
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.BAD_TIMESTAMP);
        assertThat(parse(p, "2022-11-08 24:00:01 203.0.113.9 200 /a")).isFalse();
        assertThat(reasonOf(event)).isEqualTo(MalformedReason.BAD_TIMESTAMP);
    }
}
