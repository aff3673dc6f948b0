package dev.logmon.sinks.json;

import java.math.BigDecimal;
import java.time.Instant;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * How logmon writes JSON everywhere (JSON lines, the HTTP API, webhook bodies): one configured
 * Jackson factory (non-ASCII and control characters escaped, plain decimals, the caller's stream
 * never closed), numbers rounded to two decimals, and times as ISO-8601 UTC seconds.
 */
public final class JsonStyle {

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .characterEscapes(new AsciiControlEscapes())
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .rootValueSeparator((String) null)
            .build();

    /** Half-up to 2 decimals, trailing zeros dropped: 12.345 -> 12.35, 3.10 -> 3.1, 7.0 -> 7. */
    public static BigDecimal round2(final double value) {
        return RoundedDecimal.exact(value, 2);
    }

    /** Epoch second as ISO-8601 UTC, e.g. {@code 2015-05-17T10:05:03Z}. */
    public static String isoSecond(final long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    private JsonStyle() {
    }
}
