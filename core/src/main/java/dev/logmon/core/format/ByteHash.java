package dev.logmon.core.format;

/**
 * The one 64-bit hash used for hosts and sections everywhere (parser, analyzers, tests), so that
 * the same bytes always land on the same shard and the same counter. FNV-1a over the bytes,
 * finished with the MurmurHash3 64-bit mixer so that the low bits (used for shard selection and
 * table slots) are well spread.
 */
public final class ByteHash {
    /** FNV-1a 64-bit offset basis: the hash of no bytes before mixing. */
    public static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private ByteHash() {
    }

    /** Folds one byte into a running hash started at {@link #SEED}. */
    public static long step(final long h, final byte b) {
        return (h ^ (b & 0xff)) * PRIME;
    }

    /** Finishes a running hash. */
    public static long finish(final long h) {
        long x = h;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    /** Hash of {@code bytes[offset, offset + length)}. */
    public static long hash(final byte[] bytes, final int offset, final int length) {
        long h = SEED;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = step(h, bytes[i]);
        }
        return finish(h);
    }
}
