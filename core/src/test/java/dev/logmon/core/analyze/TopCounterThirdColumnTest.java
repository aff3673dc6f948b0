package dev.logmon.core.analyze;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static dev.logmon.core.analyze.TopCounterFacts.add;
import static dev.logmon.core.analyze.TopCounterFacts.facts;
import static dev.logmon.core.analyze.TopCounterFacts.onNewThread;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link TopCounter} reads column 2 from its thread's shared zeros until a non-zero value
 * arrives (host maps never send one): such a map must count, grow, purge, merge and list exactly
 * as one with a column of its own, take its own column at the first non-zero value without
 * losing anything, and never write into the shared zeros other maps read.
 */
class TopCounterThirdColumnTest {

    /** Every entry's column 2 read through {@link TopCounter#forEach}. */
    private static List<Long> column2(final TopCounter c) {
        final List<Long> out = new ArrayList<>();
        c.forEach((hash, key, offset, length, c0, c1, c2) -> out.add(c2));
        return out;
    }

    private static String key(final SplittableRandom rnd, final int keys, final long seed) {
        return "/k-" + (int) Math.min(keys - 1, Math.abs(rnd.nextGaussian()) * keys / 3) + "-" + seed;
    }

    @Test
    void aMapWithoutColumnTwoCountsPurgesAndMergesLikeOneWithIt() {
        for (long seed = 1; seed <= 30; seed++) {
            final SplittableRandom rnd = new SplittableRandom(seed);
            final int capacity = 8 + rnd.nextInt(600);
            final int keys = 20 + rnd.nextInt(2000);
            // The same stream into both pairs; "three" and "threeB" also get, right after their first key, a
            // column-2 value of 1 on that key (no new key, no change to columns 0 and 1): they own a column from
            // then on, and their only difference from "two" and "twoB" is that one count, kept or purged.
            final TopCounter two = new TopCounter(capacity, 64);
            final TopCounter three = new TopCounter(capacity, 64);
            final TopCounter twoB = new TopCounter(capacity, 64);
            final TopCounter threeB = new TopCounter(capacity, 64);
            for (int i = 0; i < 4000; i++) {
                final String k = key(rnd, keys, seed);
                final long d0 = 1 + rnd.nextInt(9);
                final long d1 = rnd.nextInt(3);
                final boolean toB = i % 4 == 1;
                add(toB ? twoB : two, k, d0, d1, 0);
                add(toB ? threeB : three, k, d0, d1, 0);
                if (i <= 1) {
                    add(toB ? threeB : three, k, 0, 0, 1);
                }
            }
            assertThat(two.retainedBytes()).as("seed %d", seed).isLessThan(three.retainedBytes());
            two.addAll(twoB);
            three.addAll(threeB);
            assertThat(withoutColumn2(facts(three))).as("seed %d", seed).isEqualTo(withoutColumn2(facts(two)));
            assertThat(column2(two)).as("seed %d: a two-column map reads 0", seed).containsOnly(0L);
            assertThat(two.other2()).as("seed %d", seed).isZero();
            final long[] kept2 = new long[1];
            three.forEach((hash, key, offset, length, c0, c1, c2) -> kept2[0] += c2);
            assertThat(kept2[0] + three.other2()).as("seed %d", seed).isEqualTo(2);
        }
    }

    /** {@link #facts} with every column-2 figure dropped (rows, purged totals and top rows keep the rest). */
    private static List<String> withoutColumn2(final List<String> facts) {
        final List<String> out = new ArrayList<>();
        for (final String f : facts) {
            out.add(f.startsWith("top ") ? f.replaceAll("c2=[0-9]+", "c2=_")
                    : f.startsWith("other ") ? f.replaceAll("^other ([0-9]+) ([0-9]+) [0-9]+", "other $1 $2 _")
                    : f.replaceAll(" [0-9]+$", " _"));
        }
        return out;
    }

