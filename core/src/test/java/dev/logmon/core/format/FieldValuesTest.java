package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.OffsetDateTime;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldValuesTest {

    static Stream<Arguments> latencies() {
        return Stream.of(
                arguments("0.123", FieldValues.SECONDS, 123_000L),
                arguments("12", FieldValues.SECONDS, 12_000_000L),
                arguments(".5", FieldValues.SECONDS, 500_000L),
                arguments("0.0000019", FieldValues.SECONDS, 1L),
                arguments("15", FieldValues.MILLIS, 15_000L),
                arguments("2.25", FieldValues.MILLIS, 2_250L),
                arguments("1234", FieldValues.MICROS, 1_234L),
                arguments("2500000", FieldValues.NANOS, 2_500L),
                arguments("-", FieldValues.SECONDS, FieldValues.ABSENT),
                arguments("", FieldValues.SECONDS, FieldValues.ABSENT),
                arguments("7200", FieldValues.SECONDS, FieldValues.MAX_LATENCY_MICROS),
                arguments("99999999999999999999999", FieldValues.MICROS, FieldValues.MAX_LATENCY_MICROS),
                arguments("-1", FieldValues.SECONDS, FieldValues.INVALID),
                arguments("9e99", FieldValues.SECONDS, FieldValues.INVALID),
                arguments("1.2.3", FieldValues.SECONDS, FieldValues.INVALID),
                arguments(".", FieldValues.SECONDS, FieldValues.INVALID),
                arguments("NaN", FieldValues.SECONDS, FieldValues.INVALID));
    }

    @ParameterizedTest(name = "{0} in unit {1}")
    @MethodSource("latencies")
    void shouldReadRequestTimesInAnyUnitAsClampedMicroseconds(final String text, final int unit, final long micros) {
        final byte[] b = ascii(text);
        assertThat(FieldValues.latencyMicros(b, 0, b.length, unit)).isEqualTo(micros);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 99})
    void shouldReadIso8601TimesAsTheJdkDoes(final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            final OffsetDateTime t = OffsetDateTime.of(r.nextInt(1970, 2100), r.nextInt(1, 13), r.nextInt(1, 29),
                    r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(2) * 123_000_000,
                    java.time.ZoneOffset.ofTotalSeconds(r.nextInt(-14, 15) * 3600 + (r.nextBoolean() ? 1800 : 0)
                            * (r.nextBoolean() ? 1 : 0)));
            final String text = t.format(java.time.format.DateTimeFormatter.ofPattern(
                    r.nextBoolean() ? "uuuu-MM-dd'T'HH:mm:ss.SSSXXX" : "uuuu-MM-dd'T'HH:mm:ssXX"));
            final byte[] b = ascii(text);
            assertThat(FieldValues.iso8601(b, 0, b.length)).as(text).isEqualTo(t.toEpochSecond());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T00:00:00+2", "2026-01-01T00:00:00.Z", "2026/01/01T00:00:00Z"})
    void shouldRefuseIso8601TimesWithoutAZoneOrOutOfRange(final String text) {
        final byte[] b = ascii(text);
        assertThat(FieldValues.iso8601(b, 0, b.length)).isEqualTo(FieldValues.INVALID);
    }
}
