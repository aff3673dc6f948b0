package dev.logmon.core.combine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.RuleState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state machine's boundaries: {@code for} and {@code keep_firing_for} counted as Prometheus does. */
class NamedRuleTest {

    private static List<String> run(final long forSeconds, final long keepSeconds, final boolean[] cond) {
        final NamedRule rule = new NamedRule(new AlertRuleSpec("r", AlertRuleKind.SILENCE, 10, forSeconds,
                keepSeconds, 0, 5, 0, 0, 0), 0);
        final List<String> out = new ArrayList<>();
        for (int t = 0; t < cond.length; t++) {
            final AlertEvent e = rule.evaluate(t, 1000 + t, cond[t], 0, 0, 0);
            if (e != null) {
                out.add((e.on() ? "on@" : "off@") + t);
            }
        }
        return out;
    }

    /** True at seconds 0..4, false after. */
    private static boolean[] trueUntil5() {
        final boolean[] c = new boolean[20];
        for (int t = 0; t < 5; t++) {
            c[t] = true;
        }
        return c;
    }

    @Test
    void shouldResolveKeepFiringForSecondsAfterTheFirstFalseSecond() {
        assertEquals(List.of("on@0", "off@5"), run(0, 0, trueUntil5()), "keep 0: off at the first false second");
        assertEquals(List.of("on@0", "off@6"), run(0, 1, trueUntil5()), "keep 1s must hold one second more than 0");
        assertEquals(List.of("on@0", "off@8"), run(0, 3, trueUntil5()), "keep 3s: 3 seconds after the first false");
    }

    @Test
    void shouldFireForSecondsAfterTheFirstTrueSecond() {
        assertEquals(List.of("on@0", "off@5"), run(0, 0, trueUntil5()));
        assertEquals(List.of("on@1", "off@5"), run(1, 0, trueUntil5()));
        assertEquals(List.of("on@4", "off@5"), run(4, 0, trueUntil5()));
        assertEquals(List.of(), run(5, 0, trueUntil5()), "held only 4 seconds past its first: for 5s never fires");
    }

    @Test
    void shouldReportOkPendingFiringHoldingWithTheLabelEachBegan() {
        final NamedRule rule = new NamedRule(new AlertRuleSpec("r", AlertRuleKind.SILENCE, 10, 2,
                3, 0, 5, 0, 0, 0), 0);
        assertEquals(new RuleState("r", AlertRuleKind.SILENCE, RuleState.Phase.OK, Double.NaN, 5, 0), rule.state(),
                "never evaluated: ok since the start, no value");
        // t:     0  1  2  3  4  5  6  7  8  9  10 11 12 13 14
        final boolean[] cond = {false, true, false, true, true, true, false, false, true, false, false, false,
            false, false, false};
        final String[] want = {"OK@0", "PENDING@1001", "OK@1002", "PENDING@1003", "PENDING@1003", "FIRING@1005",
            "HOLDING@1006", "HOLDING@1006", "FIRING@1005", "HOLDING@1009", "HOLDING@1009", "HOLDING@1009",
            "OK@1012", "OK@1012", "OK@1012"};
        for (int t = 0; t < cond.length; t++) {
            rule.evaluate(t, 1000 + t, cond[t], t * 1.5, 0, 0);
            final RuleState s = rule.state();
            assertEquals(want[t], s.state() + "@" + s.since(), "second " + t);
            assertEquals(t * 1.5, s.value(), "second " + t + ": the value measured last");
            assertEquals(5, s.limit());
        }
    }
}