    @Test
    void theFirstColumnTwoValueGivesTheMapItsOwnColumnAndKeepsEveryOtherCount() {
        for (long seed = 1; seed <= 30; seed++) {
            final SplittableRandom rnd = new SplittableRandom(seed);
            final int capacity = 8 + rnd.nextInt(400);
            final int keys = 20 + rnd.nextInt(1500);
            final int late = rnd.nextInt(3000);
            // reference: the same stream, column 2 counted by hand per key (exact while nothing purged)
            final TopCounter c = new TopCounter(capacity, 64);
            final TopCounter noColumn = new TopCounter(capacity, 64);
            final java.util.Map<String, long[]> truth = new java.util.HashMap<>();
            for (int i = 0; i < 3000; i++) {
                final String k = key(rnd, keys, seed);
                final long d0 = 1 + rnd.nextInt(9);
                final long d2 = i >= late ? rnd.nextInt(3) : 0;
                add(c, k, d0, 1, d2);
                add(noColumn, k, d0, 1, 0);
                final long[] t = truth.computeIfAbsent(k, x -> new long[3]);
                t[0] += d0;
                t[1] += 1;
                t[2] += d2;
            }
            // columns 0 and 1, the table order and the purges do not depend on column 2
            final List<String> orderC = new ArrayList<>();
            c.forEach((hash, key, offset, length, c0, c1, c2) -> orderC.add(hash + " " + c0 + " " + c1));
            final List<String> orderN = new ArrayList<>();
            noColumn.forEach((hash, key, offset, length, c0, c1, c2) -> orderN.add(hash + " " + c0 + " " + c1));
            assertThat(orderC).as("seed %d", seed).isEqualTo(orderN);
            assertThat(c.other0()).as("seed %d", seed).isEqualTo(noColumn.other0());
            assertThat(c.errorBound()).as("seed %d", seed).isEqualTo(noColumn.errorBound());
            // column 2 is exact: kept + purged = everything added, and per key while no purge happened
            final long all2 = truth.values().stream().mapToLong(t -> t[2]).sum();
            final long[] kept2 = new long[1];
            c.forEach((hash, key, offset, length, c0, c1, c2) -> kept2[0] += c2);
            assertThat(kept2[0] + c.other2()).as("seed %d", seed).isEqualTo(all2);
            if (c.errorBound() == 0) {
                final long s = seed;
                c.forEach((hash, key, offset, length, c0, c1, c2) -> assertThat(c2).as("seed %d", s)
                        .isEqualTo(truth.get(new String(key, offset, length, StandardCharsets.UTF_8))[2]));
            }
            // merged into a map that never had column 2, the values arrive and count
            final TopCounter into = new TopCounter(Math.max(capacity, keys + 1), 64);
            into.addAll(noColumn);
            into.addAll(c);
            final long[] merged2 = new long[1];
            into.forEach((hash, key, offset, length, c0, c1, c2) -> merged2[0] += c2);
            assertThat(merged2[0] + into.other2()).as("seed %d", seed).isEqualTo(kept2[0] + c.other2());
            // after clear the column stays the map's own and starts at 0
            c.clear();
            add(c, "/after", 3, 1, 0);
            assertThat(column2(c)).as("seed %d", seed).containsExactly(0L);
            add(c, "/after", 3, 1, 4);
            assertThat(column2(c)).as("seed %d", seed).containsExactly(4L);
        }
    }

