package dev.logmon.core.analyze;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static dev.logmon.core.analyze.TopCounterFacts.add;
import static dev.logmon.core.analyze.TopCounterFacts.content;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A merge into a map at its capacity purges part-way through, so what it keeps depends on the
 * order it meets the other map's keys in. That order must follow from the maps' contents only,
 * not from their history (the table size a recycled frame kept from an earlier second, the order
 * its keys were first added): otherwise the same replay gives different top lists from run to run
 * (issue 22, which frame a shard gets back from {@link FrameExchange} depends on the threads' timing).
 */
class TopCounterMergeOrderTest {
    private static final int CAPACITY = 300;

    /** What a map holds, whatever its table order, and its top list. */
    private static List<String> contentAndTop(final TopCounter c) {
        final List<String> out = content(c);
        out.add("top " + c.top(10));
        return out;
    }

    /** One key's additions: name and counters. */
    private record Add(String key, long d0, long d1, long d2) {
    }

    /** A second's worth of adds: {@code keys} distinct keys, several adds each, seeded. */
    private static List<Add> adds(final SplittableRandom rnd, final String prefix, final int keys) {
        final List<Add> out = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            final int times = 1 + rnd.nextInt(3);
            for (int t = 0; t < times; t++) {
                out.add(new Add(prefix + k, 1 + rnd.nextInt(40), rnd.nextInt(2), rnd.nextInt(2)));
            }
        }
        return out;
    }

    private static void addAll(final TopCounter c, final List<Add> adds) {
        for (final Add a : adds) {
            add(c, a.key(), a.d0(), a.d1(), a.d2());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldMergeTheSameWhateverTableSizeTheOtherMapKeptFromAnEarlierSecond(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final List<Add> second = adds(rnd, "/s" + seed + "-", 200); // 200 keys: a fresh table of 512 slots
        final List<Add> target = adds(rnd, "/t" + seed + "-", CAPACITY); // fills the target to its capacity

        final TopCounter fresh = new TopCounter(CAPACITY, 64);
        addAll(fresh, second);
        final TopCounter recycled = new TopCounter(CAPACITY, 64);
        addAll(recycled, adds(rnd, "/earlier-", CAPACITY)); // an earlier second grew it to 1024 slots
        recycled.clear();
        addAll(recycled, second);
        assertThat(contentAndTop(recycled)).as("seed %d: the same adds, the same content", seed).isEqualTo(contentAndTop(fresh));

        final TopCounter intoFresh = new TopCounter(CAPACITY, 64);
        addAll(intoFresh, target);
        final TopCounter intoRecycled = new TopCounter(CAPACITY, 64);
        addAll(intoRecycled, target);
        intoFresh.addAll(fresh);
        intoRecycled.addAll(recycled);
        assertThat(intoFresh.errorBound()).as("seed %d: the merge purged", seed).isPositive();
        assertThat(contentAndTop(intoRecycled)).as("seed %d", seed).isEqualTo(contentAndTop(intoFresh));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void shouldMergeTheSameWhateverTheOrderTheOtherMapsKeysCameIn(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final List<Add> second = adds(rnd, "/s" + seed + "-", 250);
        final List<Add> shuffled = new ArrayList<>(second);
        Collections.shuffle(shuffled, new java.util.Random(seed));
        final List<Add> target = adds(rnd, "/t" + seed + "-", CAPACITY);

        final TopCounter inOrder = new TopCounter(CAPACITY, 64);
        addAll(inOrder, second);
        final TopCounter outOfOrder = new TopCounter(CAPACITY, 64);
        addAll(outOfOrder, shuffled);
        assertThat(contentAndTop(outOfOrder)).as("seed %d: the same content", seed).isEqualTo(contentAndTop(inOrder));

        // the targets differ in history too: one grew from empty, one is a cleared map reused
        final TopCounter a = new TopCounter(CAPACITY, 64);
        addAll(a, target);
        final TopCounter b = new TopCounter(CAPACITY, 64);
        addAll(b, adds(rnd, "/earlier-", 2 * CAPACITY));
        b.clear();
        final List<Add> targetShuffled = new ArrayList<>(target);
        Collections.shuffle(targetShuffled, new java.util.Random(seed + 1));
        addAll(b, targetShuffled);
        a.addAll(inOrder);
        b.addAll(outOfOrder);
        assertThat(a.errorBound()).as("seed %d: the merge purged", seed).isPositive();
        assertThat(contentAndTop(b)).as("seed %d", seed).isEqualTo(contentAndTop(a));
    }

    @org.junit.jupiter.api.Test
    void shouldAllocateNothingForMergesThatPurgeOnceWarm() {
        final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        final SplittableRandom rnd = new SplittableRandom(22);
        final List<List<Add>> seconds = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            seconds.add(adds(rnd, "/s" + s + "-", CAPACITY));
        }
        final TopCounter frame = new TopCounter(CAPACITY, 64);
        final TopCounter sum = new TopCounter(CAPACITY, 64);
        for (int round = 0; round < 3; round++) { // warm-up: tables, arenas, scratch and merge order grow
            for (final List<Add> second : seconds) {
                frame.clear();
                addAll(frame, second);
                sum.addAll(frame);
            }
        }
        final long bound = sum.errorBound();
        long allocated = 0;
        for (final List<Add> second : seconds) {
            frame.clear();
            addAll(frame, second);
            final long before = threads.getCurrentThreadAllocatedBytes();
            sum.addAll(frame);
            allocated += threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(sum.errorBound()).as("the measured merges purged").isGreaterThan(bound);
        assertThat(allocated).as("bytes allocated by 8 merges that purge").isLessThan(1_024);
    }
}
