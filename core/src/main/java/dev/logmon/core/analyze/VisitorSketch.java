package dev.logmon.core.analyze;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.LogmonCoupons;
import org.apache.datasketches.hll.TgtHllType;

/**
 * Distinct client addresses (unique visitors) of a frame, with the estimates and serial form of an
 * Apache DataSketches HLL sketch of {@code lgK = }{@value #LG_K}: mergeable like every other counter
 * of a frame (shards, windows and instances merge by union), whatever the number of addresses at
 * most about 23 KB, each part made at its first use and kept across clears: the recent-address
 * filter 8 KB, the coupon set and list 5.6 KB, the registers 4 KB, the estimator's sketch 4 KB.
 *
 * <pre>
 *   coupons    exact set of coupons (register address + value of an address's hash), while there
 *              are fewer than DataSketches keeps in its list and set modes ({@link #PROMOTE_AT})
 *   registers  4,096 bytes, each the largest value of the coupons of its address; used from then on
 *   estimate   DataSketches' composite estimator of the same state (its table of the coupon count
 *              while exact, its estimator over the registers after)
 * </pre>
 *
 * <p>The state is the one DataSketches' {@code HllSketch} and {@code Union} reach from the same
 * coupons, so the estimates are theirs: the coupons are kept until the count at which DataSketches
 * moves to registers, whatever the order of records and merges, and a register array is a
 * maximum per address (the estimator's sums over it are sums of powers of two, exact in any order).
 * What the sketch owns is how the state is held: a cleared sketch keeps its arrays, so a frame that
 * is filled and cleared every second allocates nothing (a DataSketches sketch starts over from a
 * new list at each reset, then grows a set and makes its registers again: about 18 KB per second of
 * log per frame), and merging two register arrays is a loop of byte maxima.
 *
 * <p><b>Error.</b> Exact in practice up to a few hundred addresses (the sketch keeps the hashed
 * addresses); beyond, a relative standard error of {@value #RSE_PERCENT} % ({@code 1.04 /
 * sqrt(2^lgK)}), so 99.7 % of estimates lie within three times that.
 *
 * <p><b>Cost.</b> {@link #record} is a lookup in a small filter of the frame's recent addresses
 * and, for a new one, one insert into the coupon set or one register maximum; {@link #add} merges
 * in place; nothing is allocated after a sketch's first fill (the arrays are made when first
 * needed). {@link #estimate} in register mode copies the registers into a DataSketches sketch kept
 * by this one (made at the first such estimate). {@link #toBytes} allocates (state saves, frames
 * sent). Not thread-safe: confined to its frame's thread.
 */
public final class VisitorSketch {
    /** Log2 of the number of HLL registers. */
    public static final int LG_K = 12;
    /** Relative standard error in percent, rounded: {@code 1.04 / sqrt(4096)} = 1.625 %. */
    public static final String RSE_PERCENT = "1.6";
    /** Relative standard error as a fraction ({@code 1.04 / sqrt(2^LG_K)}). */
    public static final double RSE = 1.04 / Math.sqrt(1 << LG_K);

    /** Slots of the recent-address filter in front of {@link #record} (a power of two). */
    static final int SEEN_SLOTS = 1024;

    private static final int REGISTERS = 1 << LG_K;
    /** DataSketches' composite estimate of each count of distinct coupons it keeps in its list and set modes. */
    private static final double[] LIST_ESTIMATES;
    /**
     * The count of distinct coupons at which a DataSketches HLL_8 sketch (or union) of {@value #LG_K}
     * moves to its registers: found from the library itself, so the two agree by construction.
     */
    static final int PROMOTE_AT;
    /** Slots of the coupon set (a power of two, at least twice {@link #PROMOTE_AT}). */
    private static final int SET_SLOTS;

    static {
        final HllSketch probe = new HllSketch(LG_K, TgtHllType.HLL_8);
        final double[] estimates = new double[1 << LG_K];
        int n = 0;
        while (!LogmonCoupons.isHllMode(probe)) {
            estimates[n] = probe.getCompositeEstimate();
            LogmonCoupons.couponUpdate(probe, 1 << 26 | n); // distinct addresses, value 1
            n++;
        }
        PROMOTE_AT = n;
        LIST_ESTIMATES = java.util.Arrays.copyOf(estimates, n);
        SET_SLOTS = Integer.highestOneBit(Math.max(16, 2 * n - 1)) << 1;
    }

