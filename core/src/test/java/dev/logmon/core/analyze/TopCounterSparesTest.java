package dev.logmon.core.analyze;

import dev.logmon.core.format.ByteHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;

import static dev.logmon.core.analyze.TopCounterFacts.add;
import static dev.logmon.core.analyze.TopCounterFacts.facts;
import static dev.logmon.core.analyze.TopCounterFacts.onNewThread;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A growing {@link TopCounter} takes the tables other maps of its thread gave up when they grew:
 * the result must not depend on which (dirty) arrays it was given, and a second map growing
 * through the same sizes must allocate much less than the first.
 */
class TopCounterSparesTest {

    /** A map of {@code capacity} fed a seeded mix of keys (some seeds go past the capacity and purge), then merged into another. */
    private static List<String> build(final long seed, final int capacity) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final TopCounter a = new TopCounter(capacity, 64);
        final TopCounter b = new TopCounter(capacity, 64);
        final int keys = 50 + rnd.nextInt(3000);
        for (int i = 0; i < 5000; i++) {
            final int k = (int) Math.min(keys - 1, Math.abs(rnd.nextGaussian()) * keys / 3);
            add(i % 3 == 0 ? b : a, "/key-" + k + "-" + seed, 1 + rnd.nextInt(5), rnd.nextInt(2), rnd.nextInt(2));
        }
        a.addAll(b);
        final List<String> out = facts(a);
        a.clear();
        add(a, "/after-clear", 7, 1, 0);
        out.addAll(facts(a));
        return out;
    }

    @Test
    @Timeout(60)
    void aMapGivenSpareTablesEndsExactlyAsAFreshOne() throws InterruptedException {
        for (long seed = 1; seed <= 30; seed++) {
            final long s = seed;
            final int capacity = seed % 3 == 0 ? 200 : 10_000;
            // a thread of its own: no map has given up a table there yet
            final List<String> fresh = onNewThread(() -> build(s, capacity));
            // this thread: other maps grow first and leave their dirty tables and arenas behind
            final List<String> reused = onNewThread(() -> {
                final SplittableRandom rnd = new SplittableRandom(s * 31);
                for (int m = 0; m < 4; m++) {
                    final TopCounter other = new TopCounter(10_000, 256);
                    final int n = 20 + rnd.nextInt(4000);
                    for (int i = 0; i < n; i++) {
                        add(other, "other-" + m + "-" + rnd.nextInt(), 100 + i, 9, 9);
                    }
                }
                return build(s, capacity);
            });
            assertThat(reused).as("seed %d", seed).isEqualTo(fresh);
        }
    }

    @Test
    @Timeout(60)
    void aSecondMapGrowingThroughTheSameSizesAllocatesFarLess() throws InterruptedException {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final byte[][] keys = new byte[2][];
        final long[] allocated = onNewThread(() -> {
            final long[] out = new long[2];
            for (int m = 0; m < 2; m++) {
                final TopCounter c = new TopCounter(10_000, 256);
                final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                final byte[] key = new byte[12];
                for (int i = 0; i < 3000; i++) {
                    key[0] = (byte) m;
                    key[1] = (byte) (i >>> 8);
                    key[2] = (byte) i;
                    c.add(ByteHash.hash(key, 0, key.length), key, 0, key.length, 1, 1, 0);
                }
                out[m] = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
                assertThat(c.size()).isEqualTo(3000);
                keys[m] = key;
            }
            return out;
        });
        // the first map leaves a table of every size up to 4,096 slots (about as much as the
        // 8,192-slot table it keeps); the second takes them on its way up
        assertThat(allocated[1]).as("second map %d bytes, first %d", allocated[1], allocated[0])
                .isLessThan(allocated[0] * 7 / 10);
    }
}
