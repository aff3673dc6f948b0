package dev.logmon.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {

    @Test
    void shouldAdvanceOneSecondPerLogRateLines() {
        final SimulatedClock c = new SimulatedClock(100, 3, Burst.NONE);
        final long[] seconds = new long[7];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = c.next();
        }
        assertThat(seconds).containsExactly(100, 100, 100, 101, 101, 101, 102);
    }

    @Test
    void shouldHoldFactorTimesTheLinesInBurstSeconds() {
        final SimulatedClock c = new SimulatedClock(0, 10, Burst.parse("5:2:4"));
        final Map<Long, Integer> perSecond = new TreeMap<>();
        for (int i = 0; i < 2 * (3 * 10 + 2 * 40); i++) {
            perSecond.merge(c.next(), 1, Integer::sum);
        }
        assertThat(perSecond).containsExactly(Map.entry(0L, 10), Map.entry(1L, 10), Map.entry(2L, 10),
                Map.entry(3L, 40), Map.entry(4L, 40), Map.entry(5L, 10), Map.entry(6L, 10), Map.entry(7L, 10),
                Map.entry(8L, 40), Map.entry(9L, 40));
    }
}
