package org.apache.datasketches.hll;

import dev.logmon.core.analyze.VisitorSketch;
import java.util.function.IntConsumer;

/**
 * logmon's bridge into DataSketches' HLL package (6.2.0, pinned). {@link VisitorSketch} keeps its
 * own coupons and registers (so a frame's sketch allocates nothing when it is cleared and filled
 * again every second) and comes here for what must stay DataSketches': the coupon of a hash, the
 * composite estimate of a register array, and the serial form.
 *
 * <p>The coupon is built as DataSketches builds its own ({@code BaseHllSketch.coupon}): the low 26
 * bits of one hash word as the register address, the leading zeros of another (at most 62) plus
 * one as the value. The hash words come from the caller's hash (already computed per line), so
 * these sketches merge with each other (every logmon makes them the same way), not with sketches of
 * the same strings made by other tools.
 *
 * <p>Lives in DataSketches' package because the calls it makes ({@code couponUpdate}, the HLL_8
 * array and its registers, the union's rebuild of its estimator's sums) are package-private there;
 * the jar is not sealed and logmon runs on the class path. Used only by {@link VisitorSketch}.
 */
public final class LogmonCoupons {
    private static final int KEY_BITS = 26;
    private static final int KEY_MASK = (1 << KEY_BITS) - 1;

    private LogmonCoupons() {
    }

    /** Counts one item, by its 64-bit hash, in {@code sketch}. */
    public static void update(final HllSketch sketch, final long hash) {
        sketch.couponUpdate(coupon(hash));
    }

    /** Adds one coupon to {@code sketch}, as DataSketches' own updates and unions do. */
    public static void couponUpdate(final HllSketch sketch, final int coupon) {
        sketch.couponUpdate(coupon);
    }

    /** The coupon of a hash: register address in the low 26 bits, value 1..63 above them. */
    public static int coupon(final long hash) {
        final long h0 = mix(hash);
        final long h1 = mix(hash ^ 0x9E3779B97F4A7C15L);
        final int leadingZeros = Long.numberOfLeadingZeros(h1);
        final int value = Math.min(leadingZeros, 62) + 1;
        return value << KEY_BITS | (int) (h0 & KEY_MASK);
    }

    /** True when {@code sketch} keeps registers (HLL mode), false while it keeps a list or set of coupons. */
    public static boolean isHllMode(final HllSketch sketch) {
        return sketch.getCurMode() == CurMode.HLL;
    }

    /**
     * Hands every coupon of {@code sketch} to {@code to}: its list or set in LIST/SET mode, else one
     * pair (register value above the register's index) per non-zero register.
     */
    public static void forEachCoupon(final HllSketch sketch, final IntConsumer to) {
        final PairIterator it = sketch.iterator();
        while (it.nextValid()) {
            to.accept(it.getPair());
        }
    }

    /** A sketch of {@code lgK} in HLL mode with HLL_8 registers, all zero. */
    public static HllSketch newHll8(final int lgK) {
        return new HllSketch(new Hll8Array(lgK));
    }

    /**
     * Loads {@code registers} (one byte a register, values 0..63) into {@code hll8} (from
     * {@link #newHll8}) and rebuilds the sums its estimators read, as a union does after merging
     * register arrays: the sketch is then what DataSketches' union of the same registers holds.
     */
    public static void load(final HllSketch hll8, final byte[] registers) {
        final HllArray array = (HllArray) hll8.hllSketchImpl;
        System.arraycopy(registers, 0, array.hllByteArr, 0, registers.length);
        array.putEmptyFlag(false);
        array.putOutOfOrder(true);
        array.putRebuildCurMinNumKxQFlag(true);
        Union.checkRebuildCurMinNumKxQ(hll8);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit moves every output bit. */
    private static long mix(final long x) {
        long k = x;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
