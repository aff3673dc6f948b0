package dev.logmon.core.analyze;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded map from a 64-bit key hash to three additive counters, keeping the key's bytes so the
 * winners can be named. Column 0 is the ranking column (hits for sections, bytes for hosts).
 *
 * <p>Open addressing with linear probing over parallel primitive arrays; no object per entry and
 * nothing allocated per {@link #add} once the table has grown to its working size.
 *
 * <pre>
 *   slot:      0      1      2      3  ...  (power of two, at most half full)
 *   hashes:  [ h  ] [ 0  ] [ h' ] [ 0  ]    0 = empty (a real hash of 0 is stored as 1)
 *   c0,c1,c2:[ n  ] [    ] [ n' ] [    ]    the three counters (c2 shared zeros until used)
 *   keyOff:  [ o  ] [    ] [ o' ] [    ]    where the key bytes start in the arena
 *   keyLen:  [ l  ] [    ] [ l' ] [    ]
 *   arena:   [ ...key bytes, appended in insertion order... ]
 * </pre>
 *
 * <p><b>Third column on demand.</b> Host maps never count anything in column 2 (it was a fifth of
 * each host table). Until a non-zero column-2 value arrives, a map's {@code c2} is its thread's
 * shared column of zeros (never written, at least as long as the table; a table larger than the
 * spares keep has zeros of its own); the first non-zero value gives the map a column of its own,
 * kept through growth and {@link #clear}. Reads see 0 either way, so a map counts, merges, purges
 * and lists exactly as with a column of its own.
 *
 * <p><b>Bounded.</b> At most {@code capacity} keys are held. When a new key arrives at a full map,
 * the lower half of the entries (by column 0) is purged: their counters go into the exact
 * {@code other} totals and the largest purged column-0 value is added to {@link #errorBound()}.
 * The map is therefore exact while distinct keys fit the capacity; beyond it every kept count is
 * at most {@code errorBound} below its true value, and {@code kept + other} is always the exact
 * total. Merging adds counters and adds error bounds, so grouping and order of merges do not
 * matter while the capacity is not reached; beyond it the merged bound still holds (a kept count
 * of the sum is at most the sum of both bounds, plus what purges during the merge add, below the
 * true sum). A merge that purges adds to the keys held first, then meets the new ones by
 * ascending hash ({@link #addAll}), so like everything else here its result follows from the
 * maps' contents, never from their tables' sizes or the order keys first came in.
 *
 * <p><b>In place.</b> A purge reuses the table, the arena and one scratch array of
 * {@code capacity} longs made at the first purge, so a map that stays over its capacity (the
 * lifetime host list of a log with many more clients than the capacity) allocates nothing after
 * that; which entries a purge keeps depends only on their counts and hashes.
 *
 * <p><b>One thread at a time.</b> Like every other method, {@link #top} writes the map's own
 * scratch (the cut's heap, the listed slots and their names), so even listing a map is not safe
 * from two threads at once; every caller keeps a map on one thread or hands it over.
 */
public final class TopCounter {
    private static final int MIN_SLOTS = 16;
    private static final int INITIAL_ARENA = 256;

    private final int capacity;
    private final int maxKeyBytes;

    private long[] hashes;
    private long[] c0;
    private long[] c1;
    /** Column 2, or while {@link #thirdColumn} is false this thread's shared zeros (never written). */
    private long[] c2;
    /** True once a non-zero column-2 value arrived: {@link #c2} is then this map's own. */
    private boolean thirdColumn;
    private int[] keyOffsets;
    private int[] keyLengths;
    private byte[] arena;
    private int arenaUsed;
    private int size;
    private int mask;

    /** Made at the first purge and reused by every later one (cut, ties, arena order). */
    private long[] purgeScratch;
    /** The heap of {@link #top}'s cut, made at its first call and reused while long enough. */
    private long[] topHeap;
    /** {@link #top}'s rows (table slots) and their key texts while it sorts them; made at its first call. */
    private int[] topSlots;
    private String[] topNames;

    private long errorBound;
    private long other0;
    private long other1;
    private long other2;

    /**
     * @param capacity    most keys held before the lower half is purged (at least 2)
     * @param maxKeyBytes most bytes of a key kept for display (longer keys are cut, hash unchanged)
     */
    public TopCounter(final int capacity, final int maxKeyBytes) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2: " + capacity);
        }
        this.capacity = capacity;
        this.maxKeyBytes = maxKeyBytes;
        allocate(MIN_SLOTS);
        arena = SPARES.get().arena(INITIAL_ARENA);
    }

    /** Takes a table of {@code slots} (a power of two) from this thread's spares, or makes one. */
    private void allocate(final int slots) {
        final Spares spares = SPARES.get();
        final int k = Integer.numberOfTrailingZeros(slots);
        if (spares.hashes[k] != null) {
            hashes = spares.hashes[k];
            c0 = spares.c0[k];
            c1 = spares.c1[k];
            keyOffsets = spares.keyOffsets[k];
            keyLengths = spares.keyLengths[k];
            spares.drop(k);
            Arrays.fill(hashes, 0L); // the counters and key positions are only read where a hash is set
        } else {
            hashes = new long[slots];
            c0 = new long[slots];
            c1 = new long[slots];
            keyOffsets = new int[slots];
            keyLengths = new int[slots];
        }
        c2 = thirdColumn ? spares.column2(k) : spares.zeros(slots);
        mask = slots - 1;
    }

    /**
     * The first non-zero column-2 value: the map takes a column of its own, all zeros as the
     * shared one was (its table keeps its size and order).
     */
    private void ownThirdColumn() {
        c2 = new long[hashes.length];
        thirdColumn = true;
    }

    /**
     * Tables and arenas that maps of one thread gave up when they grew, one of each size, for the
     * next map of that thread growing through the same size. Every map grows from
     * {@value #MIN_SLOTS} slots by doubling, so the combiner's 120 window slots and its blocks,
     * each growing once to its working size when a run starts, would otherwise each leave as much
     * garbage as the table they keep (measured: about 7 MB of the 2 M-line replay's allocation).
     * Which table a map is given does not change where its entries go (that depends only on the
     * table's size and the order of the adds), so the spares change no result. Holds at most one
     * table and one arena of each power-of-two size up to {@link #MAX_SPARE_SLOTS} slots and
     * {@link #MAX_SPARE_ARENA} bytes: at most about 1.3 MB and 2 MB a thread, however large a
     * {@code --top-capacity} lets the lifetime's maps grow (larger tables go to the collector).
     * Not under that cap: {@link #addAll}'s scratch for a merge that may purge, 8 bytes per key of
     * the largest map so merged on the thread (a shard frame: 8 x {@code --top-capacity}), kept.
     */
    private static final class Spares {
        /** Largest table kept: 16,384 slots (640 KB), above the window slots' and most blocks' size. */
        static final int MAX_SPARE_SLOTS = 1 << 14;
        /** Largest arena kept: 1 MB. */
        static final int MAX_SPARE_ARENA = 1 << 20;

        /**
         * The zeros two-column maps of this thread read as column 2 (never written); grown as they
         * grow, up to {@link #MAX_SPARE_SLOTS} like the tables kept: one array instead of a column
         * per map.
         */
        private long[] zeros = new long[MIN_SLOTS];

        final long[][] hashes = new long[32][];
        final long[][] c0 = new long[32][];
        final long[][] c1 = new long[32][];
        final long[][] c2 = new long[32][];
        final int[][] keyOffsets = new int[32][];
        final int[][] keyLengths = new int[32][];
        final byte[][] arenas = new byte[32][];
        /** {@link #addAll}'s new keys when a merge may purge; grows to the largest map so merged. */
        long[] mergeOrder = new long[0];

        void drop(final int k) {
            hashes[k] = null;
            c0[k] = null;
            c1[k] = null;
            keyOffsets[k] = null;
            keyLengths[k] = null;
        }

        /** Keeps a table given up; {@code c} is null when the map had no column 2 of its own. */
        void keep(final long[] h, final long[] a, final long[] b, final long[] c, final int[] o, final int[] l) {
            final int k = Integer.numberOfTrailingZeros(h.length);
            if (h.length > MAX_SPARE_SLOTS) {
                return;
            }
            if (hashes[k] == null) {
                hashes[k] = h;
                c0[k] = a;
                c1[k] = b;
                keyOffsets[k] = o;
                keyLengths[k] = l;
            }
            if (c != null && c2[k] == null) {
                c2[k] = c;
            }
        }

        /** A column 2 of {@code 2^k} slots (contents undefined: read only where a hash is set), a spare one if there is. */
        long[] column2(final int k) {
            final long[] c = c2[k];
            if (c != null) {
                c2[k] = null;
                return c;
            }
            return new long[1 << k];
        }

        /**
         * Zeros at least {@code slots} long, shared by this thread's maps without a column 2. A
         * table larger than {@link #MAX_SPARE_SLOTS} gets zeros of its own, not held here: the
         * thread would otherwise keep them after the map is gone (a pool thread that once served a
         * large history query), past the bound above.
         */
        long[] zeros(final int slots) {
            if (slots > MAX_SPARE_SLOTS) {
                return new long[slots];
            }
            if (zeros.length < slots) {
                zeros = new long[slots];
            }
            return zeros;
        }

        /** An arena of {@code length} bytes (contents undefined), a spare one if there is. */
        byte[] arena(final int length) {
            if (Integer.bitCount(length) == 1) {
                final int k = Integer.numberOfTrailingZeros(length);
                final byte[] a = arenas[k];
                if (a != null) {
                    arenas[k] = null;
                    return a;
                }
            }
            return new byte[length];
        }

        void keepArena(final byte[] a) {
            if (Integer.bitCount(a.length) == 1 && a.length <= MAX_SPARE_ARENA) {
                arenas[Integer.numberOfTrailingZeros(a.length)] = a;
            }
        }
    }

    private static final ThreadLocal<Spares> SPARES = ThreadLocal.withInitial(Spares::new);

    /** Most keys held. */
    public int capacity() {
        return capacity;
    }

    /** Keys held now. */
    public int size() {
        return size;
    }

    /** How far below its true value any kept column-0 count may be; 0 while exact. */
    public long errorBound() {
        return errorBound;
    }

    /** Column 0 summed over purged keys (exact). */
    public long other0() {
        return other0;
    }

    /** Column 1 summed over purged keys (exact). */
    public long other1() {
        return other1;
    }

    /** Column 2 summed over purged keys (exact). */
    public long other2() {
        return other2;
    }

    /**
     * Adds to the counters of a key.
     *
     * @param hash   the key's {@link dev.logmon.core.format.ByteHash} hash
     * @param key    bytes of the key (only read when the key is new)
     * @param offset start of the key in {@code key}
     * @param length length of the key
     */
    public void add(final long hash, final byte[] key, final int offset, final int length,
                    final long d0, final long d1, final long d2) {
        final long h = hash == 0 ? 1 : hash;
        int slot = (int) mix(h) & mask;
        final long[] hs = hashes;
        while (true) {
            final long existing = hs[slot];
            if (existing == h) {
                c0[slot] += d0;
                c1[slot] += d1;
                if (d2 != 0) {
                    if (!thirdColumn) {
                        ownThirdColumn();
                    }
                    c2[slot] += d2;
                }
                return;
            }
            if (existing == 0) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        if (size == capacity) {
            purgeLowerHalf();
            add(h, key, offset, length, d0, d1, d2);
            return;
        }
        final int kept = Math.min(length, maxKeyBytes);
        ensureArena(kept);
        System.arraycopy(key, offset, arena, arenaUsed, kept);
        insertAt(slot, h, arenaUsed, kept, d0, d1, d2);
        arenaUsed += kept;
        size++;
        if (size * 2 > hashes.length) {
            resize(hashes.length * 2);
        }
    }

    private void insertAt(final int slot, final long h, final int keyOffset, final int keyLength,
                          final long d0, final long d1, final long d2) {
        hashes[slot] = h;
        c0[slot] = d0;
        c1[slot] = d1;
        if (thirdColumn) {
            c2[slot] = d2;
        } else if (d2 != 0) {
            ownThirdColumn();
            c2[slot] = d2;
        }
        keyOffsets[slot] = keyOffset;
        keyLengths[slot] = keyLength;
    }

    /**
     * Adds every key and counter of {@code other} into this map, and its purged totals and error.
     * A merge that will purge (more of {@code other}'s keys are new here than there is room for)
     * first adds to the keys this map holds, then meets the new ones by ascending hash: what a
     * purge keeps depends on what came before it, and the order of {@code other}'s table depends
     * on its history (the size a cleared map kept from an earlier second, the order its keys were
     * first added), so the result then depends on the two maps' contents only. Any other merge is
     * addition, in table order.
     */
    public void addAll(final TopCounter other) {
        if (size + other.size <= capacity) {
            final long[] hs = other.hashes;
            for (int i = 0; i < hs.length; i++) {
                if (hs[i] != 0) {
                    add(hs[i], other.arena, other.keyOffsets[i], other.keyLengths[i], other.c0[i], other.c1[i], other.c2[i]);
                }
            }
        } else {
            addAllPastRoom(other);
        }
        other0 += other.other0;
        other1 += other.other1;
        other2 += other.other2;
        errorBound += other.errorBound;
    }

    /**
     * {@link #addAll} when {@code other} may bring more new keys than there is room for: the keys
     * held here first (no purge can come of those), then the new ones, in table order as before
     * when they fit, else by ascending hash.
     */
    private void addAllPastRoom(final TopCounter other) {
        final Spares spares = SPARES.get();
        long[] fresh = spares.mergeOrder;
        if (fresh.length < other.size) {
            fresh = new long[Math.max(other.size, 2 * fresh.length)];
            spares.mergeOrder = fresh;
        }
        final long[] hs = other.hashes;
        int n = 0;
        for (int i = 0; i < hs.length; i++) {
            final long h = hs[i];
            if (h != 0) {
                final int slot = slotOf(h);
                if (slot >= 0) {
                    c0[slot] += other.c0[i];
                    c1[slot] += other.c1[i];
                    final long d2 = other.c2[i];
                    if (d2 != 0) {
                        if (!thirdColumn) {
                            ownThirdColumn();
                        }
                        c2[slot] += d2;
                    }
                } else {
                    fresh[n++] = i;
                }
            }
        }
        if (n <= capacity - size) {
            for (int k = 0; k < n; k++) {
                final int i = (int) fresh[k];
                add(hs[i], other.arena, other.keyOffsets[i], other.keyLengths[i], other.c0[i], other.c1[i], other.c2[i]);
            }
            return;
        }
        for (int k = 0; k < n; k++) {
            fresh[k] = hs[(int) fresh[k]];
        }
        heapSort(fresh, n);
        for (int k = 0; k < n; k++) {
            final long h = fresh[k];
            final int i = other.slotOf(h);
            add(h, other.arena, other.keyOffsets[i], other.keyLengths[i], other.c0[i], other.c1[i], other.c2[i]);
        }
    }

    /** Empties the map, keeping its grown arrays for reuse. */
    public void clear() {
        if (size > 0) {
            Arrays.fill(hashes, 0L);
        }
        size = 0;
        arenaUsed = 0;
        errorBound = 0;
        other0 = 0;
        other1 = 0;
        other2 = 0;
    }

    /**
     * Bytes held by the table, the key arena and (once the map has purged) the purge's scratch
     * array (array payloads, without object headers).
     */
    public long retainedBytes() {
        return (long) hashes.length * ((thirdColumn ? 4 : 3) * Long.BYTES + 2 * Integer.BYTES) + arena.length
                + (purgeScratch == null ? 0 : (long) purgeScratch.length * Long.BYTES);
    }

    /** Sum of column 0 over kept keys plus purged keys: the exact total of everything added. */
    public long total0() {
        long sum = other0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0) {
                sum += c0[i];
            }
        }
        return sum;
    }

    /**
     * The {@code n} keys with the largest column 0, descending; ties broken by key text, then by
     * hash (two keys can share a text: cut at their longest, or bytes that are not UTF-8), so the
     * result does not depend on insertion order or the table's size. Allocates: call it when
     * building a snapshot.
     */
    public List<Entry> top(final int n) {
        return top(n, false, Entry::new);
    }

    /** Makes one row of a top list from a kept entry ({@link #top(int, boolean, RowMaker)}). */
    @FunctionalInterface
    public interface RowMaker<T> {
        /** The row of a key (its text as {@link #top(int)} names it) and its counters and stored hash. */
        T row(String key, long c0, long c1, long c2, long hash);
    }

    /**
     * The rows {@link #top(int)} lists, each made by {@code maker} straight from the table (a
     * snapshot's records, without an {@link Entry} each first), in the same order. With
     * {@code nullOnTie}, null instead when two of the first {@code n + 1} rows tie on both count
     * and text (keys cut at their longest, or bytes that are not UTF-8, can share a text; the
     * running sums of {@code WindowSums} then leave the view to the full merge). Allocates: the key
     * texts reaching the cut and the list.
     */
    public <T> List<T> top(final int n, final boolean nullOnTie, final RowMaker<T> maker) {
        if (n < 0) {
            throw new IllegalArgumentException("a top list of " + n + " rows");
        }
        final int wanted = nullOnTie && n > 0 ? n + 1 : n;
        // Only keys whose count reaches the wanted-th largest can be listed: name just those (a String
        // per key held made the lifetime lists of a full map cost milliseconds per snapshot).
        final long cut = size > wanted && wanted > 0 ? nthLargest0(wanted) : Long.MIN_VALUE;
        int m = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0 && c0[i] >= cut) {
                m++;
            }
        }
        if (topSlots == null || topSlots.length < m) {
            topSlots = new int[Math.max(m, 16)];
            topNames = new String[topSlots.length];
        }
        final int[] slots = topSlots;
        final String[] names = topNames;
        m = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0 && c0[i] >= cut) {
                slots[m] = i;
                names[m] = new String(arena, keyOffsets[i], keyLengths[i], StandardCharsets.UTF_8);
                m++;
            }
        }
        sortRows(slots, names, m);
        if (nullOnTie && n > 0) {
            for (int k = 0; k + 1 < Math.min(m, wanted); k++) {
                if (c0[slots[k]] == c0[slots[k + 1]] && names[k].equals(names[k + 1])) {
                    Arrays.fill(names, 0, m, null);
                    return null;
                }
            }
        }
        final int listed = Math.min(m, n);
        final List<T> rows = new ArrayList<>(listed);
        for (int k = 0; k < listed; k++) {
            final int i = slots[k];
            rows.add(maker.row(names[k], c0[i], c1[i], c2[i], hashes[i]));
        }
        Arrays.fill(names, 0, m, null); // the scratch keeps no key text alive
        return rows;
    }

    /**
     * Sorts rows {@code [0, m)} (table slots with their key texts) by column 0 descending, then
     * text, then stored hash (unique in a table, so the order is total and does not depend on the
     * table's size or history; heap sort, no allocation).
     */
    private void sortRows(final int[] slots, final String[] names, final int m) {
        for (int k = m / 2 - 1; k >= 0; k--) {
            siftRow(slots, names, k, m);
        }
        for (int end = m - 1; end > 0; end--) {
            swapRows(slots, names, 0, end);
            siftRow(slots, names, 0, end);
        }
    }

    /** Sifts row {@code from} down the heap of rows {@code [0, n)}, the last row in list order on top. */
    private void siftRow(final int[] slots, final String[] names, final int from, final int n) {
        int j = from;
        while (true) {
            int child = 2 * j + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && listedBefore(slots, names, child, child + 1)) {
                child++;
            }
            if (!listedBefore(slots, names, j, child)) {
                return;
            }
            swapRows(slots, names, j, child);
            j = child;
        }
    }

    /** True when row {@code a} comes before row {@code b} in a top list. */
    private boolean listedBefore(final int[] slots, final String[] names, final int a, final int b) {
        final long ca = c0[slots[a]];
        final long cb = c0[slots[b]];
        if (ca != cb) {
            return ca > cb;
        }
        final int byText = names[a].compareTo(names[b]);
        return byText != 0 ? byText < 0 : hashes[slots[a]] < hashes[slots[b]];
    }

    private static void swapRows(final int[] slots, final String[] names, final int a, final int b) {
        final int s = slots[a];
        slots[a] = slots[b];
        slots[b] = s;
        final String t = names[a];
        names[a] = names[b];
        names[b] = t;
    }

    /** Receives each kept entry with its key bytes ({@link #forEach}). */
    public interface Visitor {
        /** One entry; {@code key[offset, offset + length)} is only valid during the call. */
        void entry(long hash, byte[] key, int offset, int length, long c0, long c1, long c2);
    }

    /** Visits every kept entry, in table order (saved state). */
    public void forEach(final Visitor visitor) {
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0) {
                visitor.entry(hashes[i], arena, keyOffsets[i], keyLengths[i], c0[i], c1[i], c2[i]);
            }
        }
    }

    /** Adds to the purged totals and the error bound (restoring saved state). */
    public void addPurged(final long o0, final long o1, final long o2, final long error) {
        other0 += o0;
        other1 += o1;
        other2 += o2;
        errorBound += error;
    }

    /** The n-th largest column-0 count (1 <= n < size), by a min-heap of the n largest seen. */
    private long nthLargest0(final int n) {
        if (topHeap == null || topHeap.length < n) {
            topHeap = new long[n];
        }
        final long[] heap = topHeap;
        int filled = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == 0) {
                continue;
            }
            final long v = c0[i];
            if (filled < n) {
                int j = filled++;
                heap[j] = v;
                while (j > 0 && heap[(j - 1) / 2] > heap[j]) {
                    swap(heap, j, (j - 1) / 2);
                    j = (j - 1) / 2;
                }
            } else if (v > heap[0]) {
                heap[0] = v;
                int j = 0;
                while (true) {
                    final int l = 2 * j + 1;
                    final int r = l + 1;
                    int min = j;
                    if (l < n && heap[l] < heap[min]) {
                        min = l;
                    }
                    if (r < n && heap[r] < heap[min]) {
                        min = r;
                    }
                    if (min == j) {
                        break;
                    }
                    swap(heap, j, min);
                    j = min;
                }
            }
        }
        return heap[0];
    }

    private static void swap(final long[] a, final int i, final int j) {
        final long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** The column-0 count of a key, or 0 when the key is not held. For tests and diagnostics. */
    public long count0(final long hash) {
        final int slot = slotOf(hash == 0 ? 1 : hash);
        return slot < 0 ? 0 : c0[slot];
    }

    /** The slot holding stored hash {@code h} (never 0), or -1. */
    private int slotOf(final long h) {
        int slot = (int) mix(h) & mask;
        while (hashes[slot] != 0) {
            if (hashes[slot] == h) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private void ensureArena(final int extra) {
        if (arenaUsed + extra > arena.length) {
            final Spares spares = SPARES.get();
            final byte[] grown = spares.arena(Math.max(arena.length * 2, arenaUsed + extra));
            System.arraycopy(arena, 0, grown, 0, arenaUsed);
            spares.keepArena(arena);
            arena = grown;
        }
    }

    private void resize(final int slots) {
        final long[] oldHashes = hashes;
        final long[] old0 = c0;
        final long[] old1 = c1;
        final long[] old2 = c2;
        final int[] oldOffsets = keyOffsets;
        final int[] oldLengths = keyLengths;
        allocate(slots);
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldHashes[i] != 0) {
                int slot = (int) mix(oldHashes[i]) & mask;
                while (hashes[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                insertAt(slot, oldHashes[i], oldOffsets[i], oldLengths[i], old0[i], old1[i], old2[i]);
            }
        }
        SPARES.get().keep(oldHashes, old0, old1, thirdColumn ? old2 : null, oldOffsets, oldLengths);
    }

    /**
     * Purges the lower half of the entries by column 0: exactly {@code size / 2} of them, so an
     * entry above the median is never purged even when many counts tie (ties at the cut are
     * purged in hash order, which does not depend on insertion order). Runs once per
     * {@code capacity / 2} new keys at most, so its cost is amortised to O(log capacity) per new key.
     *
     * <p>In place: the cut is found by selecting in a scratch array made at the first purge and kept;
     * the purged slots are emptied and the kept entries re-inserted into the same table; the kept
     * keys' bytes are moved down the same arena. Nothing is allocated after the first purge.
     */
    private void purgeLowerHalf() {
        final int toPurge = size / 2;
        if (purgeScratch == null || purgeScratch.length < size) {
            purgeScratch = new long[Math.max(size, capacity)];
        }
        final long[] scratch = purgeScratch;
        int n = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0) {
                scratch[n++] = c0[i];
            }
        }
        final long cut = select(scratch, n, toPurge - 1);
        int below = 0;
        int ties = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0) {
                final long v = c0[i];
                if (v < cut) {
                    below++;
                } else if (v == cut) {
                    scratch[ties++] = hashes[i];
                }
            }
        }
        final long lastTiePurged = select(scratch, ties, toPurge - below - 1);
        // an empty slot: no cluster of the table as it was wraps past it, so re-inserting in slot
        // order from there moves every kept entry only backwards within its own cluster
        int start = 0;
        while (hashes[start] != 0) {
            start++;
        }
        long purgedMax = 0;
        for (int i = 0; i < hashes.length; i++) {
            final long h = hashes[i];
            if (h != 0 && (c0[i] < cut || (c0[i] == cut && h <= lastTiePurged))) {
                other0 += c0[i];
                other1 += c1[i];
                other2 += c2[i];
                purgedMax = Math.max(purgedMax, c0[i]);
                hashes[i] = 0;
                size--;
            }
        }
        for (int k = 1; k <= mask; k++) {
            final int i = (start + k) & mask;
            final long h = hashes[i];
            if (h == 0) {
                continue;
            }
            hashes[i] = 0;
            int slot = (int) mix(h) & mask;
            while (hashes[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            if (slot != i) {
                insertAt(slot, h, keyOffsets[i], keyLengths[i], c0[i], c1[i], c2[i]);
            } else {
                hashes[i] = h;
            }
        }
        compactArena(scratch);
        errorBound += purgedMax;
    }

    /** Moves the kept keys' bytes down the arena in their order there, closing the purged keys' gaps. */
    private void compactArena(final long[] scratch) {
        int n = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != 0) {
                scratch[n++] = (long) keyOffsets[i] << 32 | i;
            }
        }
        heapSort(scratch, n);
        int used = 0;
        for (int k = 0; k < n; k++) {
            final int slot = (int) scratch[k];
            final int from = keyOffsets[slot];
            if (from != used) {
                System.arraycopy(arena, from, arena, used, keyLengths[slot]);
                keyOffsets[slot] = used;
            }
            used += keyLengths[slot];
        }
        arenaUsed = used;
    }

    /**
     * The {@code k}-th smallest (from 0) of {@code a[0, n)}, reordering it in place: quickselect
     * with a three-way partition (runs of equal counts are common), median-of-three pivots, and
     * a heap sort of what is left should the partitions keep coming out lopsided.
     */
    static long select(final long[] a, final int n, final int k) {
        int lo = 0;
        int hi = n - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(n)) + 8;
        while (hi > lo) {
            if (--budget < 0) {
                heapSortRange(a, lo, hi + 1);
                return a[k];
            }
            final int mid = (lo + hi) >>> 1;
            final long pivot = median(a[lo], a[mid], a[hi]);
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                final long v = a[i];
                if (v < pivot) {
                    swap(a, lt++, i++);
                } else if (v > pivot) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[k];
    }

    private static long median(final long x, final long y, final long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    private static void heapSortRange(final long[] a, final int from, final int to) {
        final int n = to - from;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, from, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(a, from, from + end);
            siftDown(a, from, 0, end);
        }
    }

    /** Sorts {@code a[0, n)} ascending in place (heap sort: no allocation, O(n log n) always). */
    private static void heapSort(final long[] a, final int n) {
        heapSortRange(a, 0, n);
    }

    /** Sifts {@code a[base + from]} down the heap {@code a[base, base + n)}. */
    private static void siftDown(final long[] a, final int base, final int from, final int n) {
        int j = from;
        final long v = a[base + j];
        while (true) {
            int child = 2 * j + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && a[base + child + 1] > a[base + child]) {
                child++;
            }
            if (a[base + child] <= v) {
                break;
            }
            a[base + j] = a[base + child];
            j = child;
        }
        a[base + j] = v;
    }

    private static long mix(final long h) {
        return h ^ (h >>> 29) ^ (h >>> 47);
    }

    /** One named row of a top list; {@code hash} is the key's hash as stored (0 is stored as 1). */
    public record Entry(String key, long c0, long c1, long c2, long hash) {
        /** A row without its hash (tests). */
        public Entry(final String key, final long c0, final long c1, final long c2) {
            this(key, c0, c1, c2, 0);
        }
    }
}
