package dev.logmon.core.combine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.StatusCounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each named rule kind on a scripted clock: the window ring is fed one scripted second at a time,
 * and the transitions the rules publish are compared with those a plain loop over the script
 * computes (condition per second from the script's own numbers, then "held for + 1 seconds in a
 * row" to fire and "false keep+1 seconds in a row" to resolve, as for).
 */
class NamedRulesTest {
    private static final int SECONDS = 400;
    private static final int WINDOW = 10;
    private static final long FOR = 5;
    private static final long KEEP = 7;
    private static final long MIN_HITS = 50;
    private static final byte[] BOT = "10.0.0.66".getBytes(StandardCharsets.US_ASCII);

    /** One scripted second: hits, of which 5xx, slow (900 ms; the rest 100 ms), from the bot. */
    private record Second(int hits, int errors, int slow, int bot) {
    }

    /**
     * Base traffic of 8..12 hits/s with bursts: errors 40..70, a short error flap 100..103,
     * a quiet stretch 150..200 (1 hit/s, all 5xx, all slow, all from the bot: under the minimum
     * volume), silence 250..280, slow requests 300..330 and a bot 340..370.
     */
    private static Second[] script(final long seed) {
        final Random random = new Random(seed);
        final Second[] s = new Second[SECONDS];
        for (int t = 0; t < SECONDS; t++) {
            final int hits = 8 + random.nextInt(5);
            int errors = random.nextInt(2);
            int slow = 0;
            int bot = 0;
            if (t >= 40 && t < 70 || t >= 100 && t < 103) {
                errors = hits / 2;
            }
            if (t >= 300 && t < 330) {
                slow = hits / 2;
            }
            if (t >= 340 && t < 370) {
                bot = hits - 1;
            }
            if (t >= 150 && t < 200) {
                s[t] = new Second(1, 1, 1, 1);
            } else if (t >= 250 && t < 280) {
                s[t] = new Second(0, 0, 0, 0);
            } else {
                s[t] = new Second(hits, errors, slow, bot);
            }
        }
        return s;
    }

    private static AlertRuleSpec spec(final AlertRuleKind kind, final double limit, final double percentile,
                                      final double rate) {
        return new AlertRuleSpec(kind.displayName(), kind, WINDOW, FOR, KEEP, MIN_HITS, limit, 1 << 4, percentile,
                rate);
    }

    /** Runs the rule over the script; returns "on@t" / "off@t" transitions. */
    private static List<String> run(final AlertRuleSpec spec, final Second[] script) {
        final WindowRing ring = new WindowRing(64, 64);
        final NamedRules rules = new NamedRules(List.of(spec), 0, 64);
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

    private static Frame frame(final long second, final Second s) {
        final Frame f = new Frame(64);
        f.clear(second);
        f.hits = s.hits();
        f.status[StatusCounts.classIndex(500)] = s.errors();
        f.status[StatusCounts.classIndex(200)] = s.hits() - s.errors();
        for (int i = 0; i < s.hits(); i++) {
            f.latency.recordValue(i < s.slow() ? 900_000 : 100_000);
        }
        if (s.bot() > 0) {
            f.hosts.add(66, BOT, 0, BOT.length, 100L * s.bot(), s.bot(), 0);
        }
        final int others = s.hits() - s.bot();
        for (int i = 0; i < others; i++) {
            final byte[] host = ("10.1.0." + i).getBytes(StandardCharsets.US_ASCII);
            f.hosts.add(1000 + i, host, 0, host.length, 100, 1, 0);
        }
        return f;
    }

    /** The plain loop: transitions from the per-second condition. */
    private static List<String> expected(final IntPredicate condition, final int seconds) {
        final boolean[] cond = new boolean[seconds];
        for (int t = WINDOW - 1; t < seconds; t++) {
            cond[t] = condition.test(t);
        }
        final List<String> out = new ArrayList<>();
        boolean firing = false;
        for (int t = WINDOW - 1; t < seconds; t++) {
            if (!firing && heldFrom(cond, t - (int) FOR, t, true)) {
                firing = true;
                out.add("on@" + t);
            } else if (firing && heldFrom(cond, t - (int) KEEP, t, false)) {
                firing = false;
                out.add("off@" + t);
            }
        }
        return out;
    }

    private static boolean heldFrom(final boolean[] cond, final int from, final int to, final boolean value) {
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

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireErrorRatioAfterForAndResolveAfterKeepFiringFor(final long seed) {
        final Second[] s = script(seed);
        final List<String> want = expected(t -> {
            final long hits = sum(s, t, Second::hits);
            return hits >= MIN_HITS && sum(s, t, Second::errors) / (double) hits > 0.2;
        }, SECONDS);
        assertThat(want).as("seed %d: the script must make the rule fire and resolve", seed).hasSizeGreaterThan(1);
        assertThat(run(spec(AlertRuleKind.ERROR_RATIO, 0.2, 0, 0), s)).as("seed %d", seed).isEqualTo(want);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireLatencyOnThePercentileOfTheWindow(final long seed) {
        final Second[] s = script(seed);
        final List<String> want = expected(t -> {
            final List<Integer> times = new ArrayList<>();
            for (int u = t - WINDOW + 1; u <= t; u++) {
                for (int i = 0; i < s[u].hits(); i++) {
                    times.add(i < s[u].slow() ? 900 : 100);
                }
            }
            if (times.size() < MIN_HITS) {
                return false;
            }
            times.sort(null);
            // HdrHistogram's percentile: the value at rank ceil(p/100 * n)
            final int rank = (int) Math.ceil(0.90 * times.size());
            return times.get(Math.max(0, rank - 1)) > 500;
        }, SECONDS);
        assertThat(want).as("seed %d", seed).hasSizeGreaterThan(1);
        assertThat(run(spec(AlertRuleKind.LATENCY, 500, 90, 0), s)).as("seed %d", seed).isEqualTo(want);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireSilenceWhenFewerHitsThanTheLimit(final long seed) {
        final Second[] s = script(seed);
        final List<String> want = expected(t -> sum(s, t, Second::hits) < 20, SECONDS);
        assertThat(want).as("seed %d", seed).hasSizeGreaterThan(1);
        assertThat(run(spec(AlertRuleKind.SILENCE, 20, 0, 0), s)).as("seed %d", seed).isEqualTo(want);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireClientFloodOnOneHostsShare(final long seed) {
        final Second[] s = script(seed);
        final List<String> want = expected(t -> {
            final long hits = sum(s, t, Second::hits);
            final long bot = sum(s, t, Second::bot);
            final long busiest = Math.max(bot, hits - bot > 0 ? sum(s, t, x -> x.hits() - x.bot() > 0 ? 1 : 0) : 0);
            return hits >= MIN_HITS && busiest / (double) hits > 0.5;
        }, SECONDS);
        assertThat(want).as("seed %d", seed).hasSizeGreaterThan(1);
        assertThat(run(spec(AlertRuleKind.CLIENT_FLOOD, 0.5, 0, 0), s)).as("seed %d", seed).isEqualTo(want);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireClientFloodOnOneHostsRate(final long seed) {
        final Second[] s = script(seed);
        final List<String> want = expected(t -> sum(s, t, Second::hits) >= MIN_HITS
                && sum(s, t, Second::bot) / (double) WINDOW > 5, SECONDS);
        assertThat(want).as("seed %d", seed).hasSizeGreaterThan(1);
        assertThat(run(spec(AlertRuleKind.CLIENT_FLOOD, 0, 0, 5), s)).as("seed %d", seed).isEqualTo(want);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFireNamedTrafficRuleOnTheAbsoluteRate(final long seed) {
        final Second[] s = script(seed);
        final List<String> want = expected(t -> sum(s, t, Second::hits) >= MIN_HITS
                && sum(s, t, Second::hits) / (double) WINDOW > 10.5, SECONDS);
        assertThat(want).as("seed %d", seed).hasSizeGreaterThan(1);
        assertThat(run(spec(AlertRuleKind.ABSOLUTE, 10.5, 0, 0), s)).as("seed %d", seed).isEqualTo(want);
    }

    @Test
    void shouldNeverFireUnderTheMinimumVolume() {
        // every hit a slow 5xx from one host, but only 4 hits a window: under min-hits 50
        final Second[] s = new Second[SECONDS];
        for (int t = 0; t < SECONDS; t++) {
            s[t] = t % 3 == 0 ? new Second(1, 1, 1, 1) : new Second(0, 0, 0, 0);
        }
        assertThat(run(spec(AlertRuleKind.ERROR_RATIO, 0.01, 0, 0), s)).isEmpty();
        assertThat(run(spec(AlertRuleKind.LATENCY, 1, 50, 0), s)).isEmpty();
        assertThat(run(spec(AlertRuleKind.CLIENT_FLOOD, 0.1, 0, 0.01), s)).isEmpty();
        assertThat(run(spec(AlertRuleKind.ABSOLUTE, 0.01, 0, 0), s)).isEmpty();
    }

    @Test
    void shouldCarryTheRuleNameAndMeasureInTheEvent() {
        final List<AlertEvent> events = new ArrayList<>();
        final NamedRule rule = new NamedRule(new AlertRuleSpec("5xx", AlertRuleKind.ERROR_RATIO, 60, 0, 0, 1, 0.05,
                1 << 4, 0, 0), 0);
        events.add(rule.evaluate(100, 1_700_000_000L, true, 0.25, 3, 2));
        events.add(rule.evaluate(101, 1_700_000_001L, false, 0.01, 3, 2));
        assertThat(events.get(0).name()).isEqualTo("5xx");
        assertThat(events.get(0).rule()).isEqualTo(AlertRuleKind.ERROR_RATIO);
        assertThat(events.get(0).value()).isEqualTo(0.25);
        assertThat(events.get(0).message()).isEqualTo(
                "Alert 5xx (error-ratio) firing - 5xx ratio = 0.2500 over 60s, limit 0.05, triggered at 2023-11-14T22:13:20Z");
        assertThat(events.get(1).on()).isFalse();
        assertThat(events.get(1).message()).startsWith("Alert 5xx (error-ratio) off - ");
    }
    @Test
    void shouldSeeAFloodingHostWithEmptyResponsesInAWindowWithMoreHostsThanTheCapacity() {
        // 60 new visitors a second with 50 kB each, and one bot with 30 empty responses a second:
        // over 10 s the window holds 601 hosts, far over the capacity 64 a merge by bytes keeps
        final AlertRuleSpec spec = new AlertRuleSpec("bot", AlertRuleKind.CLIENT_FLOOD, 10, 0, 0, 10, 0.25, 0, 0, 0);
        final WindowRing ring = new WindowRing(64, 64);
        final NamedRules rules = new NamedRules(List.of(spec), 0, 64);
        final List<AlertEvent> events = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            ring.open(t);
            final Frame f = new Frame(64);
            f.clear(t);
            f.hits = 90;
            f.status[StatusCounts.classIndex(200)] = 90;
            f.hosts.add(66, BOT, 0, BOT.length, 0, 30, 0);
            for (int i = 0; i < 60; i++) {
                final byte[] host = ("10.2." + t + "." + i).getBytes(StandardCharsets.US_ASCII);
                f.hosts.add(5000 + 100L * t + i, host, 0, host.length, 50_000, 1, 0);
            }
            ring.add(f);
            rules.evaluate(ring, t, t, t + 1, 90, events::add);
        }

        assertThat(events).as("the bot has a third of the hits").hasSize(1);
        assertThat(events.get(0).on()).isTrue();
        assertThat(events.get(0).second()).isEqualTo(9);
        assertThat(events.get(0).value()).isEqualTo(300.0);
    }
}
