package dev.logmon.core.source;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One file a followed path has named: its open channel, its identity, and a line reader of its
 * own, so that a file rotated away is read on (its partial last line, its position) while the new
 * file at the path is read too.
 *
 * <pre>
 *   access.log ---> [current generation]    read, checked for truncation at each idle look
 *   access.log.1    [rotated generation]    read until quiet for --rotate-wait, then closed
 *   (deleted)       [rotated generation]    (the writer may still append through its handle)
 * </pre>
 *
 * The current generation may be closed while inactive ({@code --close-inactive}): it keeps its
 * identity, position and reader, and is reopened at its position when the file changes.
 *
 * Confined to its source's thread.
 */
final class FileGeneration {
    /** Null while closed for inactivity ({@link #park()}). */
    FileChannel channel;
    /** Where reading stopped when it was closed for inactivity. */
    private long parkedAt;
    final Object key;
    final LineReader reader;
    /** Fingerprints of its head and of the bytes before the read position (replaced by a remembered one). */
    FileIdentity identity = new FileIdentity();
    /** The generation its lines carry ({@link SourceFiles}); a new one after a truncation. */
    int generation;
    /** When it last grew (for a rotated file: when it was last seen to grow, or was rotated). */
    long quietSinceNanos;

    FileGeneration(final FileChannel channel, final Object key, final LineReader reader) {
        this.channel = channel;
        this.key = key;
        this.reader = reader;
    }

    /** Reads one chunk and publishes its lines; bytes read, or 0 or -1 at the end. */
    int read() throws IOException, InterruptedException {
        if (!reader.hasBuffer() && channel.size() <= channel.position()) {
            return 0; // nothing to read yet: no buffer for a file that stays idle
        }
        final int n = reader.readFrom(channel);
        if (n > 0 && !identity.hasHead()) {
            // the head at once, from the bytes read, not at the first idle look: a writer that
            // never pauses would leave it unknown, and a copytruncate right after this read would
            // leave a head read from the file empty; without it the copy is not found
            identity.learnHead(reader);
        }
        reader.idle(); // no partial line held: the buffer goes back to the source's pool until the next read
        return n;
    }

    /** Bytes between the read position and the end of the file. */
    long lag() throws IOException {
        return Math.max(0, channel.size() - channel.position());
    }

    /** False while closed for inactivity. */
    boolean isOpen() {
        return channel != null;
    }

    /** The read position (where it stopped, while closed). */
    long position() throws IOException {
        return channel != null ? channel.position() : parkedAt;
    }

    /** Closes it for inactivity, keeping its position, identity and reader. */
    void park() throws IOException {
        parkedAt = channel.position();
        close();
        channel = null;
    }

    /** Reads on through {@code ch} (the same file, opened again) where it stopped. */
    void reopen(final FileChannel ch) throws IOException {
        ch.position(parkedAt);
        channel = ch;
    }

    /** Closes the channel, ignoring failures (the file is done with). */
    void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
