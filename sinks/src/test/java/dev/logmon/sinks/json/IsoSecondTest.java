package dev.logmon.sinks.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

/** {@link IsoSecond} writes what {@code Instant.toString} writes, for every second. */
class IsoSecondTest {
    private static final long SEED = 0x15_0_2026L;
    private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    private final char[] buf = new char[IsoSecond.CHARS];

    private void check(final long second) {
        final String expected = Instant.ofEpochSecond(second).toString();
        if (second < MIN || second > MAX) {
            assertThat(IsoSecond.format(second, buf)).as("%d refused", second).isFalse();
        } else {
            assertThat(IsoSecond.format(second, buf)).as("%d taken", second).isTrue();
            assertThat(new String(buf)).as("second %d (seed %x)", second, SEED).isEqualTo(expected);
        }
        final ByteArrayOutputStream ours = new ByteArrayOutputStream();
        try (JsonGenerator gen = SnapshotJson.newGenerator(ours)) {
            gen.writeStartObject();
            IsoSecond.writeProperty(gen, "time", second);
            gen.writeEndObject();
        }
        assertThat(ours.toString(StandardCharsets.US_ASCII)).isEqualTo("{\"time\":\"" + expected + "\"}");
    }

    @Test
    void shouldMatchInstantToStringOnTheEdges() {
        for (final String t : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2000-02-29T12:00:00Z",
            "2000-03-01T00:00:00Z", "1900-02-28T23:59:59Z", "1900-03-01T00:00:00Z", "2100-02-28T23:59:59Z",
            "2015-05-17T10:05:03Z", "2024-12-31T23:59:59Z", "0000-03-01T00:00:00Z", "1600-02-29T00:00:00Z"}) {
            check(Instant.parse(t).getEpochSecond());
        }
        for (long d = -2; d <= 2; d++) {
            check(MIN + d);
            check(MAX + d);
        }
        check(Long.MIN_VALUE / 1000);
        check(Instant.MAX.getEpochSecond());
    }

    @Test
    void shouldMatchInstantToStringOnRandomSeconds() {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 200_000; i++) {
            check(random.nextLong(MIN, MAX + 1));
        }
        for (int i = 0; i < 200_000; i++) {
            check(random.nextLong(0, 4_200_000_000L)); // the years 1970 to 2103, where logs are
        }
    }
}
