package dev.logmon.core.source;

import java.util.ArrayDeque;

/**
 * The read buffers of {@link LineReader}s: a reader takes one at its first read and gives it back
 * when its file is idle with no partial line held, so a source following many files (a pattern,
 * or a file and its rotated ones) holds about as many buffers as files being read at once, not
 * one per file. One pool may serve the sources of a {@link FollowPool}: it is thread-safe.
 *
 * <pre>
 *   take(): a free buffer, or a new one     give(b): kept while fewer than keep are free, else dropped
 * </pre>
 */
final class ReadBuffers {
    /** Free buffers kept for the next take by a pool of one source (the rest go to the garbage collector). */
    static final int KEEP = 2;

    private final int bytes;
    private final int keep;
    private final ArrayDeque<byte[]> free;

    /** @param bytes size of each buffer */
    ReadBuffers(final int bytes) {
        this(bytes, KEEP);
    }

    /**
     * @param bytes size of each buffer
     * @param keep  free buffers kept (about the number of threads reading through this pool, times two)
     */
    ReadBuffers(final int bytes, final int keep) {
        this.bytes = bytes;
        this.keep = keep;
        this.free = new ArrayDeque<>(keep);
    }

    /** The size of each buffer. */
    int bytes() {
        return bytes;
    }

    byte[] take() {
        final byte[] b;
        synchronized (free) {
            b = free.poll();
        }
        return b != null ? b : new byte[bytes];
    }

    void give(final byte[] b) {
        synchronized (free) {
            if (free.size() < keep) {
                free.push(b);
            }
        }
    }
}
