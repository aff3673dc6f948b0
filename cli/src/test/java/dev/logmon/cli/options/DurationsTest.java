package dev.logmon.cli.options;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "10m,600000", "1h,3600000", "5,5000", "0,0", "' 10M ',600000",
        "-3s,-1", "5 parsecs,-1", "s,-1", "1.5s,-1", "'',-1", "1d,-1", "9999999999999s,-1"})
    void shouldParseDurationsAndRefuseAnythingElse(final String text, final long millis) {
        assertThat(Durations.parseMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @CsvSource({"30d,2592000000", "1d,86400000", "' 2D ',172800000", "12h,43200000", "5m,300000", "d,-1", "-1d,-1",
        "1.5d,-1", "9999999d,-1"})
    void shouldParseDaysWhereALongSpanIsAsked(final String text, final long millis) {
        assertThat(Durations.parseMillisOrDays(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @CsvSource({"86400000,1d", "600000,10m", "5000,5s", "250,250ms", "3600000,1h", "0,0s"})
    void shouldFormatDurationsShortest(final long millis, final String text) {
        assertThat(Durations.format(millis)).isEqualTo(text);
    }
}
