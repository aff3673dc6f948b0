package dev.logmon.core.analyze;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.LogmonCoupons;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The visitor sketch keeps its own state but shares its serial form with the previous version (a
 * DataSketches HllSketch and Union): frames and state files go both ways between the two, so a
 * fleet of mixed versions and a state directory kept across an upgrade (or a downgrade) count the
 * same visitors. Images of every mode (list, set, registers) are read into sketches of every mode,
 * in both orders, and the images written now are read by plain DataSketches as the same sketch.
 */
class VisitorSketchCompatibilityTest {
    /** Local sketch sizes: empty, list, set, just below the move to registers, registers. */
    private static final int[] LOCAL = {0, 3, 200, VisitorSketch.PROMOTE_AT - 1, 5_000};
    /** Image sizes, the same modes plus the count that is the move itself. */
    private static final int[] IMAGE = {1, 7, 150, VisitorSketch.PROMOTE_AT - 1, VisitorSketch.PROMOTE_AT, 30_000};

    private static byte[] resource(final String name) throws Exception {
        try (InputStream in = VisitorSketchCompatibilityTest.class.getResourceAsStream("/legacy/" + name)) {
            assertThat(in).as("fixture legacy/%s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    /**
     * Frames the previous version (main at 8cb2e3d, DataSketches' sketch and union inside) wrote:
     * a shard's frame (recorded addresses) and a combiner's (a sum of two frames) in list, set and
     * register modes. Each decodes to the estimate that version gave, and their running sum is
     * the one that version's reader computed from the same files (see legacy/README.md).
     */
    @Test
    void shouldReadFramesThePreviousVersionWroteWithItsEstimatesAndSums() throws Exception {
        final String[] files = {"shard-5", "merged-200", "shard-20000", "shard-200", "merged-20000", "merged-5"};
        final long[] estimates = {5, 404, 20_631, 200, 39_711, 10};
        final long[] sums = {5, 410, 21_033, 21_033, 40_097, 40_099};
        final FrameCodec codec = new FrameCodec();
        final Frame sum = new Frame(16);
        sum.clear(1_700_000_000L);
        for (int i = 0; i < files.length; i++) {
            final Frame f = new Frame(16);
            codec.decode(resource("frame-v2-" + files[i] + ".lmf"), f);
            assertThat(f.visitors.estimate()).as(files[i]).isEqualTo(estimates[i]);
            sum.add(f);
            assertThat(sum.visitors.estimate()).as("sum up to " + files[i]).isEqualTo(sums[i]);
            // and what this version writes of it is what plain DataSketches reads as that estimate
            final HllSketch plain = HllSketch.heapify(f.visitors.toBytes());
            assertThat(Math.round(plain.getCompositeEstimate())).as(files[i] + " rewritten").isEqualTo(estimates[i]);
        }
    }

    /**
     * DataSketches' own images, as the previous version wrote them (an HLL_8 sketch updated with
     * logmon's coupons, copied to HLL_4; or a union's result), merged into a sketch of each mode,
     * before or after that sketch's own addresses: the estimate is the library Union's.
     */
    @Test
    void shouldMergeDataSketchesImagesIntoSketchesOfEveryModeInEitherOrder() {
        for (long seed = 1; seed <= 3; seed++) {
            for (final int imageSize : IMAGE) {
                for (final int localSize : LOCAL) {
                    final String what = "seed " + seed + ", image of " + imageSize + ", local " + localSize;
                    final Random rnd = new Random(seed * 7_919 + imageSize * 31L + localSize);
                    final HllSketch refImage = new HllSketch(VisitorSketch.LG_K, TgtHllType.HLL_8);
                    for (int i = 0; i < imageSize; i++) {
                        LogmonCoupons.update(refImage, rnd.nextLong());
                    }
                    final long[] local = new long[localSize];
                    for (int i = 0; i < localSize; i++) {
                        // a third of the local addresses are also in the image
                        local[i] = i % 3 == 0 && imageSize > 0 ? new Random(seed * 7_919 + imageSize * 31L + localSize)
                                .nextLong() : rnd.nextLong();
                    }
                    final HllSketch refLocal = new HllSketch(VisitorSketch.LG_K, TgtHllType.HLL_8);
                    for (final long h : local) {
                        LogmonCoupons.update(refLocal, h);
                    }
                    final Union ref = new Union(VisitorSketch.LG_K);
                    ref.update(refLocal);
                    ref.update(refImage);
                    final long expected = Math.round(ref.getCompositeEstimate());
                    final byte[][] images = {
                        refImage.copyAs(TgtHllType.HLL_4).toCompactByteArray(), // a shard's frame, previous version
                        unionOf(refImage).getResult(TgtHllType.HLL_4).toCompactByteArray(), // a combiner's
                        refImage.toCompactByteArray(), // HLL_8, DataSketches' other form
                        refImage.toUpdatableByteArray(),
                    };
                    for (int k = 0; k < images.length; k++) {
                        final VisitorSketch localFirst = new VisitorSketch();
                        for (final long h : local) {
                            localFirst.record(h);
                        }
                        localFirst.add(VisitorSketch.fromBytes(images[k]));
                        assertThat(localFirst.estimate()).as(what + ", image form " + k + ", local first")
                                .isEqualTo(expected);
                        final VisitorSketch imageFirst = new VisitorSketch();
                        imageFirst.add(VisitorSketch.fromBytes(images[k]));
                        for (final long h : local) {
                            imageFirst.record(h);
                        }
                        assertThat(imageFirst.estimate()).as(what + ", image form " + k + ", image first")
                                .isEqualTo(expected);
                        assertThat(pairs(VisitorSketch.fromBytes(imageFirst.toBytes())))
                                .as(what + ", image form " + k + ": the state is the union's")
                                .isEqualTo(pairs(ref.getResult(TgtHllType.HLL_8)));
                    }
                }
            }
        }
    }

    /**
     * The images written now, by a shard's sketch and by a sum of sketches in different modes,
     * read by plain DataSketches (what the previous version's reader does): the same coupons or
     * registers as DataSketches' own sketch of those addresses, the same estimate, and a union
     * with another DataSketches sketch gives what this sketch's own merge gives.
     */
    @Test
    void shouldWriteImagesPlainDataSketchesReadsAsTheSameSketch() {
        for (long seed = 1; seed <= 3; seed++) {
            for (final int size : IMAGE) {
                final String what = "seed " + seed + ", " + size + " addresses";
                final Random rnd = new Random(seed * 104_729 + size);
                final VisitorSketch shard = new VisitorSketch();
                final VisitorSketch part = new VisitorSketch();
                final HllSketch ref = new HllSketch(VisitorSketch.LG_K, TgtHllType.HLL_8);
                final HllSketch refPart = new HllSketch(VisitorSketch.LG_K, TgtHllType.HLL_8);
                for (int i = 0; i < size; i++) {
                    final long h = rnd.nextLong();
                    shard.record(h);
                    LogmonCoupons.update(ref, h);
                    if (i % 4 == 0) {
                        part.record(h);
                        LogmonCoupons.update(refPart, h);
                    }
                }
                final VisitorSketch merged = new VisitorSketch(); // small part first, then the whole
                merged.add(part);
                merged.add(shard);
                for (final VisitorSketch s : new VisitorSketch[] {shard, merged}) {
                    final HllSketch plain = HllSketch.heapify(s.toBytes());
                    assertThat(pairs(plain)).as(what).isEqualTo(pairs(ref));
                    assertThat(Math.round(plain.getCompositeEstimate())).as(what).isEqualTo(s.estimate())
                            .isEqualTo(Math.round(ref.getCompositeEstimate()));
                    final HllSketch other = new HllSketch(VisitorSketch.LG_K, TgtHllType.HLL_8);
                    final VisitorSketch otherOurs = new VisitorSketch();
                    for (int i = 0; i < 300; i++) {
                        final long h = rnd.nextLong();
                        LogmonCoupons.update(other, h);
                        otherOurs.record(h);
                    }
                    final Union union = new Union(VisitorSketch.LG_K);
                    union.update(plain);
                    union.update(other);
                    final VisitorSketch ours = new VisitorSketch();
                    ours.add(otherOurs);
                    ours.add(s);
                    assertThat(ours.estimate()).as(what + ", merged with another").isEqualTo(
                            Math.round(union.getCompositeEstimate()));
                }
            }
        }
    }

    /**
     * Images a buggy or hostile writer could make with a right checksum: registers past any
     * coupon's range, coupon lists of random words, a set whose count claims more than the
     * library ever keeps. Each is refused with an IllegalArgumentException or read into a sketch
     * that estimates, merges and writes itself back; nothing else escapes, and nothing large is
     * allocated (the coupon set's size is fixed, whatever the image claims).
     */
    @Test
    @Timeout(120)
    void shouldReadHostileImagesIntoABoundedSketchOrRefuseThem() {
        final long seed = 4242;
        final Random rnd = new Random(seed);
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final VisitorSketch sum = new VisitorSketch();
        final int[] read = new int[3];
        for (int round = 0; round < 300; round++) {
            final String what = "seed " + seed + ", round " + round;
            final byte[] image = hostile(rnd, round % 3);
            final long before = threads.getCurrentThreadAllocatedBytes();
            final VisitorSketch s = new VisitorSketch();
            try {
                s.add(VisitorSketch.fromBytes(image));
            } catch (IllegalArgumentException refused) {
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(what + ": " + e, e);
            }
            read[round % 3]++;
            assertThat(s.estimate()).as(what).isNotNegative();
            sum.add(s);
            sum.add(s);
            sum.estimate();
            assertThat(rewritten(s)).as(what).isEqualTo(VisitorSketch.LG_K);
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).as(what + ": bytes allocated")
                    .isLessThan(4L << 20);
        }
        assertThat(java.util.Arrays.stream(read).min().getAsInt()).as("hostile images read (not refused) of the rarest kind, seed %d: %s", seed, java.util.Arrays.toString(read)).isPositive();
        assertThat(rewritten(sum)).isEqualTo(VisitorSketch.LG_K);
    }

    /**
     * The lgK of a sketch written and read back. Registers as hostile as these need more HLL_4
     * exceptions than DataSketches asserts (its {@code assert lgAuxArrInts < lgConfigK}) though
     * its code then grows the table and goes on: the assert fires only with -ea (tests), so it is
     * let through here; any other failure is not.
     */
    private static int rewritten(final VisitorSketch s) {
        final byte[] bytes;
        try {
            bytes = s.toBytes();
        } catch (AssertionError e) {
            assertThat(e.getStackTrace()[0].getClassName()).as("an assert of DataSketches' own")
                    .startsWith("org.apache.datasketches.hll.");
            return VisitorSketch.LG_K;
        }
        return VisitorSketch.fromBytes(bytes).getLgConfigK();
    }

    /** A damaged image: kind 0 registers of random values, 1 a set of random coupons, 2 a set of more coupons than the library keeps before it moves to registers
     * (it refuses a set of more than its largest table holds). */
    private static byte[] hostile(final Random rnd, final int kind) {
        final HllSketch s = new HllSketch(VisitorSketch.LG_K, TgtHllType.HLL_8);
        final int n = kind == 0 ? 20_000 : 100;
        for (int i = 0; i < n; i++) {
            LogmonCoupons.update(s, rnd.nextLong());
        }
        byte[] image = s.toCompactByteArray();
        if (kind == 0) { // HLL_8: 40-byte preamble then one byte a register
            for (int i = 40; i < image.length; i++) {
                // a tenth anywhere in 0..63, the rest small: more high values are refused under -ea
                image[i] = (byte) (rnd.nextInt(10) == 0 ? rnd.nextInt(64) : rnd.nextInt(15));
            }
            return image;
        }
        // set: 12-byte preamble (coupon count at 8..11), then the coupons
        final int count = kind == 1 ? (image.length - 12) / 4 : VisitorSketch.PROMOTE_AT + rnd.nextInt(200);
        image = java.util.Arrays.copyOf(image, 12 + 4 * count);
        image[8] = (byte) count;
        image[9] = (byte) (count >>> 8);
        image[10] = 0;
        image[11] = 0;
        for (int i = 12; i < image.length; i++) {
            image[i] = (byte) rnd.nextInt(256);
        }
        return image;
    }

    private static Union unionOf(final HllSketch s) {
        final Union u = new Union(VisitorSketch.LG_K);
        u.update(s);
        return u;
    }

    /** A sketch's coupons (list, set) or non-zero registers (value above address), sorted, and its mode. */
    private static TreeSet<Long> pairs(final HllSketch s) {
        final TreeSet<Long> out = new TreeSet<>();
        LogmonCoupons.forEachCoupon(s, pair -> out.add(pair & 0xFFFF_FFFFL));
        out.add(LogmonCoupons.isHllMode(s) ? -1L : -2L); // the mode is part of the state
        return out;
    }
}
