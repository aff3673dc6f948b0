package dev.logmon.core.combine;

import dev.logmon.core.EngineHarness;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

class AlertRuleTest {
    private static final int W = AlertRule.WINDOW_SECONDS;

    /** Evaluates second T0+k for k in [from, to) with a constant 2-minute count; lifetime grows at {@code lifetimeRate}. */
    private static List<AlertEvent> run(final AlertRule rule, final int from, final int to, final long hits2m,
                                        final long lifetimeRate) {
        final List<AlertEvent> events = new ArrayList<>();
        for (int k = from; k < to; k++) {
            final AlertEvent e = rule.evaluate(T0 + k, hits2m, lifetimeRate * (k + 1), k + 1);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    @Test
    void shouldUseTheSecondTheOriginalSampleLogStartsAt() {
        assertThat(Instant.ofEpochSecond(T0)).isEqualTo(Instant.parse("2015-05-17T10:05:00Z"));
    }

    @Test
    void shouldNeverFireBeforeTwoFullMinutesEvenWithHugeTraffic() {
        final AlertRule rule = new AlertRule(AlertRuleKind.ABSOLUTE, 10, 10);
        assertThat(run(rule, 0, W - 1, 1_000_000, 0)).isEmpty();
        assertThat(rule.isOn()).isFalse();
        final List<AlertEvent> at120 = run(rule, W - 1, W, 1_000_000, 0);
        assertThat(at120).singleElement().satisfies(e -> {
            assertThat(e.on()).isTrue();
            assertThat(e.second()).isEqualTo(T0 + W - 1);
        });
    }

    @Test
    void shouldFireOnTheFirstQualifyingSecondAndStayOnWithoutRepeatsWhenRepeatIsZero() {
        final AlertRule rule = new AlertRule(AlertRuleKind.ABSOLUTE, 10, 0);
        assertThat(run(rule, 0, 200, 1_200, 0)).isEmpty();
        final List<AlertEvent> on = run(rule, 200, 500, 1_201, 0);
        assertThat(on).singleElement().satisfies(e -> {
            assertThat(e.on()).isTrue();
            assertThat(e.repeat()).isFalse();
            assertThat(e.second()).isEqualTo(T0 + 200);
            assertThat(e.startedAt()).isEqualTo(T0 + 200);
        });
        assertThat(rule.isOn()).isTrue();
        assertThat(rule.status().on()).isTrue();
    }

    @Test
    void shouldRepeatTheOnMessageEveryRepeatSecondsWhileItHolds() {
        final AlertRule rule = new AlertRule(AlertRuleKind.ABSOLUTE, 10, 10);
        run(rule, 0, 150, 0, 0);
        final List<AlertEvent> events = run(rule, 150, 181, 2_400, 0);
        assertThat(events).extracting(AlertEvent::second).containsExactly(T0 + 150, T0 + 160, T0 + 170, T0 + 180);
        assertThat(events).extracting(AlertEvent::repeat).containsExactly(false, true, true, true);
        assertThat(events).extracting(AlertEvent::startedAt).containsOnly(T0 + 150);
        assertThat(events).allMatch(AlertEvent::on);
    }

    @Test
    void shouldRecoverOnceWithOneOffMessage() {
        final AlertRule rule = new AlertRule(AlertRuleKind.ABSOLUTE, 10, 10);
        run(rule, 0, 130, 2_400, 0);
        final List<AlertEvent> off = run(rule, 130, 400, 100, 0);
        assertThat(off).singleElement().satisfies(e -> {
            assertThat(e.on()).isFalse();
            assertThat(e.second()).isEqualTo(T0 + 130);
            assertThat(e.startedAt()).isEqualTo(T0 + W - 1);
        });
        assertThat(rule.isOn()).isFalse();
    }

    @Test
    void shouldTreatEqualityAtTheThresholdAsNoAlert() {
        final AlertRule absolute = new AlertRule(AlertRuleKind.ABSOLUTE, 10, 0);
        assertThat(run(absolute, 0, 300, 10 * W, 0)).isEmpty();
        final AlertRule relative = new AlertRule(AlertRuleKind.RELATIVE, 2, 0);
        assertThat(run(relative, 0, 300, 5 * W, 3)).isEmpty();
        assertThat(run(relative, 300, 301, 5 * W + 1, 3)).hasSize(1);
    }

    @Test
    void shouldCompareRelativeRulesWithTheLifetimeRateAndAbsoluteRulesWithTheThresholdAlone() {
        final AlertRule relative = new AlertRule(AlertRuleKind.RELATIVE, 10, 0);
        final AlertRule absolute = new AlertRule(AlertRuleKind.ABSOLUTE, 10, 0);
        // 2-minute average 12/s against a lifetime average of 5/s: 12 > 10, but not 12 > 5 + 10
        assertThat(run(relative, 0, 300, 12 * W, 5)).isEmpty();
        assertThat(run(absolute, 0, 300, 12 * W, 5)).hasSize(1);
        // 16/s > 5 + 10
        assertThat(run(relative, 300, 301, 16 * W, 5)).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo(AlertRuleKind.RELATIVE);
            assertThat(e.avg2m()).isEqualTo(16.0);
            assertThat(e.lifetimeRate()).isEqualTo(5.0);
            assertThat(e.threshold()).isEqualTo(10.0);
        });
    }

