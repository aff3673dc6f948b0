package dev.logmon.core.source;

import java.util.ArrayDeque;

/**
 * The read buffers of one source's {@link LineReader}s: a reader takes one at its first read and
 * gives it back when its file is idle with no partial line held, so a source following many files
 * (a pattern, or a file and its rotated ones) holds about as many buffers as files being read at
 * once, not one per file. Confined to the source's thread.
 *
 * <pre>
 *   take(): a free buffer, or a new one     give(b): kept while fewer than KEEP are free, else dropped
 * </pre>
 */
final class ReadBuffers {
    /** Free buffers kept for the next take (the rest go to the garbage collector). */
    static final int KEEP = 2;

    private final int bytes;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>(KEEP);

    /** @param bytes size of each buffer */
    ReadBuffers(final int bytes) {
        this.bytes = bytes;
    }

    byte[] take() {
        final byte[] b = free.poll();
        return b != null ? b : new byte[bytes];
    }

    void give(final byte[] b) {
        if (free.size() < KEEP) {
            free.push(b);
        }
    }
}
