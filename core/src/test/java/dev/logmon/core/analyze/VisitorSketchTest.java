package dev.logmon.core.analyze;

import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.ByteHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The unique-visitor sketch: its error, merging by union, clearing and its bytes. */
class VisitorSketchTest {
    /** Three standard errors: a test at this bound fails by chance about 3 times in 1,000 seeds. */
    private static final double THREE_SIGMA = 3 * VisitorSketch.RSE;

    private static long hash(final int address) {
        final byte[] b = ("10." + (address >>> 16) + "." + ((address >>> 8) & 255) + "." + (address & 255))
                .getBytes(StandardCharsets.US_ASCII);
        return ByteHash.hash(b, 0, b.length);
    }

    private static void assertWithin(final long estimate, final long truth, final String what) {
        assertThat(Math.abs(estimate - truth) / (double) truth).as("%s: estimate %d of %d distinct", what, estimate, truth)
                .isLessThanOrEqualTo(THREE_SIGMA);
    }

    @Test
    void shouldCountFewAddressesExactlyAndRepeatsOnce() {
        final VisitorSketch s = new VisitorSketch();
        for (int round = 0; round < 3; round++) {
            for (int a = 0; a < 200; a++) {
                s.record(hash(a));
            }
        }
        assertThat(s.estimate()).isEqualTo(200);
    }

    @Test
    void shouldEstimateFiftyThousandAddressesWithinThreeStandardErrors() {
        for (long seed = 1; seed <= 5; seed++) {
            final Random rnd = new Random(seed);
            final VisitorSketch s = new VisitorSketch();
            final int base = rnd.nextInt(1 << 20);
            for (int i = 0; i < 150_000; i++) {
                s.record(hash(base + (i < 50_000 ? i : rnd.nextInt(50_000))));
            }
            assertWithin(s.estimate(), 50_000, "seed " + seed);
        }
    }

    @Test
    void shouldMergeTwoShardsSketchesToTheSketchOfTheirUnion() {
        final Random rnd = new Random(77);
        final VisitorSketch shard0 = new VisitorSketch();
        final VisitorSketch shard1 = new VisitorSketch();
        final VisitorSketch all = new VisitorSketch();
        final java.util.Set<Integer> truth = new java.util.HashSet<>();
        for (int i = 0; i < 60_000; i++) {
            final int address = rnd.nextInt(40_000);
            final long h = hash(address);
            (rnd.nextBoolean() ? shard0 : shard1).record(h); // many addresses land in both shards
            all.record(h);
            truth.add(address);
        }
        final VisitorSketch merged = new VisitorSketch();
        merged.add(shard0);
        merged.add(shard1);
        final VisitorSketch reversed = new VisitorSketch();
        reversed.add(shard1);
        reversed.add(shard0);
        // the sketch of the union, merged as a window is (with a part of itself, which adds nothing)
        final VisitorSketch ofUnion = new VisitorSketch();
        ofUnion.add(all);
        ofUnion.add(shard0);

        assertThat(merged.estimate()).isEqualTo(reversed.estimate()).isEqualTo(ofUnion.estimate());
        assertThat(merged.toBytes()).isEqualTo(reversed.toBytes()).isEqualTo(ofUnion.toBytes());
        assertWithin(merged.estimate(), truth.size(), "two shards merged");
        assertWithin(all.estimate(), truth.size(), "one sketch of every line");
        assertThat(merged.estimate()).isGreaterThan(shard0.estimate()).isGreaterThan(shard1.estimate());
    }

    @Test
    void shouldMergeMergedSketchesAsWindowsOfWindowsDo() {
        final VisitorSketch[] seconds = new VisitorSketch[30];
        final VisitorSketch whole = new VisitorSketch();
        for (int s = 0; s < seconds.length; s++) {
            seconds[s] = new VisitorSketch();
            for (int a = s * 500; a < s * 500 + 2_000; a++) { // overlapping ranges: 16,500 distinct
                seconds[s].record(hash(a));
            }
        }
        final VisitorSketch block = new VisitorSketch();
        for (int s = 0; s < 10; s++) {
            block.add(seconds[s]);
        }
        whole.add(block);
        for (int s = 10; s < seconds.length; s++) {
            whole.add(seconds[s]);
        }
        whole.add(block); // a block added twice changes nothing
        assertWithin(whole.estimate(), 16_500, "30 seconds");
        assertWithin(block.estimate(), 6_500, "the block");
    }

    @Test
    void shouldForgetEverythingOnClearAndCountAgain() {
        final VisitorSketch s = new VisitorSketch();
        final VisitorSketch other = new VisitorSketch();
        for (int a = 0; a < 5_000; a++) {
            s.record(hash(a));
            other.record(hash(a + 1_000_000));
        }
        s.add(other);
        s.clear();
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.estimate()).isZero();
        assertThat(s.toBytes()).isEmpty();
        s.record(hash(1));
        s.add(new VisitorSketch());
        assertThat(s.estimate()).isEqualTo(1);
    }

    @Test
    void shouldGiveBackTheSameEstimateFromItsBytes() {
        final VisitorSketch s = new VisitorSketch();
        for (int a = 0; a < 20_000; a++) {
            s.record(hash(a));
        }
        final VisitorSketch back = new VisitorSketch();
        back.add(VisitorSketch.fromBytes(s.toBytes()));
        assertThat(back.estimate()).isEqualTo(s.estimate());
        assertThatThrownBy(() -> VisitorSketch.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an HLL sketch");
    }

    @Test
    void shouldCountAFramesLinesByHostInEveryMergeOfFrames() {
        final Frame a = new Frame(16);
        final Frame b = new Frame(16);
        final LogEvent e = new LogEvent();
        for (int i = 0; i < 300; i++) {
            e.hostHash = hash(i % 120);
            e.status = 200;
            (i % 2 == 0 ? a : b).record(e);
        }
        final Frame sum = new Frame(16);
        sum.add(a);
        sum.add(b);
        assertThat(a.visitors.estimate()).isEqualTo(60);
        assertThat(sum.visitors.estimate()).isEqualTo(120);
        sum.clear(5);
        assertThat(sum.visitors.isEmpty()).isTrue();
    }

    /**
     * A frame's sketch is reused every second for the whole run: whatever it counts, what it
     * holds stays within the bound its javadoc gives (about 23 KB, made at first use), and a
     * clear then a refill, however large, allocates nothing more (an estimate a few bytes).
     */
    @Test
    void shouldHoldAtMostItsBoundAndAllocateNothingWhenRefilled() {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final VisitorSketch warm = new VisitorSketch(); // DataSketches' estimator tables load once per JVM
        for (int a = 0; a < 1_000; a++) {
            warm.record(hash(a));
        }
        warm.estimate();
        final Random rnd = new Random(5);
        final long before = threads.getCurrentThreadAllocatedBytes();
        final VisitorSketch s = new VisitorSketch();
        for (int i = 0; i < 200_000; i++) {
            s.record(rnd.nextLong());
        }
        s.add(warm);
        s.estimate();
        final long firstFill = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(firstFill).as("bytes made by a sketch's first fill to 200,000 addresses").isLessThan(24L << 10);
        final long refills = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 50; round++) {
            s.clear();
            final int n = round % 2 == 0 ? 300 : 50_000; // coupon set only, then registers
            for (int i = 0; i < n; i++) {
                s.record(rnd.nextLong());
            }
            s.add(warm);
            s.estimate();
        }
        assertThat(threads.getCurrentThreadAllocatedBytes() - refills).as("bytes of 50 clears and refills")
                .isLessThan(50L * 256);
    }
}