    @Test
    void shouldWordTheMessagesLikeTheOriginalTool() {
        final AlertRule rule = new AlertRule(AlertRuleKind.ABSOLUTE, 10, 0);
        final AlertEvent on = rule.evaluate(T0 + 3, 1_482, 1_482, W);
        assertThat(on.message()).isEqualTo("High traffic generated an alert - hits = 12.35, triggered at 2015-05-17T10:05:03Z");
        final AlertEvent off = rule.evaluate(T0 + 120, 0, 1_482, W + 117);
        assertThat(off.message()).isEqualTo("Alert Off - Traffic returned to normal at 2015-05-17T10:07:00Z");
    }

    @Test
    void shouldRaiseAndClearTheAlertAtTheExpectedSecondsThroughTheCombiner() {
        // 1 hit/s for 200 s, 5 hits/s for 100 s from R = T0+200, then silence; absolute threshold 2/s (240 in 2 min).
        // At R+k the window holds (119-k)*1 + (k+1)*5 = 124 + 4k hits: first above 240 at k = 30.
        // At D+j (D = R+100, j >= 20) it holds 5*(119-j): at most 240 from j = 71, i.e. R+171.
        final EngineHarness h = new EngineHarness(2, 100, new AlertRule(AlertRuleKind.ABSOLUTE, 2, 0), 10, null);
        final long r = T0 + 200;
        for (long s = T0; s < T0 + 500; s++) {
            final int n = s < r ? 1 : s < r + 100 ? 5 : 0;
            h.hits(s, n);
            h.tick(s);
        }
        assertThat(h.out.alerts()).extracting(AlertEvent::on, AlertEvent::second)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, r + 30),
                        org.assertj.core.groups.Tuple.tuple(false, r + 171));
        assertThat(h.out.alerts().get(0).avg2m()).isEqualTo(244 / 120.0);
    }

    @Test
    void shouldShowTheRuleStateInSnapshots() {
        final EngineHarness h = new EngineHarness(1, 100, new AlertRule(AlertRuleKind.ABSOLUTE, 0.5, 0), 10, null);
        for (long s = T0; s < T0 + 130; s++) {
            h.hits(s, 1);
            h.tick(s);
        }
        final AlertStatus status = h.out.last().alert();
        assertThat(status.on()).isTrue();
        assertThat(status.avg2m()).isEqualTo(1.0);
        assertThat(status.lifetimeRate()).isEqualTo(1.0);
    }
}