    /**
     * The last address hash recorded in each slot (by the hash's low bits) since the last clear:
     * a line from a client already counted by this frame skips the sketch. Only an optimisation:
     * the sketch ignores repeats anyway. Made at the first record (shard frames).
     */
    private long[] seen;
    private boolean seenUsed;
    /** Distinct coupons in insertion order (exact mode), and their open-addressed set (0 = empty). */
    private int[] coupons;
    private int[] couponSet;
    private int couponCount;
    /** One byte a register (register mode), kept across clears. */
    private byte[] registers;
    private boolean registerMode;
    /** DataSketches' HLL_8 sketch the registers are loaded into for its estimator (register mode). */
    private HllSketch estimator;

    /** Counts one client address by its 64-bit hash. */
    public void record(final long hostHash) {
        long[] s = seen;
        if (s == null) {
            s = new long[SEEN_SLOTS];
            seen = s;
        }
        final int slot = (int) (hostHash ^ (hostHash >>> 32)) & (SEEN_SLOTS - 1);
        if (s[slot] == hostHash && hostHash != 0) { // 0 marks an empty slot: a hash of 0 always updates
            return;
        }
        s[slot] = hostHash;
        seenUsed = true;
        couponUpdate(LogmonCoupons.coupon(hostHash));
    }

