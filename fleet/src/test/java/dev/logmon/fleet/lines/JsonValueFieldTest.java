package dev.logmon.fleet.lines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonValueFieldTest {

    private static String extract(final String field, final String json) {
        final JsonValueField f = new JsonValueField(field, 1024);
        final byte[] b = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        final int n = f.extract(b, 2, b.length - 4);
        return n < 0 ? "#" + n : new String(f.value(), 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void shouldTakeTheMessageOfAVectorOrFilebeatEnvelope() {
        assertThat(extract("message", "{\"@timestamp\":\"2026-12-07T03:00:00Z\",\"host\":{\"name\":\"web-1\",\"ip\":[1,2]},"
                + "\"message\":\"1.2.3.4 - - [x] \\\"GET /a HTTP/1.1\\\" 200 5\",\"n\":-1.5e3,\"ok\":true}"))
                .isEqualTo("1.2.3.4 - - [x] \"GET /a HTTP/1.1\" 200 5");
        assertThat(extract("message", " {\n \"message\" : \"m\" } ")).isEqualTo("m");
    }

    @Test
    void shouldUndoEveryJsonEscape() {
        assertThat(extract("message", "{\"message\":\"a\\\\b\\/c\\td\\n\\r\\b\\f\\u00e9\\u20ac\\ud83d\\ude00\"}"))
                .isEqualTo("a\\b/c\td\n\r\b\f\u00e9\u20ac\ud83d\ude00");
    }

    @Test
    void shouldReplaceALoneSurrogateWithTheReplacementCharacter() {
        assertThat(extract("message", "{\"message\":\"x\\ud800y\\udc00z\\ud800\\u0041\"}"))
                .isEqualTo("x\ufffdy\ufffdz\ufffdA");
    }

    @Test
    void shouldFollowADottedPathIntoNestedObjects() {
        assertThat(extract("log.original", "{\"message\":\"no\",\"log\":{\"file\":{\"path\":\"/x\"},\"original\":\"yes\"}}"))
                .isEqualTo("yes");
        assertThat(extract("log.original", "{\"log\":\"flat\"}")).isEqualTo("#" + JsonValueField.NO_FIELD);
    }

    @Test
    void shouldSkipStringsThatLookLikeTheFieldOrHoldBraces() {
        assertThat(extract("message", "{\"a\":\"\\\"message\\\":{\",\"b\":[\"}\",{\"message\":\"inner\"}],\"message\":\"outer\"}"))
                .isEqualTo("outer");
    }

    @Test
    void shouldTellAMissingFieldFromBrokenJson() {
        assertThat(extract("message", "{\"msg\":\"x\"}")).isEqualTo("#" + JsonValueField.NO_FIELD);
        assertThat(extract("message", "{}")).isEqualTo("#" + JsonValueField.NO_FIELD);
        assertThat(extract("message", "{\"message\":42}")).isEqualTo("#" + JsonValueField.NO_FIELD);
        assertThat(extract("message", "{\"message\":null}")).isEqualTo("#" + JsonValueField.NO_FIELD);
        assertThat(extract("message", "1.2.3.4 - - [x] \"GET / HTTP/1.1\" 200 5")).isEqualTo("#" + JsonValueField.NOT_JSON);
        assertThat(extract("message", "")).isEqualTo("#" + JsonValueField.NOT_JSON);
        assertThat(extract("message", "[\"message\"]")).isEqualTo("#" + JsonValueField.NOT_JSON);
        assertThat(extract("message", "{\"message\":\"cut")).isEqualTo("#" + JsonValueField.NOT_JSON);
        assertThat(extract("message", "{\"message\":\"bad \\q escape\"}")).isEqualTo("#" + JsonValueField.NOT_JSON);
        assertThat(extract("message", "{\"message\":\"bad \\u12G4\"}")).isEqualTo("#" + JsonValueField.NOT_JSON);
        assertThat(extract("message", "{\"a\" \"b\"}")).isEqualTo("#" + JsonValueField.NOT_JSON);
    }

    @Test
    void shouldRefuseAValueLongerThanTheLimitAndKeepWorkingAfterIt() {
        final JsonValueField f = new JsonValueField("message", 8);
        final byte[] big = "{\"message\":\"123456789\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(f.extract(big, 0, big.length)).isEqualTo(JsonValueField.TOO_LONG);
        final byte[] fits = "{\"message\":\"12345678\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(f.extract(fits, 0, fits.length)).isEqualTo(8);
    }

    @Test
    void shouldGrowItsBufferForLongValues() {
        final String v = "x".repeat(10_000);
        final JsonValueField f = new JsonValueField("message", 20_000);
        final byte[] b = ("{\"message\":\"" + v + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(f.extract(b, 0, b.length)).isEqualTo(10_000);
        assertThat(new String(f.value(), 0, 10_000, StandardCharsets.UTF_8)).isEqualTo(v);
    }
}
