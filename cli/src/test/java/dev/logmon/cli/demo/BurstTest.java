package dev.logmon.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BurstTest {

    @Test
    void shouldBurstInTheLastDurationSecondsOfEveryPeriod() {
        final Burst b = Burst.parse("10:3:4");
        assertThat(b).isEqualTo(new Burst(10, 3, 4));
        for (long s = 0; s < 30; s++) {
            assertThat(b.active(s)).as("second %d", s).isEqualTo(s % 10 >= 7);
            assertThat(b.factorAt(s)).isEqualTo(s % 10 >= 7 ? 4 : 1);
        }
    }

    @Test
    void shouldCountLinesBeforeASecondAsTheSumOfEachSecond() {
        final Burst b = Burst.parse("7:2:3");
        long sum = 0;
        for (long s = 0; s < 50; s++) {
            assertThat(b.linesBefore(s, 5)).as("before second %d", s).isEqualTo(sum);
            sum += 5 * b.factorAt(s);
        }
        assertThat(Burst.NONE.linesBefore(9, 5)).isEqualTo(45);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "60", "60:20", "60:20:5:1", "a:20:5", "60:0:5", "60:61:5", "0:0:5", "60:20:0",
        "-60:20:5", "60:20:2.5"})
    void shouldRejectMalformedOrImpossibleBursts(final String text) {
        assertThatThrownBy(() -> Burst.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
