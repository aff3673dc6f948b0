package dev.logmon.core.analyze;

import dev.logmon.core.format.ByteHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopCounterTest {

    private static void add(final TopCounter c, final String key, final long d0) {
        final byte[] b = key.getBytes(StandardCharsets.UTF_8);
        c.add(ByteHash.hash(b, 0, b.length), b, 0, b.length, d0, 2 * d0, 3 * d0);
    }

    private static long count(final TopCounter c, final String key) {
        final byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return c.count0(ByteHash.hash(b, 0, b.length));
    }

    /** Draws from a Zipf distribution over {@code n} ranks by inverse CDF. */
    static final class Zipf {
        private final double[] cdf;

        Zipf(final int n, final double s) {
            cdf = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1.0 / Math.pow(i + 1, s);
                cdf[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= sum;
            }
        }

        int next(final SplittableRandom rnd) {
            final double u = rnd.nextDouble();
            int lo = 0;
            int hi = cdf.length - 1;
            while (lo < hi) {
                final int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    @Test
    void shouldRejectCapacityBelowTwo() {
        assertThatThrownBy(() -> new TopCounter(1, 16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountExactlyWhileKeysFitTheCapacity() {
        final TopCounter c = new TopCounter(100, 64);
        final Map<String, Long> exact = new HashMap<>();
        final SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            final String key = "/k" + rnd.nextInt(100);
            final long d = rnd.nextInt(1, 50);
            add(c, key, d);
            exact.merge(key, d, Long::sum);
        }
        assertThat(c.size()).isEqualTo(exact.size());
        assertThat(c.errorBound()).isZero();
        assertThat(c.other0()).isZero();
        for (final TopCounter.Entry e : c.top(Integer.MAX_VALUE)) {
            assertThat(e.c0()).as(e.key()).isEqualTo(exact.get(e.key()));
            assertThat(e.c1()).isEqualTo(2 * e.c0());
            assertThat(e.c2()).isEqualTo(3 * e.c0());
        }
    }

    @Test
    void shouldKeepTheHeavyHittersWhenPurging() {
        final TopCounter c = new TopCounter(8, 64);
        for (int k = 0; k < 5; k++) {
            add(c, "/heavy" + k, 100);
        }
        for (int k = 0; k < 3; k++) {
            add(c, "/light" + k, 1);
        }
        add(c, "/new", 1);
        long heavyKept = 0;
        for (int k = 0; k < 5; k++) {
            final long n = count(c, "/heavy" + k);
            assertThat(n).as("heavy %d", k).isIn(0L, 100L);
            heavyKept += n == 100 ? 1 : 0;
        }
        assertThat(heavyKept).as("the upper half of the entries survives a purge").isEqualTo(4);
        assertThat(count(c, "/new")).isEqualTo(1);
        assertThat(c.size()).isEqualTo(5);
        assertThat(c.size()).isLessThanOrEqualTo(8);
        assertThat(c.total0()).isEqualTo(5 * 100 + 3 + 1);
        assertThat(c.errorBound()).as("the largest purged count").isEqualTo(100);
    }

    @Test
    void shouldPurgeAtLeastHalfWhenEveryCountTies() {
        final TopCounter c = new TopCounter(16, 64);
        for (int k = 0; k < 1_000; k++) {
            add(c, "/k" + k, 1);
            assertThat(c.size()).isBetween(1, 16);
        }
        assertThat(c.total0()).isEqualTo(1_000);
        assertThat(c.other0() + c.top(Integer.MAX_VALUE).stream().mapToLong(TopCounter.Entry::c0).sum())
                .isEqualTo(1_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99_991})
    void shouldKeepEveryCountWithinTheErrorBoundOnAZipfStream(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Zipf zipf = new Zipf(50_000, 1.1);
        final TopCounter c = new TopCounter(256, 64);
        final Map<String, long[]> exact = new HashMap<>();
        long total = 0;
        for (int i = 0; i < 200_000; i++) {
            final String key = "/z" + zipf.next(rnd);
            final long d = rnd.nextInt(1, 4);
            add(c, key, d);
            exact.computeIfAbsent(key, k -> new long[1])[0] += d;
            total += d;
            if (i % 10_000 == 0) {
                assertThat(c.total0()).isEqualTo(total);
            }
        }
        assertThat(exact.size()).isGreaterThan(20 * c.capacity());
        assertThat(c.size()).isLessThanOrEqualTo(c.capacity());
        assertThat(c.errorBound()).isPositive();

        final List<TopCounter.Entry> kept = c.top(Integer.MAX_VALUE);
        long keptSum0 = 0;
        long keptSum1 = 0;
        long keptSum2 = 0;
        for (final TopCounter.Entry e : kept) {
            final long truth = exact.get(e.key())[0];
            assertThat(e.c0()).as(e.key()).isLessThanOrEqualTo(truth).isGreaterThanOrEqualTo(truth - c.errorBound());
            keptSum0 += e.c0();
            keptSum1 += e.c1();
            keptSum2 += e.c2();
        }
        assertThat(keptSum0 + c.other0()).isEqualTo(total);
        assertThat(keptSum1 + c.other1()).isEqualTo(2 * total);
        assertThat(keptSum2 + c.other2()).isEqualTo(3 * total);

        final List<String> exactTop = new ArrayList<>(exact.keySet());
        exactTop.sort(Comparator.comparingLong((String k) -> -exact.get(k)[0]).thenComparing(k -> k));
        for (final String heavy : exactTop.subList(0, 5)) {
            assertThat(count(c, heavy)).as("heavy hitter %s", heavy).isPositive();
        }
    }

    @Test
    void shouldOrderTopByCountThenByKeyText() {
        final TopCounter c = new TopCounter(64, 64);
        add(c, "/b", 5);
        add(c, "/c", 7);
        add(c, "/a", 5);
        add(c, "/d", 1);
        add(c, "/e", 5);
        assertThat(c.top(4)).extracting(TopCounter.Entry::key).containsExactly("/c", "/a", "/b", "/e");
        assertThat(c.top(2)).extracting(TopCounter.Entry::key).containsExactly("/c", "/a");
        assertThat(c.top(100)).hasSize(5);
    }

    @Test
    void shouldGiveTheSameTopWhateverTheInsertionOrder() {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add("/k" + i);
        }
        final TopCounter forward = new TopCounter(64, 64);
        final TopCounter backward = new TopCounter(64, 64);
        for (int i = 0; i < keys.size(); i++) {
            add(forward, keys.get(i), i % 3);
            add(backward, keys.get(keys.size() - 1 - i), (keys.size() - 1 - i) % 3);
        }
        assertThat(forward.top(Integer.MAX_VALUE)).isEqualTo(backward.top(Integer.MAX_VALUE));
    }

    @Test
    void shouldOrderKeysOfTheSameNameAndCountTheSameWhateverTheTable() {
        // bytes that are not UTF-8 (a scanner's paths) read as the same name, as keys cut at their
        // longest do: two such keys with the same count must not be listed in the table's order,
        // which follows the table's size and history (a recycled frame's, a reused view's)
        final TopCounter fresh = new TopCounter(1_000, 64);
        final TopCounter grown = new TopCounter(1_000, 64);
        for (int k = 0; k < 900; k++) {
            add(grown, "/earlier" + k, 1);
        }
        grown.clear();
        for (int pair = 0; pair < 20; pair++) {
            for (final int last : new int[] {0xff, 0xfe}) {
                final byte[] key = ("/k" + pair + "?").getBytes(StandardCharsets.US_ASCII);
                key[key.length - 1] = (byte) last;
                final long hash = ByteHash.hash(key, 0, key.length);
                fresh.add(hash, key, 0, key.length, 100 - pair, last & 1, 0);
                grown.add(hash, key, 0, key.length, 100 - pair, last & 1, 0);
            }
        }
        assertThat(fresh.top(40).get(0).key()).isEqualTo(fresh.top(40).get(1).key());
        assertThat(grown.top(40)).isEqualTo(fresh.top(40));
        for (int n = 1; n <= 40; n++) {
            assertThat(grown.top(n)).as("top %d", n).isEqualTo(fresh.top(n));
        }
    }

    @Test
    void shouldStartAfreshAfterClearAndStillCountExactly() {
        final TopCounter c = new TopCounter(16, 64);
        for (int k = 0; k < 500; k++) {
            add(c, "/old" + k, 3);
        }
        assertThat(c.errorBound()).isPositive();
        c.clear();
        assertThat(c.size()).isZero();
        assertThat(c.errorBound()).isZero();
        assertThat(c.other0()).isZero();
        assertThat(c.total0()).isZero();
        assertThat(c.top(10)).isEmpty();
        for (int k = 0; k < 10; k++) {
            add(c, "/new" + k, k + 1);
        }
        assertThat(c.total0()).isEqualTo(55);
        assertThat(c.top(1).get(0)).usingRecursiveComparison().ignoringFields("hash")
                .isEqualTo(new TopCounter.Entry("/new9", 10, 20, 30));
        assertThat(count(c, "/old1")).isZero();
    }

    @Test
    void shouldCutLongKeysButKeepThemDistinctByHash() {
        final TopCounter c = new TopCounter(16, 8);
        final String a = "/abcdefgh-one";
        final String b = "/abcdefgh-two";
        add(c, a, 2);
        add(c, b, 3);
        add(c, a, 1);
        assertThat(c.size()).isEqualTo(2);
        assertThat(count(c, a)).isEqualTo(3);
        assertThat(count(c, b)).isEqualTo(3);
        assertThat(c.top(10)).extracting(TopCounter.Entry::key).containsOnly("/abcdefg");
        assertThat(c.total0()).isEqualTo(6);
    }

    @Test
    void shouldStoreAHashOfZeroLikeAnyOther() {
        final TopCounter c = new TopCounter(16, 8);
        final byte[] k = {'/', 'z'};
        c.add(0L, k, 0, 2, 4, 0, 0);
        c.add(0L, k, 0, 2, 1, 0, 0);
        assertThat(c.count0(0L)).isEqualTo(5);
        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void shouldAddAnotherCounterIncludingItsOtherTotalsAndError() {
        final TopCounter a = new TopCounter(16, 64);
        final TopCounter b = new TopCounter(16, 64);
        for (int k = 0; k < 100; k++) {
            add(b, "/b" + k, k % 7 + 1);
        }
        add(a, "/a", 10);
        a.addAll(b);
        assertThat(a.total0()).isEqualTo(10 + b.total0());
        assertThat(a.errorBound()).isGreaterThanOrEqualTo(b.errorBound());
        assertThat(count(a, "/a")).isEqualTo(10);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldListTheSameTopNAsAFullSortEvenWithManyTiesAtTheCut(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final TopCounter c = new TopCounter(4_096, 64);
        for (int i = 0; i < 3_000; i++) {
            add(c, "/k" + rnd.nextInt(1_500), 1 + rnd.nextInt(3)); // small counts: ties everywhere
        }
        final List<TopCounter.Entry> all = c.top(Integer.MAX_VALUE);
        assertThat(all).hasSize(c.size());
        for (final int n : new int[] {1, 2, 10, 20, 100, c.size() - 1, c.size(), c.size() + 5}) {
            assertThat(c.top(n)).as("n = " + n).isEqualTo(all.subList(0, Math.min(n, all.size())));
        }
        assertThat(c.top(0)).isEmpty();
    }

    /** The purge rule, written plainly: drop the size / 2 entries lowest by (count, hash). */
    private static final class PurgeModel {
        final int capacity;
        final Map<Long, long[]> counts = new HashMap<>();
        final Map<Long, String> names = new HashMap<>();
        long other0;
        long errorBound;

        PurgeModel(final int capacity) {
            this.capacity = capacity;
        }

        void add(final long hash, final String key, final long d0) {
            final long h = hash == 0 ? 1 : hash;
            if (!counts.containsKey(h) && counts.size() == capacity) {
                final List<Long> order = new ArrayList<>(counts.keySet());
                order.sort(Comparator.comparingLong((Long k) -> counts.get(k)[0]).thenComparingLong(k -> k));
                long max = 0;
                for (final Long k : order.subList(0, counts.size() / 2)) {
                    other0 += counts.get(k)[0];
                    max = Math.max(max, counts.get(k)[0]);
                    counts.remove(k);
                    names.remove(k);
                }
                errorBound += max;
            }
            counts.computeIfAbsent(h, k -> new long[1])[0] += d0;
            names.putIfAbsent(h, key);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldPurgeInPlaceExactlyAsThePlainRuleSays(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int capacity = 2 + rnd.nextInt(200);
        final TopCounter c = new TopCounter(capacity, 12);
        final PurgeModel model = new PurgeModel(capacity);
        final int keys = capacity * (2 + rnd.nextInt(20));
        for (int i = 0; i < 40_000; i++) {
            // varied key lengths, some longer than kept, so the arena compaction moves uneven runs
            final int k = rnd.nextBoolean() ? rnd.nextInt(Math.max(1, capacity / 4)) : rnd.nextInt(keys);
            final String key = "/" + k + "-".repeat(k % 17);
            final byte[] b = key.getBytes(StandardCharsets.UTF_8);
            final long hash = ByteHash.hash(b, 0, b.length);
            final long d0 = rnd.nextInt(4); // zeros too: ties at the cut
            c.add(hash, b, 0, b.length, d0, 0, 0);
            model.add(hash, key.substring(0, Math.min(12, key.length())), d0);
            if (i % 997 == 0 || i == 39_999) {
                assertThat(c.size()).as("seed %d, add %d", seed, i).isEqualTo(model.counts.size());
                assertThat(c.errorBound()).as("seed %d, add %d", seed, i).isEqualTo(model.errorBound);
                assertThat(c.other0()).as("seed %d, add %d", seed, i).isEqualTo(model.other0);
                for (final Map.Entry<Long, long[]> e : model.counts.entrySet()) {
                    assertThat(c.count0(e.getKey())).as("seed %d, add %d", seed, i).isEqualTo(e.getValue()[0]);
                }
                for (final TopCounter.Entry e : c.top(Integer.MAX_VALUE)) {
                    assertThat(e.key()).as("seed %d: the key bytes follow their entry", seed)
                            .isEqualTo(model.names.get(e.hash()));
                }
            }
        }
        assertThat(model.errorBound).as("seed %d: the stream went over the capacity", seed).isPositive();
    }

    @Test
    void shouldAllocateNothingOnceAFullMapHasPurged() {
        final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        final int keys = 50_000;
        final byte[][] bytes = new byte[keys][];
        final long[] hashes = new long[keys];
        for (int k = 0; k < keys; k++) {
            bytes[k] = ("10." + (k >> 16) + "." + (k >> 8 & 255) + "." + (k & 255)).getBytes(StandardCharsets.US_ASCII);
            hashes[k] = ByteHash.hash(bytes[k], 0, bytes[k].length);
        }
        final TopCounter c = new TopCounter(1_000, 64);
        final SplittableRandom rnd = new SplittableRandom(22);
        for (int i = 0; i < 100_000; i++) { // warm-up: the table, the arena and the scratch grow
            final int k = rnd.nextInt(keys);
            c.add(hashes[k], bytes[k], 0, bytes[k].length, 1 + k % 5, 1, 0);
        }
        final long bound = c.errorBound();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            final int k = rnd.nextInt(keys);
            c.add(hashes[k], bytes[k], 0, bytes[k].length, 1 + k % 5, 1, 0);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(c.errorBound()).as("purges ran while measured").isGreaterThan(bound);
        // the old purge made a new table and arena each time: about 100 KB per purge here
        assertThat(allocated).as("bytes allocated by 200,000 adds over the capacity").isLessThan(4_096);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldSelectTheKthSmallestLikeASort(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            final int n = 1 + rnd.nextInt(3_000);
            final long[] a = new long[n];
            final int shape = rnd.nextInt(4); // random, few distinct values, ascending, descending
            for (int i = 0; i < n; i++) {
                a[i] = shape == 0 ? rnd.nextLong() : shape == 1 ? rnd.nextInt(3) : shape == 2 ? i : -i;
            }
            final long[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            final int k = rnd.nextInt(n);
            assertThat(TopCounter.select(a, n, k)).as("seed %d, round %d, n %d, k %d", seed, round, n, k)
                    .isEqualTo(sorted[k]);
        }
    }
}
