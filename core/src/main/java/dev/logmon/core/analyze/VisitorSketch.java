package dev.logmon.core.analyze;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.LogmonCoupons;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * Distinct client addresses (unique visitors) of a frame, as an Apache DataSketches HLL sketch of
 * {@code lgK = }{@value #LG_K}: mergeable like every other counter of a frame (shards, windows and
 * instances merge by union), a few kilobytes whatever the number of addresses.
 *
 * <pre>
 *   recorded  HllSketch (HLL_8)  hosts counted by this frame's own lines ({@link #record}); a shard's
 *                                frame only ever records, so merging it needs no copy
 *   merged    Union (lazy)       frames added into this one ({@link #add}); the combiner's frames
 *   estimate                     the union of both; 0 for none
 * </pre>
 *
 * <p><b>Error.</b> Exact in practice up to a few hundred addresses (the sketch keeps a list of
 * hashed addresses); beyond, a relative standard error of {@value #RSE_PERCENT} % ({@code 1.04 /
 * sqrt(2^lgK)}), so 99.7 % of estimates lie within three times that.
 *
 * <p><b>Cost.</b> {@link #record} is a lookup in a small filter of the frame's recent addresses
 * and, for a new one, one coupon update ({@link LogmonCoupons}: no allocation). {@link #add} of a
 * recorded sketch merges in place; of a merged one (a window view summing the combiner's frames)
 * it copies that union's result once per change. {@link #clear} of a used sketch allocates its
 * small empty list. Not thread-safe: confined to its frame's thread.
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

    private final HllSketch recorded = new HllSketch(LG_K, TgtHllType.HLL_8);
    /**
     * The last address hash recorded in each slot (by the hash's low bits) since the last clear:
     * a line from a client already counted by this frame skips the sketch, whose update costs tens
     * of nanoseconds while it keeps a list of hashes (its first few hundred addresses). Only an
     * optimisation: the sketch ignores repeats anyway. Made at the first record (shard frames).
     */
    private long[] seen;
    private boolean seenUsed;
    private Union merged;
    private boolean mergedEmpty = true;
    private HllSketch mergedResult;

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
        update(hostHash);
    }

    /** The sketch's update from the hash, without DataSketches' per-call arrays ({@link LogmonCoupons}). */
    private void update(final long hostHash) {
        LogmonCoupons.update(recorded, hostHash);
    }

    /** Adds every address of {@code other} (a union: an address in both counts once). */
    public void add(final VisitorSketch other) {
        if (!other.recorded.isEmpty()) {
            union().update(other.recorded);
            mergedChanged();
        }
        if (!other.mergedEmpty) {
            union().update(other.mergedResult());
            mergedChanged();
        }
    }

    /** Adds the addresses of a sketch (decoded from a frame's bytes). */
    public void add(final HllSketch sketch) {
        if (!sketch.isEmpty()) {
            union().update(sketch);
            mergedChanged();
        }
    }

    /** True when no address was counted. */
    public boolean isEmpty() {
        return recorded.isEmpty() && mergedEmpty;
    }

    /** Forgets every address. */
    public void clear() {
        if (!recorded.isEmpty()) {
            recorded.reset();
        }
        if (seenUsed) {
            java.util.Arrays.fill(seen, 0L);
            seenUsed = false;
        }
        if (!mergedEmpty) {
            merged.reset();
            mergedResult = null;
            mergedEmpty = true;
        }
    }

    /**
     * The estimated number of distinct addresses, rounded. DataSketches' composite estimator, a
     * function of the registers alone (the list's count while few), so the figure does not depend
     * on how the addresses were split or in what order sketches merged: two shards give what one
     * gives. (Its other estimator, HIP, follows the order of updates.)
     */
    public long estimate() {
        if (mergedEmpty) {
            return Math.round(recorded.getCompositeEstimate());
        }
        if (recorded.isEmpty()) {
            return Math.round(merged.getCompositeEstimate());
        }
        return Math.round(combined().getCompositeEstimate());
    }

    /**
     * The sketch in DataSketches' compact serial form (HLL_4, or a list of hashed addresses while
     * there are few), as frames carry it; an empty array when no address was counted.
     */
    public byte[] toBytes() {
        if (isEmpty()) {
            return new byte[0];
        }
        final HllSketch whole = mergedEmpty ? recorded : recorded.isEmpty() ? mergedResult() : combined();
        return whole.copyAs(TgtHllType.HLL_4).toCompactByteArray();
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

    private Union union() {
        if (merged == null) {
            merged = new Union(LG_K);
        }
        return merged;
    }

    private void mergedChanged() {
        mergedEmpty = false;
        mergedResult = null;
    }

    /** The merged union as a sketch, copied once per change. */
    private HllSketch mergedResult() {
        HllSketch r = mergedResult;
        if (r == null) {
            r = merged.getResult(TgtHllType.HLL_8);
            mergedResult = r;
        }
        return r;
    }

    private HllSketch combined() {
        final Union u = new Union(LG_K);
        u.update(recorded);
        u.update(mergedResult());
        return u.getResult(TgtHllType.HLL_8);
    }
}