    /** Length of the zeros this thread's spares hold (white box: the spares are private to the map). */
    private static int sparesZerosLength() {
        try {
            final java.lang.reflect.Field sparesField = TopCounter.class.getDeclaredField("SPARES");
            sparesField.setAccessible(true);
            final Object spares = ((ThreadLocal<?>) sparesField.get(null)).get();
            final java.lang.reflect.Field zerosField = spares.getClass().getDeclaredField("zeros");
            zerosField.setAccessible(true);
            return ((long[]) zerosField.get(spares)).length;
        } catch (final ReflectiveOperationException e) {
            throw new AssertionError("TopCounter's spares are not where this test looks for them", e);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aThreadKeepsNoZerosLongerThanItsLargestSpareTableOnceALargeMapIsGone() throws InterruptedException {
        // The spares promise a bound per thread "however large a --top-capacity lets the maps grow": tables over
        // MAX_SPARE_SLOTS go to the collector. A pool thread (Jetty's, serving /api/history with a large
        // --top-capacity) that once built a large two-column map must not keep that map's zeros after it is gone.
        onNewThread(() -> {
            TopCounter large = new TopCounter(100_000, 64);
            for (int i = 0; i < 40_000; i++) {
                add(large, "/host-" + i, 1, 1, 0);
            }
            assertThat(column2(large)).hasSize(40_000).containsOnly(0L);
            assertThat(large.top(2)).extracting(TopCounter.Entry::c2).containsOnly(0L);
            large = null;
            final TopCounter small = new TopCounter(100, 64);
            add(small, "/a", 1, 1, 0);
            assertThat(column2(small)).containsOnly(0L);
            assertThat(sparesZerosLength()).as("zeros kept by the thread after the large map is gone (slots)")
                    .isLessThanOrEqualTo(1 << 14); // Spares.MAX_SPARE_SLOTS
        });
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mapsWithTheirOwnColumnNeverWriteTheZerosOthersRead() throws InterruptedException {
        // On a fresh thread (fresh spares): a two-column map grows to 8,192 slots, so the thread's zeros are that
        // long; a map with its own column takes the spare column of 32 slots; a second two-column map then grows
        // through 32 slots (its column then is the 8,192 zeros, which must not become a spare); a last map with
        // its own column grows through 32 slots and writes its column everywhere. Every two-column map still reads 0.
        onNewThread(() -> {
            final TopCounter two = new TopCounter(5000, 64);
            for (int i = 0; i < 3000; i++) {
                add(two, "/two-" + i, i + 1, 1, 0);
            }
            final List<String> before = facts(two);
            final TopCounter three = new TopCounter(5000, 64);
            for (int i = 0; i < 10; i++) {
                add(three, "/three-" + i, 1, 1, 7);
            }
            final TopCounter second = new TopCounter(5000, 64);
            for (int i = 0; i < 20; i++) {
                add(second, "/second-" + i, i + 1, 1, 0);
            }
            final List<String> beforeSecond = facts(second);
            for (int round = 0; round < 3; round++) {
                final TopCounter own = new TopCounter(5000, 64);
                for (int i = 0; i < 3000; i++) {
                    add(own, "/own-" + round + "-" + i, 1, 1, 1000 + i);
                }
                assertThat(column2(own)).doesNotContain(0L);
            }
            final TopCounter fresh = new TopCounter(5000, 64);
            for (int i = 0; i < 3000; i++) {
                add(fresh, "/fresh-" + i, 1, 1, 0);
            }
            assertThat(facts(two)).isEqualTo(before);
            assertThat(facts(second)).isEqualTo(beforeSecond);
            assertThat(column2(two)).hasSize(3000).containsOnly(0L);
            assertThat(column2(fresh)).hasSize(3000).containsOnly(0L);
            assertThat(column2(three)).hasSize(10).containsOnly(7L);
            assertThat(fresh.top(3)).allSatisfy(e -> assertThat(e.c2()).isZero());
        });
    }

    /**
     * A merge past the room left adds the other map's counters straight into the keys already
     * held (no purge can happen there): a column-2 value arriving that way into a map that reads
     * the shared zeros must give it its own column, as {@code add} does, and leave the zeros alone.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aMergePastTheRoomLeftGivesColumnTwoToHeldKeysWithoutTouchingTheSharedZeros() throws Exception {
        onNewThread(() -> {
            final int capacity = 8;
            final TopCounter target = new TopCounter(capacity, 64);
            final TopCounter other = new TopCounter(capacity, 64);
            final TopCounter bystander = new TopCounter(capacity, 64);
            for (int i = 0; i < capacity; i++) {
                add(target, "/held-" + i, 10 + i, 1, 0);   // full: no room left
                add(bystander, "/b-" + i, 1, 0, 0);
            }
            add(other, "/held-3", 5, 0, 7);                  // held there: counted in place
            for (int i = 0; i < capacity; i++) {
                add(other, "/new-" + i, 1, 0, 0);            // more new keys than room: past the room
            }
            target.addAll(other);
            final long[] held3 = new long[1];
            target.forEach((hash, key, offset, length, c0, c1, c2) -> {
                if ("/held-3".equals(new String(key, offset, length, StandardCharsets.UTF_8))) {
                    held3[0] = c2;
                }
            });
            assertThat(held3[0] + target.other2()).as("column 2 of /held-3, kept or purged").isEqualTo(7);
            assertThat(column2(bystander)).as("a map still reading the shared zeros").containsOnly(0L);
            final TopCounter later = new TopCounter(capacity, 64);
            for (int i = 0; i < capacity; i++) {
                add(later, "/l-" + i, 1, 0, 0);
            }
            assertThat(column2(later)).as("a map made after the merge").containsOnly(0L);
        });
    }
}
