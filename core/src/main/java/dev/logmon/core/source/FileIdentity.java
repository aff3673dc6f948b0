package dev.logmon.core.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Recognises whether the bytes behind an open file are still the ones we read: a fingerprint of
 * the file's head and a marker of the bytes just before the read position. Either changing means
 * the file was truncated or rewritten in place (copytruncate, truncate-and-regrow, or a new file
 * that reused the inode), even when it is now larger than before, which a size check alone
 * cannot see.
 *
 * <pre>
 *   file:  [ head (up to 64 B) ] ..................... [ marker (32 B) ] ^ position
 *            captured once                               captured at each end of file
 * </pre>
 *
 * Preallocated buffers; two positional reads per check, done only while idle at the end.
 */
final class FileIdentity {
    static final int HEAD_BYTES = 64;
    static final int MARKER_BYTES = 32;

    private final byte[] head = new byte[HEAD_BYTES];
    private final byte[] marker = new byte[MARKER_BYTES];
    private final byte[] probe = new byte[HEAD_BYTES];
    private final ByteBuffer probeView = ByteBuffer.wrap(probe);
    private int headLength;
    private int markerLength;
    private long markerEnd = -1;

    /** Forgets everything (a new file, or the same file read again from 0). */
    void reset() {
        headLength = 0;
        markerLength = 0;
        markerEnd = -1;
    }

    /** Records the head and the marker before {@code position}; call when idle at the end. */
    void capture(final FileChannel ch, final long position) throws IOException {
        if (headLength < HEAD_BYTES && position > headLength) {
            final int n = read(ch, 0, (int) Math.min(HEAD_BYTES, position));
            if (n > headLength) { // never shorter: a file truncated meanwhile keeps the head read before
                System.arraycopy(probe, 0, head, 0, n);
                headLength = n;
            }
        }
        final int len = (int) Math.min(MARKER_BYTES, position);
        final int n = read(ch, position - len, len);
        System.arraycopy(probe, 0, marker, 0, n);
        markerLength = n;
        markerEnd = position;
    }

    /**
     * Takes the head from the bytes the reader has just read (when they cover the part of the
     * head still missing): the head as read, not as the file is a moment later, so a copytruncate
     * right after the read still finds its copy.
     */
    void learnHead(final LineReader reader) {
        if (headLength < HEAD_BYTES) {
            headLength += reader.copyLastRead(headLength, head, headLength, HEAD_BYTES - headLength);
        }
    }

    /** True once the head of the file has been captured. */
    boolean hasHead() {
        return headLength == HEAD_BYTES;
    }

    /** True when another file (a copy of this one) starts with the captured head. */
    boolean headMatches(final FileChannel other) throws IOException {
        if (headLength == 0) {
            return false;
        }
        final int n = read(other, 0, headLength);
        return n == headLength && Arrays.equals(probe, 0, n, head, 0, n);
    }

    /** True when the file still holds the captured bytes at the same places. */
    boolean stillMatches(final FileChannel ch, final long position) throws IOException {
        if (headLength > 0) {
            final int n = read(ch, 0, headLength);
            if (n != headLength || !Arrays.equals(probe, 0, n, head, 0, n)) {
                return false;
            }
        }
        if (markerEnd == position && markerLength > 0) {
            final int n = read(ch, position - markerLength, markerLength);
            return n == markerLength && Arrays.equals(probe, 0, n, marker, 0, n);
        }
        return true;
    }

    private int read(final FileChannel ch, final long from, final int length) throws IOException {
        probeView.clear().limit(length);
        int total = 0;
        while (probeView.hasRemaining()) {
            final int n = ch.read(probeView, from + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
