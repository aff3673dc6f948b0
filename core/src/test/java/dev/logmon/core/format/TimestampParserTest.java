package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampParserTest {
    private static final DateTimeFormatter APACHE =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss xx']'", Locale.ROOT);

    @Test
    void shouldCountDaysLikeJavaTimeForEveryDayOfFourCenturies() {
        for (LocalDate d = LocalDate.of(1800, 1, 1); d.getYear() < 2200; d = d.plusDays(1)) {
            assertThat(TimestampParser.daysFromCivil(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
                    .as("%s", d).isEqualTo(d.toEpochDay());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L})
    void shouldAgreeWithJavaTimeOnRandomTimestampsAndZones(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            final LocalDate day = LocalDate.ofEpochDay(random.nextLong(LocalDate.of(1, 1, 1).toEpochDay(),
                    LocalDate.of(9999, 12, 31).toEpochDay() + 1));
            final ZoneOffset zone = ZoneOffset.ofHoursMinutes(random.nextInt(-14, 15), 0)
                    .compareTo(ZoneOffset.UTC) == 0 && random.nextBoolean()
                    ? ZoneOffset.ofHoursMinutes(5, 45)
                    : ZoneOffset.ofTotalSeconds(random.nextInt(-14 * 4, 14 * 4 + 1) * 900);
            final OffsetDateTime time = day.atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60)).atOffset(zone);
            final byte[] text = ascii(APACHE.format(time));

            assertThat(TimestampParser.parse(text, 0, text.length)).as(new String(text, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo(time.toEpochSecond());
        }
    }

    @Test
    void shouldReportACutTimestampAsTruncatedAndAWrongOneAsInvalid() {
        final byte[] text = ascii("[10/Oct/2000:13:55:36 -0700]");
        for (int cut = 0; cut < text.length; cut++) {
            assertThat(TimestampParser.parse(text, 0, cut)).as("cut at %d", cut).isEqualTo(TimestampParser.TRUNCATED);
        }
        final byte[] wrong = ascii("[10/Oct/2000:13:55:36]");
        assertThat(TimestampParser.parse(wrong, 0, wrong.length)).isEqualTo(TimestampParser.INVALID);
    }
}
