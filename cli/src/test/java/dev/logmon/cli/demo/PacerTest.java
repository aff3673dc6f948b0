package dev.logmon.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldSpreadLinesEvenlyOverEachSecond() {
        final Pacer p = new Pacer(10, Burst.NONE);
        assertThat(p.dueBy(0)).isEqualTo(1);
        assertThat(p.dueBy(SECOND / 2 - 1)).isEqualTo(5);
        assertThat(p.dueBy(SECOND / 2)).isEqualTo(6);
        assertThat(p.dueBy(SECOND - 1)).isEqualTo(10);
        assertThat(p.dueBy(3 * SECOND)).isEqualTo(31);
    }

    @Test
    void shouldRaiseTheRateInBurstSeconds() {
        final Pacer p = new Pacer(10, Burst.parse("4:1:5"));
        assertThat(p.dueBy(3 * SECOND)).isEqualTo(31);
        assertThat(p.dueBy(4 * SECOND)).isEqualTo(30 + 50 + 1);
        assertThat(p.dueBy(7 * SECOND)).isEqualTo(80 + 30 + 1);
        assertThat(p.pauseNanos(0)).isEqualTo(SECOND / 100);
        assertThat(new Pacer(1_000_000, Burst.NONE).pauseNanos(0)).isEqualTo(50_000);
    }
}