    /** Adds one coupon: into the registers in register mode, else into the set unless it is there. */
    private void couponUpdate(final int coupon) {
        if (registerMode) {
            final int r = coupon & (REGISTERS - 1);
            final byte v = (byte) (coupon >>> 26);
            if (registers[r] < v) {
                registers[r] = v;
            }
            return;
        }
        int[] set = couponSet;
        if (set == null) {
            set = new int[SET_SLOTS];
            couponSet = set;
            coupons = new int[PROMOTE_AT];
        }
        final int mask = SET_SLOTS - 1;
        int i = (coupon * 0x9E3779B9 >>> 7) & mask;
        while (true) {
            final int c = set[i];
            if (c == coupon) {
                return;
            }
            if (c == 0) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (couponCount + 1 == PROMOTE_AT) {
            toRegisters();
            couponUpdate(coupon);
            return;
        }
        set[i] = coupon;
        coupons[couponCount++] = coupon;
    }

    /** Moves the coupons into the registers (as DataSketches promotes its set) and empties the set. */
    private void toRegisters() {
        if (registers == null) {
            registers = new byte[REGISTERS];
        }
        registerMode = true;
        for (int k = 0; k < couponCount; k++) {
            couponUpdate(coupons[k]);
        }
        clearCoupons();
    }

    private void clearCoupons() {
        if (couponCount > 0) {
            java.util.Arrays.fill(couponSet, 0);
            couponCount = 0;
        }
    }

    /** Adds every address of {@code other} (a union: an address in both counts once). */
    public void add(final VisitorSketch other) {
        if (other.registerMode) {
            if (!registerMode) {
                toRegisters();
            }
            final byte[] mine = registers;
            final byte[] theirs = other.registers;
            for (int r = 0; r < REGISTERS; r++) {
                if (mine[r] < theirs[r]) {
                    mine[r] = theirs[r];
                }
            }
            return;
        }
        final int[] theirs = other.coupons;
        for (int k = 0; k < other.couponCount; k++) {
            couponUpdate(theirs[k]);
        }
    }

    /** Adds the addresses of a sketch (decoded from a frame's bytes). */
    public void add(final HllSketch sketch) {
        if (sketch.isEmpty()) {
            return;
        }
        if (LogmonCoupons.isHllMode(sketch) && !registerMode) {
            toRegisters();
        }
        LogmonCoupons.forEachCoupon(sketch, this::couponUpdate);
    }

    /** True when no address was counted. */
    public boolean isEmpty() {
        return couponCount == 0 && !registerMode;
    }

    /** Forgets every address, keeping the arrays for the next fill. */
    public void clear() {
        if (seenUsed) {
            java.util.Arrays.fill(seen, 0L);
            seenUsed = false;
        }
        clearCoupons();
        if (registerMode) {
            java.util.Arrays.fill(registers, (byte) 0);
            registerMode = false;
        }
    }

    /**
     * The estimated number of distinct addresses, rounded. DataSketches' composite estimator, a
     * function of the registers alone (the coupons' count while few), so the figure does not depend
     * on how the addresses were split or in what order sketches merged: two shards give what one
     * gives. (Its other estimator, HIP, follows the order of updates.)
     */
    public long estimate() {
        if (!registerMode) {
            return Math.round(LIST_ESTIMATES[couponCount]);
        }
        return Math.round(loaded().getCompositeEstimate());
    }

    /** The registers in DataSketches' sketch kept for the purpose (register mode only). */
    private HllSketch loaded() {
        if (estimator == null) {
            estimator = LogmonCoupons.newHll8(LG_K);
        }
        LogmonCoupons.load(estimator, registers);
        return estimator;
    }

    /**
     * The sketch in DataSketches' compact serial form (HLL_4, or a list of hashed addresses while
     * there are few), as frames carry it; an empty array when no address was counted.
     */
    public byte[] toBytes() {
        if (isEmpty()) {
            return new byte[0];
        }
        if (registerMode) {
            return loaded().copyAs(TgtHllType.HLL_4).toCompactByteArray();
        }
        final HllSketch list = new HllSketch(LG_K, TgtHllType.HLL_8);
        for (int k = 0; k < couponCount; k++) {
            LogmonCoupons.couponUpdate(list, coupons[k]);
        }
        return list.copyAs(TgtHllType.HLL_4).toCompactByteArray();
    }

    /**
     * A sketch back from {@link #toBytes()}'s form.
     *
     * @throws IllegalArgumentException when the bytes are not a DataSketches HLL sketch
     */
    public static HllSketch fromBytes(final byte[] bytes) {
        checkPreamble(bytes);
        try {
            // the copy walks every register and exception, so damage heapify lets through (it
            // reads lazily) fails here, not later in a union of the combiner's frames
            final HllSketch sketch = HllSketch.heapify(bytes).copyAs(TgtHllType.HLL_8);
            sketch.copyAs(TgtHllType.HLL_4); // and what toBytes will do with it (registers past HLL_4's range)
            return sketch;
        } catch (RuntimeException | AssertionError e) { // DataSketches' own exceptions (its asserts under -ea)
            throw new IllegalArgumentException("not an HLL sketch (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * Longest image {@link #fromBytes} reads (18,472 bytes): a compact HLL_4 sketch of {@link #LG_K}
     * whose every register is an exception (40-byte preamble, half a byte per register, 4 bytes per
     * exception); an HLL_8 one is smaller.
     */
    static final int MAX_IMAGE = 40 + (1 << LG_K) / 2 + 4 * (1 << LG_K);

    /**
     * Refuses, before DataSketches sizes anything from them, the preamble fields that can make
     * {@code heapify} allocate far more than the image (measured on single damaged bytes: an
     * {@code lgK} byte or an HLL exception count past the image ended in {@code OutOfMemoryError}),
     * and an {@code lgK} other than ours, which would silently shrink every union it joins. Offsets
     * from DataSketches' HLL serial format: byte 3 lgK, byte 7 mode (low 2 bits; 2 is HLL), bytes
     * 36..39 (little-endian) the HLL_4 exception count, data from byte 40.
     */
    private static void checkPreamble(final byte[] bytes) {
        if (bytes.length < 8 || bytes.length > MAX_IMAGE) {
            throw new IllegalArgumentException("not an HLL sketch of lgK " + LG_K + " (" + bytes.length + " bytes)");
        }
        if (bytes[3] != LG_K) {
            throw new IllegalArgumentException("lgK " + (bytes[3] & 0xff) + ", logmon writes " + LG_K);
        }
        if ((bytes[7] & 3) == 2 && bytes.length >= 40) {
            final int aux = (bytes[36] & 0xff) | (bytes[37] & 0xff) << 8 | (bytes[38] & 0xff) << 16 | bytes[39] << 24;
            if (aux < 0 || aux > (bytes.length - 40) / 4) {
                throw new IllegalArgumentException(aux + " exceptions do not fit in " + bytes.length + " bytes");
            }
        }
    }
}
