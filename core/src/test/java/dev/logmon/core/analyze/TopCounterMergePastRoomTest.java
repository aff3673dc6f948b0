package dev.logmon.core.analyze;

import dev.logmon.core.format.ByteHash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.logmon.core.analyze.TopCounterFacts.add;
import static dev.logmon.core.analyze.TopCounterFacts.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TopCounter#addAll} past the room left, with keys on both sides (the held keys' direct sums
 * of its past-room path), maps of different capacities, merges of merges: the totals stay exact in
 * every column, every kept count stays within the bound below its true sum, and the result does
 * not depend on either map's history (a reviewer's check of issue 22's fourth pass).
 */
class TopCounterMergePastRoomTest {

    private static long add(final TopCounter c, final Map<String, long[]> truth, final String key,
                            final long d0, final long d1, final long d2) {
        final byte[] b = key.getBytes(StandardCharsets.UTF_8);
        c.add(ByteHash.hash(b, 0, b.length), b, 0, b.length, d0, d1, d2);
        final long[] t = truth.computeIfAbsent(key, k -> new long[3]);
        t[0] += d0;
        t[1] += d1;
        t[2] += d2;
        return d0;
    }

    /** A map of {@code capacity} fed {@code adds} adds over {@code keys} keys (a shared pool: they overlap). */
    private static TopCounter map(final SplittableRandom rnd, final int capacity, final int keys, final int adds,
                                  final Map<String, long[]> truth) {
        final TopCounter c = new TopCounter(capacity, 64);
        for (int i = 0; i < adds; i++) {
            // a skewed pool, so some keys are on every side and some are rare
            final int k = (int) Math.min(keys - 1, (long) (keys * Math.pow(rnd.nextDouble(), 2.5)));
            add(c, truth, "/k" + k, 1 + rnd.nextInt(9), rnd.nextInt(3), rnd.nextInt(2));
        }
        return c;
    }

    private static void assertSound(final String what, final TopCounter c, final Map<String, long[]> truth) {
        final long[] sums = new long[3];
        for (final long[] t : truth.values()) {
            sums[0] += t[0];
            sums[1] += t[1];
            sums[2] += t[2];
        }
        final long[] kept = new long[3];
        for (final TopCounter.Entry e : c.top(Integer.MAX_VALUE)) {
            final long[] t = truth.get(e.key());
            assertThat(t).as("%s: %s was added", what, e.key()).isNotNull();
            assertThat(e.c0()).as("%s: %s", what, e.key()).isLessThanOrEqualTo(t[0])
                    .isGreaterThanOrEqualTo(t[0] - c.errorBound());
            kept[0] += e.c0();
            kept[1] += e.c1();
            kept[2] += e.c2();
        }
        assertThat(c.size()).as(what).isLessThanOrEqualTo(c.capacity());
        assertThat(kept[0] + c.other0()).as("%s: column 0 total", what).isEqualTo(sums[0]);
        assertThat(kept[1] + c.other1()).as("%s: column 1 total", what).isEqualTo(sums[1]);
        assertThat(kept[2] + c.other2()).as("%s: column 2 total", what).isEqualTo(sums[2]);
        assertThat(c.total0()).as(what).isEqualTo(sums[0]);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void shouldKeepTotalsExactAndCountsWithinTheBoundThroughMergesOfOverlappingMaps(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int keys = 20 + rnd.nextInt(400);
        final int[] capacities = {2, 3, 7, 16, 33, 64, 100};
        final List<TopCounter> maps = new ArrayList<>();
        final List<Map<String, long[]>> truths = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            final Map<String, long[]> truth = new HashMap<>();
            maps.add(map(rnd, capacities[rnd.nextInt(capacities.length)], keys, rnd.nextInt(1, 600), truth));
            truths.add(truth);
        }
        // merge pairs at random (merges of merges, targets at and under their capacity)
        while (maps.size() > 1) {
            final int a = rnd.nextInt(maps.size());
            int b = rnd.nextInt(maps.size() - 1);
            if (b >= a) {
                b++;
            }
            final TopCounter into = maps.get(a);
            into.addAll(maps.get(b));
            truths.get(b).forEach((k, v) -> {
                final long[] t = truths.get(a).computeIfAbsent(k, x -> new long[3]);
                t[0] += v[0];
                t[1] += v[1];
                t[2] += v[2];
            });
            assertSound("seed " + seed + ", after a merge", into, truths.get(a));
            maps.remove(b);
            truths.remove(b);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
    void shouldMergeOverlappingMapsTheSameWhateverTheirHistory(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int capacity = 50 + rnd.nextInt(100);
        final List<String> targetKeys = new ArrayList<>();
        final List<String> otherKeys = new ArrayList<>();
        for (int k = 0; k < 3 * capacity; k++) {
            final String key = "/k" + k;
            final int side = rnd.nextInt(3); // 0: target only, 1: other only, 2: both
            if (side != 1 && targetKeys.size() < capacity) { // the target's own adds fit: no purge of its own
                targetKeys.add(key);
            }
            if (side != 0) {
                otherKeys.add(key);
            }
        }
        final Map<String, long[]> ignored = new HashMap<>();
        final long[] counts = new long[3 * capacity];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = 1 + rnd.nextInt(20);
        }
        // the same adds, in two orders, into a fresh map and into a cleared map an earlier second grew
        final List<List<String>> orders = List.of(targetKeys, shuffled(targetKeys, seed));
        final List<List<String>> otherOrders = List.of(otherKeys, shuffled(otherKeys, seed + 100));
        List<String> reference = null;
        for (int v = 0; v < 4; v++) {
            final TopCounter target = new TopCounter(capacity, 64);
            final TopCounter other = new TopCounter(4 * capacity, 64);
            if ((v & 1) == 1) {
                for (int k = 0; k < 4 * capacity; k++) {
                    add(other, ignored, "/earlier" + k, 1, 0, 0);
                    add(target, ignored, "/earlier" + k, 1, 0, 0);
                }
                other.clear();
                target.clear();
            }
            for (final String key : orders.get(v >> 1)) {
                add(target, ignored, key, counts[Integer.parseInt(key.substring(2))], 1, 0);
            }
            for (final String key : otherOrders.get(v >> 1)) {
                add(other, ignored, key, counts[Integer.parseInt(key.substring(2))], 0, 1);
            }
            target.addAll(other);
            final List<String> c = content(target);
            if (reference == null) {
                assertThat(target.errorBound()).as("seed %d: the merge purged", seed).isPositive();
                reference = c;
            } else {
                assertThat(c).as("seed %d, variant %d", seed, v).isEqualTo(reference);
            }
        }
    }

    private static List<String> shuffled(final List<String> keys, final long seed) {
        final List<String> out = new ArrayList<>(keys);
        Collections.shuffle(out, new java.util.Random(seed));
        return out;
    }
}
