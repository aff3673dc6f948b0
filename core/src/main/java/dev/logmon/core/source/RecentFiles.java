package dev.logmon.core.source;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last few files a source finished (rotated away and quiet, or gone from the path), with where
 * reading them stopped: a file that comes back to the path (moved away and back, a symbolic link
 * pointed back at it) is read on from there instead of again from 0. A file with the same identity
 * whose bytes are not the ones read at the same places is a new file that reused the inode of a
 * deleted one, or the file truncated while away (which cannot be told apart): it is read from 0.
 *
 * <pre>
 *   finish(access.log, ino 42, at 51200)  ...  access.log is ino 42 again, head and marker match
 *                                              -> read on at 51200
 * </pre>
 */
final class RecentFiles {
    private final Map<String, Left> byKey;

    /** Where a file was left, and its fingerprints there. */
    static final class Left {
        private final long offset;
        private final FileIdentity identity;

        private Left(final long offset, final FileIdentity identity) {
            this.offset = offset;
            this.identity = identity;
        }

        /** Where reading it stopped. */
        long offset() {
            return offset;
        }

        /** The fingerprints taken when it was left. */
        FileIdentity identity() {
            return identity;
        }

        /** The offset to read on at in {@code ch} (the same file, not shorter), or -1. */
        long readOnAt(final FileChannel ch) throws IOException {
            return ch.size() >= offset && identity.stillMatches(ch, offset) ? offset : -1;
        }
    }

    /** @param capacity files remembered (the oldest is forgotten first) */
    RecentFiles(final int capacity) {
        this.byKey = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Left> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers where {@code g} was left (call before closing it). */
    void remember(final FileGeneration g) {
        if (!g.isOpen()) {
            return; // closed while inactive and gone: not remembered, read from 0 if it comes back
        }
        try {
            final long at = g.channel.position();
            g.identity.capture(g.channel, at);
            byKey.put(g.key.toString(), new Left(at, g.identity));
        } catch (IOException e) {
            // not remembered: if it comes back, it is read from 0
        }
    }

    /** True when a file with this identity is remembered. */
    boolean contains(final Object key) {
        return key != null && byKey.containsKey(key.toString());
    }

    /** Where the file with this identity was left, forgotten by this call; null when unknown. */
    Left take(final Object key) {
        return key == null ? null : byKey.remove(key.toString());
    }
}
