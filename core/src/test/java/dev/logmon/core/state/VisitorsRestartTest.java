package dev.logmon.core.state;

import dev.logmon.core.EngineHarness;
import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.VisitorSketch;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerHook;
import dev.logmon.core.combine.LifetimeTotals;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unique visitors survive a restart: the lifetime saved by a run (through the state file) seeds the
 * next run's combiner, whose lifetime then counts the union of both runs' addresses, not their sum.
 */
class VisitorsRestartTest {
    private static final long SEED = 2122;
    private static final double THREE_SIGMA = 3 * VisitorSketch.RSE;

    @TempDir
    Path dir;

    private static String address(final int i) {
        return "10." + (i >>> 16) + "." + ((i >>> 8) & 255) + "." + (i & 255);
    }

    /** 200 lines a second from {@code start}: every address of [from, to) once, then random ones of it. */
    private static int[] feed(final EngineHarness h, final SplittableRandom rnd, final long start, final int from,
                              final int to, final int lines) {
        final int[] fed = new int[lines];
        for (int i = 0; i < lines; i++) {
            final long second = start + i / 200;
            if (i > 0 && i % 200 == 0) {
                h.tick(second - 1);
            }
            final int a = i < to - from ? from + i : from + rnd.nextInt(to - from);
            h.line(TestLines.line(address(a), second, "/p", 200, 10));
            fed[i] = a;
        }
        return fed;
    }

    private static EngineHarness harness(final LifetimeTotals seed, final CombinerHook hook) {
        return new EngineHarness(2, 1_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 10, null, setup -> {
            if (seed != null) {
                setup.seed(seed);
            }
            if (hook != null) {
                setup.hook(hook);
            }
        });
    }

    private static void assertWithin(final long estimate, final int truth, final String what) {
        assertThat(Math.abs(estimate - truth) / (double) truth)
                .as("%s (seed %d): %d estimated, %d distinct", what, SEED, estimate, truth)
                .isLessThanOrEqualTo(THREE_SIGMA);
    }

    @Test
    void shouldCountTheUnionOfBothRunsAddressesAfterASaveAndARestore() throws Exception {
        final SplittableRandom rnd = new SplittableRandom(SEED);
        final AtomicBoolean saved = new AtomicBoolean();
        final CombinerHook save = new CombinerHook() {
            @Override
            public void onTickMerged(final long tick, final boolean last, final LifetimeTotals totals) {
                if (last) {
                    try {
                        StateFile.write(dir, List.of(), totals.lifetime(), totals.late(), totals.future(), totals.seconds());
                        saved.set(true);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };
        final EngineHarness first = harness(null, save);
        feed(first, rnd, T0, 0, 30_000, 60_000);
        first.tick(T0 + 299, true);
        assertThat(saved).isTrue();
        assertWithin(first.out.last().lifetime().visitors(), 30_000, "first run");

        final StateFile.Saved back = StateFile.read(dir, 1_000);
        assertThat(back.lifetime().visitors.estimate()).isEqualTo(first.out.last().lifetime().visitors());
        final EngineHarness second = harness(new LifetimeTotals(back.lifetime(), back.late(), back.future(),
                back.seconds()), null);
        // addresses 20,000 .. 49,999: 10,000 of them seen before, so a sum would say 60,000
        final int[] fed = feed(second, rnd, T0 + 1_000, 20_000, 50_000, 60_000);
        second.tick(T0 + 1_299, true);

        final Snapshot last = second.out.last();
        assertThat(last.lifetime().hits()).isEqualTo(120_000);
        assertWithin(last.lifetime().visitors(), 50_000, "lifetime after the restart");
        final java.util.Set<Integer> lastTwoMinutes = new java.util.HashSet<>();
        for (int i = fed.length - 200 * 120; i < fed.length; i++) {
            lastTwoMinutes.add(fed[i]);
        }
        assertThat(last.second()).isEqualTo(T0 + 1_299);
        assertWithin(last.twoMinutes().visitors(), lastTwoMinutes.size(), "2 minutes after the restart");
    }
}
