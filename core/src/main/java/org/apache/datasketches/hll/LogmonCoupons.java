package org.apache.datasketches.hll;

import dev.logmon.core.analyze.VisitorSketch;

/**
 * logmon's bridge into DataSketches' HLL package (6.2.0, pinned): updates a sketch with a coupon
 * made from a 64-bit hash the caller already has, without allocating. {@link HllSketch#update(long)}
 * boxes its value in a {@code long[1]} and gets its hash back in a {@code long[2]}; the JIT removes
 * both only while it inlines the whole call, and it stops doing so once the update is reached from
 * more than one place (measured: 56 B per update in the full test run, 0 in a lone loop). The
 * coupon is built as DataSketches builds its own ({@code BaseHllSketch.coupon}): the low 26 bits of
 * one hash word as the register address, the leading zeros of another (at most 62) plus one as the
 * value. The hash words come from the caller's hash, so these sketches merge with each other (every
 * logmon makes them the same way), not with sketches of the same strings made by other tools.
 *
 * <p>Lives in DataSketches' package because {@code couponUpdate} is package-private there; the
 * jar is not sealed and logmon runs on the class path. Used only by {@link VisitorSketch}.
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

    /** The coupon of a hash: register address in the low 26 bits, value 1..63 above them. */
    static int coupon(final long hash) {
        final long h0 = mix(hash);
        final long h1 = mix(hash ^ 0x9E3779B97F4A7C15L);
        final int leadingZeros = Long.numberOfLeadingZeros(h1);
        final int value = Math.min(leadingZeros, 62) + 1;
        return value << KEY_BITS | (int) (h0 & KEY_MASK);
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
