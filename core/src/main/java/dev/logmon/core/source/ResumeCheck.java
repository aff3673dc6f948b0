package dev.logmon.core.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Decides at start whether a file may be read on from its {@link SavedPosition} (RELIABILITY row
 * 4): only when it is the same file (device and inode), at least as long as the offset, and both
 * fingerprints still match. Otherwise the bytes at the offset are not the ones counted (the file
 * was truncated, replaced or rewritten while logmon was down) and it is read from its start.
 */
public final class ResumeCheck {
    private ResumeCheck() {
    }

    /**
     * The outcome.
     *
     * @param offset where to read from: the saved offset, or 0
     * @param why    why the saved offset was not used (one line), or null when it was
     */
    public record Decision(long offset, String why) {
        public boolean resumed() {
            return why == null;
        }
    }

    /**
     * @param ch      the file now at the path, open for reading
     * @param fileKey its identity
     * @param saved   the position saved for this path
     */
    public static Decision decide(final FileChannel ch, final Object fileKey, final SavedPosition saved) throws IOException {
        if (fileKey == null || !fileKey.toString().equals(saved.fileKey())) {
            return new Decision(0, "is another file than when logmon stopped (rotated or replaced)");
        }
        if (saved.offset() > 0 && (saved.head().length == 0 || saved.marker().length == 0)) {
            // saved without fingerprints (the file had changed under the saver): nothing proves
            // the bytes at the offset are the ones counted
            return new Decision(0, "has no fingerprints saved for byte " + saved.offset() + " (cannot be checked)");
        }
        if (ch.size() < saved.offset()) {
            return new Decision(0, "is shorter than where logmon stopped (truncated)");
        }
        if (!matches(ch, 0, saved.head())) {
            return new Decision(0, "starts with other bytes than when logmon stopped (rewritten)");
        }
        if (!matches(ch, saved.offset() - saved.marker().length, saved.marker())) {
            return new Decision(0, "has other bytes before the saved offset (truncated and rewritten)");
        }
        return new Decision(saved.offset(), null);
    }

    /**
     * True when another file (a copy) holds the saved bytes at the same places: at least as long
     * as the offset, with the saved head and the saved marker; never on empty fingerprints.
     */
    static boolean sameBytes(final FileChannel ch, final SavedPosition saved) throws IOException {
        return saved.head().length > 0 && (saved.offset() == 0 || saved.marker().length > 0)
                && ch.size() >= saved.offset() && matches(ch, 0, saved.head())
                && matches(ch, saved.offset() - saved.marker().length, saved.marker());
    }

    /** True when the file holds {@code expected} at {@code from}. */
    static boolean matches(final FileChannel ch, final long from, final byte[] expected) throws IOException {
        if (expected.length == 0) {
            return true;
        }
        if (from < 0) {
            return false;
        }
        final byte[] got = read(ch, from, expected.length);
        return Arrays.equals(got, expected);
    }

    /** Up to {@code length} bytes at {@code from} (fewer at the end of the file). */
    public static byte[] read(final FileChannel ch, final long from, final int length) throws IOException {
        final ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            final int n = ch.read(buf, from + buf.position());
            if (n <= 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
