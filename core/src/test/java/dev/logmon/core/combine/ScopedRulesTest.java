package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.StatusCounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules scoped to one source ({@code source=FILE}) on a scripted clock: two sites, a busy healthy
 * one (source 0) and a small one (source 1) that fails and then goes silent. The scoped rules see
 * the small site's trouble that the whole traffic hides; expected transitions come from a plain loop.
 */
class ScopedRulesTest {
    private static final int SECONDS = 300;
    private static final int WINDOW = 10;
    private static final long FOR = 5;
    private static final long KEEP = 7;
    private static final long MIN_HITS = 50;

    /** One second: the big site's hits, the small site's hits and 5xx among them. */
    private record Second(int big, int small, int smallErrors) {
    }

    /** Big site 20..29 hits/s; small site 8..12 hits/s, half 5xx over 40..70, silent over 150..180. */
    private static Second[] script(final long seed) {
        final Random random = new Random(seed);
        final Second[] s = new Second[SECONDS];
        for (int t = 0; t < SECONDS; t++) {
            final int big = 20 + random.nextInt(10);
            int small = 8 + random.nextInt(5);
            int errors = random.nextInt(2);
            if (t >= 40 && t < 70) {
                errors = small / 2;
            }
            if (t >= 150 && t < 180) {
                small = 0;
                errors = 0;
            }
            s[t] = new Second(big, small, errors);
        }
        return s;
    }

    private static Frame frame(final long second, final Second s) {
        final Frame f = new Frame(16);
        f.clear(second);
        f.hits = s.big() + s.small();
        f.status[StatusCounts.classIndex(500)] = s.smallErrors();
        f.status[StatusCounts.classIndex(200)] = f.hits - s.smallErrors();
        f.sources.add(0, s.big(), 100L * s.big(), 0, 0);
        f.sources.add(1, s.small(), 100L * s.small(), 0, s.smallErrors());
        return f;
    }

    private static List<String> run(final AlertRuleSpec spec, final Second[] script) {
        final WindowRing ring = new WindowRing(16, 16);
        final NamedRules rules = new NamedRules(List.of(spec), 0, 16);
        final List<String> events = new ArrayList<>();
        long lifetime = 0;
        for (int t = 0; t < script.length; t++) {
            ring.open(t);
            final Frame f = frame(t, script[t]);
            ring.add(f);
            lifetime += f.hits;
            rules.evaluate(ring, t, t, t + 1, lifetime / (double) (t + 1),
                    (AlertEvent e) -> events.add((e.on() ? "on@" : "off@") + e.second()));
        }
        return events;
    }

    /** The plain loop: transitions from the per-second condition, with for and keep_firing_for. */
    private static List<String> expected(final IntPredicate condition) {
        final boolean[] cond = new boolean[SECONDS];
        for (int t = WINDOW - 1; t < SECONDS; t++) {
            cond[t] = condition.test(t);
        }
        final List<String> out = new ArrayList<>();
        boolean firing = false;
        for (int t = WINDOW - 1; t < SECONDS; t++) {
            if (!firing && held(cond, t - (int) FOR, t, true)) {
                firing = true;
                out.add("on@" + t);
            } else if (firing && held(cond, t - (int) KEEP, t, false)) {
                firing = false;
                out.add("off@" + t);
            }
        }
        return out;
    }

    private static boolean held(final boolean[] cond, final int from, final int to, final boolean value) {
        if (from < WINDOW - 1) {
            return false;
        }
        for (int u = from; u <= to; u++) {
            if (cond[u] != value) {
                return false;
            }
        }
        return true;
    }

    private static long sum(final Second[] s, final int t, final java.util.function.ToIntFunction<Second> field) {
        long n = 0;
        for (int u = t - WINDOW + 1; u <= t; u++) {
            n += field.applyAsInt(s[u]);
        }
        return n;
    }

    private static AlertRuleSpec spec(final AlertRuleKind kind, final double limit, final long minHits, final int source) {
        return new AlertRuleSpec(kind.displayName(), kind, WINDOW, FOR, KEEP, minHits, limit, 1 << 4, 0, 0, source);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireAnErrorRatioScopedToTheFailingSourceThatTheWholeTrafficHides(final long seed) {
        final Second[] s = script(seed);
        final List<String> want = expected(t -> {
            final long hits = sum(s, t, Second::small);
            return hits >= MIN_HITS && sum(s, t, Second::smallErrors) / (double) hits > 0.2;
        });
        assertThat(want).as("seed %d: the script must make the scoped rule fire and resolve", seed).hasSizeGreaterThan(1);

        assertThat(run(spec(AlertRuleKind.ERROR_RATIO, 0.2, MIN_HITS, 1), s)).as("seed %d", seed).isEqualTo(want);
        assertThat(run(spec(AlertRuleKind.ERROR_RATIO, 0.2, MIN_HITS, AlertRuleSpec.ALL_SOURCES), s))
                .as("seed %d: over all traffic the 5xx share stays under 0.2", seed).isEmpty();
        assertThat(run(spec(AlertRuleKind.ERROR_RATIO, 0.2, MIN_HITS, 0), s)).as("seed %d: the healthy site", seed)
                .isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireSilenceScopedToTheSourceThatStopsWhileTheOtherGoesOn(final long seed) {
        final Second[] s = script(seed);
        final List<String> want = expected(t -> sum(s, t, Second::small) < 5);
        assertThat(want).as("seed %d", seed).hasSize(2);

        assertThat(run(spec(AlertRuleKind.SILENCE, 5, 0, 1), s)).as("seed %d", seed).isEqualTo(want);
        assertThat(run(spec(AlertRuleKind.SILENCE, 5, 0, AlertRuleSpec.ALL_SOURCES), s)).as("seed %d", seed).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireAbsoluteTrafficScopedToOneSource(final long seed) {
        final Second[] s = script(seed);
        // the big site's rate over 24.5 hits/s: fires and clears on the random traffic of its own rows only
        final List<String> want = expected(t -> sum(s, t, Second::big) / (double) WINDOW > 24.5);
        assertThat(run(spec(AlertRuleKind.ABSOLUTE, 24.5, 0, 0), s)).as("seed %d", seed).isEqualTo(want);
    }
}
