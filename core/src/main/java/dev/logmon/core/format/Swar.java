package dev.logmon.core.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: a little-endian word read from a byte array, and the classic test for
 * which of its bytes equal a given byte.
 *
 * <pre>
 *   x = word ^ (b repeated)             a byte of x is 0 where the word holds b
 *   (x - 0x01..01) &amp; ~x &amp; 0x80..80      high bit set on those bytes
 * </pre>
 *
 * The lowest flagged byte is always a true match (the first byte in memory); a borrow out of a
 * matching byte may also flag the byte just above it, so only the lowest flag is to be trusted
 * without checking the byte.
 */
public final class Swar {
    /** Reads a long from a byte array at any index, little-endian (byte 0 in the low bits). */
    static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private Swar() {
    }

    /** {@code b} in each of the eight bytes of a word. */
    public static long repeat(final byte b) {
        return (b & 0xffL) * ONES;
    }

    /** High bit set on each byte of {@code word} equal to the byte {@code repeated} holds. */
    public static long matches(final long word, final long repeated) {
        final long x = word ^ repeated;
        return (x - ONES) & ~x & HIGH_BITS;
    }

    /** The word at {@code buf[index, index + 8)}. */
    public static long word(final byte[] buf, final int index) {
        return (long) WORD.get(buf, index);
    }
}
