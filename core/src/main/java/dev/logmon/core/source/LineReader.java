package dev.logmon.core.source;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.format.Swar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Splits a byte channel into lines with one reused buffer, and hands each line to a
 * {@link LinePublisher}. Handles CRLF (the parser drops the {@code \r}), a UTF-8 byte-order mark
 * at the start, NUL bytes at the start of a line (skipped: a writer without {@code O_APPEND}
 * leaves a hole of them after a copytruncate), lines longer than the maximum (counted as {@link MalformedReason#TOO_LONG} and
 * skipped to their newline with no extra memory), and a last line without a newline (held until
 * {@link #flushPartial()} says the input has ended).
 *
 * <pre>
 *   buffer: [ consumed | line | line | partial line ......| free ]
 *           0          start                              end
 *   after the scan the partial line is moved to 0 and the next read appends after it
 * </pre>
 *
 * Each stretch of a read is split in two passes: the newlines of up to {@code NEWLINE_BATCH}
 * lines are found first, eight bytes at a time (a word compared with eight {@code '\n'} at
 * once; after a newline the next word is read from the byte after it), then those lines are published.
 */
public final class LineReader {
    /** Most newlines found before the lines they end are published. */
    private static final int NEWLINE_BATCH = 1024;
    private static final long NEWLINES = Swar.repeat((byte) '\n');

    /** Taken from the pool at the first read, given back when idle with no partial line held. */
    private byte[] buffer;
    private ByteBuffer view;
    private final ReadBuffers buffers;
    private final int maxLine;
    private final LinePublisher publisher;
    /** Where the lines of the stretch being split end (indexes of their newlines). */
    private final int[] newlines = new int[NEWLINE_BATCH];
    private int start;
    private int end;
    private boolean skipping;
    /** File offset where the line being skipped starts. */
    private long skipStart;
    private boolean atFileStart = true;
    private long bytesRead;
    private int generation;
    private long endPosition;
    /** Where the bytes of the last read are in the buffer, and the file offset of the first. */
    private int lastReadIndex;
    private int lastReadLength;
    private long lastReadOffset;
    /** What the first bytes of the file looked like when they were not text (said once by the source). */
    private String contentNotice;

    /**
     * @param maxLine   longest line accepted, in bytes (without the newline)
     * @param publisher where lines go
     */
    public LineReader(final int maxLine, final LinePublisher publisher) {
        this(maxLine, publisher, new ReadBuffers(Math.max(1 << 20, maxLine + 1)));
    }

    /**
     * A reader taking its buffer from a pool shared with other sources' readers (a {@link FollowPool}'s).
     *
     * @param maxLine   longest line accepted, in bytes (without the newline)
     * @param publisher where lines go
     * @param buffers   the pool; its buffers must hold at least {@code maxLine + 1} bytes
     */
    public LineReader(final int maxLine, final LinePublisher publisher, final ReadBuffers buffers) {
        this.maxLine = maxLine;
        this.publisher = publisher;
        this.buffers = buffers;
    }

    /** True once the buffer is allocated (at the first read). */
    public boolean hasBuffer() {
        return buffer != null;
    }

    /**
     * A second reader like this one (same maximum, same publisher, same buffer pool), for another
     * file of the same source (read on the same thread).
     */
    public LineReader another() {
        return new LineReader(maxLine, publisher, buffers);
    }

    /**
     * The file is idle: when no partial line is held, the buffer goes back to the pool, so that
     * many idle files share a few buffers instead of holding one each.
     */
    public void idle() {
        if (buffer != null && start == end && !skipping) {
            buffers.give(buffer);
            buffer = null;
            view = null;
            start = 0;
            end = 0;
            lastReadLength = 0;
        }
    }

    /**
     * Reads once from the channel and publishes every complete line.
     *
     * @return bytes read, or -1 at end of stream
     */
    public int readFrom(final ReadableByteChannel channel) throws IOException, InterruptedException {
        if (buffer == null) {
            buffer = buffers.take();
            view = ByteBuffer.wrap(buffer);
        }
        if (start == end) {
            // Checked here rather than at the end of scan: a branch there that the profile had
            // never seen taken (a read ending exactly at a newline) threw away the compiled scan
            // loop with everything inlined into it, and C2 took a quarter of a second to redo it.
            start = 0;
            end = 0;
        } else if (end == buffer.length) {
            compact();
        }
        view.limit(buffer.length).position(end);
        final int n = channel.read(view);
        if (n <= 0) {
            return n;
        }
        lastReadIndex = end;
        lastReadLength = n;
        lastReadOffset = endPosition;
        bytesRead += n;
        endPosition += n;
        end += n;
        publisher.refreshClock();
        scan(end - n);
        return n;
    }

    /**
     * The channel about to be read is file {@code fileGeneration} of this source, positioned at
     * {@code position} (the offset of the next byte read): line offsets handed to the publisher
     * count from there. A partial line held is taken to end just before that position (a copy read
     * on from where the original stopped).
     */
    public void beginFile(final int fileGeneration, final long position) {
        this.generation = fileGeneration;
        this.endPosition = position;
    }

    /** Its indexes, for a test's failure message. */
    String debugState() {
        return "[" + start + "," + end + (skipping ? " skipping" : "") + " at " + endPosition + "]";
    }

    /**
     * Copies what the last read returned of file offsets {@code [offset, offset + length)} into
     * {@code into} at {@code at}: the bytes exactly as read, even if the file has changed since.
     *
     * @return bytes copied (0 when the last read did not start at or before {@code offset})
     */
    public int copyLastRead(final long offset, final byte[] into, final int at, final int length) {
        final long skip = offset - lastReadOffset;
        if (skip < 0 || skip >= lastReadLength) {
            return 0;
        }
        final int n = (int) Math.min(length, lastReadLength - skip);
        System.arraycopy(buffer, lastReadIndex + (int) skip, into, at, n);
        return n;
    }

    /** Bytes read so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /** True when a partial line (no newline yet) is held. */
    public boolean hasPartial() {
        return end > start || skipping;
    }

    /** The input has ended: a held partial line counts as a line. */
    public void flushPartial() throws InterruptedException {
        if (skipping) {
            skipped(endPosition);
        } else if (end > start) {
            publishLine(start, end - start, 0);
        }
        publisher.flush();
        start = 0;
        end = 0;
    }

    /** Forgets any partial line and the byte-order-mark state (the file was replaced or truncated). */
    public void reset() {
        if (skipping) {
            skipped(endPosition); // the rest of it is gone with the old content
            publisher.flush(); // a reader set aside may not read again soon: its slot must not hold the ring
        }
        start = 0;
        end = 0;
        atFileStart = true;
        contentNotice = null;
        lastReadLength = 0;
    }

    /**
     * Why the start of the file just read does not look like a text log (a UTF-16 byte-order mark,
     * gzip data, mostly control bytes), once per file; null when it looks like text or was taken.
     */
    public String takeContentNotice() {
        final String n = contentNotice;
        contentNotice = null;
        return n;
    }

    private void scan(final int from) throws InterruptedException {
        if (atFileStart && end - start >= 3) {
            atFileStart = false;
            if ((buffer[start] & 0xff) == 0xEF && (buffer[start + 1] & 0xff) == 0xBB && (buffer[start + 2] & 0xff) == 0xBF) {
                start += 3;
            } else {
                contentNotice = ContentSniffer.describe(buffer, start, end);
            }
        }
        final byte[] b = buffer;
        final int[] ends = newlines;
        final int lastWord = end - Long.BYTES;
        int lineStart = start;
        int i = Math.max(from, start);
        while (i < end) {
            // Two passes over each stretch: first where its lines end, then the lines. Splitting
            // and parsing in one loop ran at about two thirds of the speed on one thread.
            int found = 0;
            // Eight bytes at a time while a whole word is left. A word's lowest flagged byte is
            // always a newline (a borrow can only flag bytes above a match), so the search goes on
            // from the byte after it: no byte is checked twice and a word with no newline, most of
            // them, costs one test (measured: two thirds of the time of checking every flag).
            while (i <= lastWord) {
                final long match = Swar.matches(Swar.word(b, i), NEWLINES);
                if (match == 0) {
                    i += Long.BYTES;
                } else {
                    final int at = i + (Long.numberOfTrailingZeros(match) >>> 3);
                    ends[found++] = at;
                    i = at + 1;
                    if (found == ends.length) {
                        break;
                    }
                }
            }
            for (; i < end && found < ends.length; i++) {
                if (b[i] == '\n') {
                    ends[found++] = i;
                }
            }
            for (int k = 0; k < found; k++) {
                final int newline = ends[k];
                if (skipping) {
                    skipped(endPosition - (end - newline) + 1);
                } else {
                    publishLine(lineStart, newline - lineStart, 1);
                }
                lineStart = newline + 1;
            }
        }
        start = lineStart;
        if (!skipping) {
            // NULs before a line are dropped when it is published (the hole a writer without
            // O_APPEND leaves after a copytruncate): drop them now, so that a hole longer than the
            // maximum does not make the real line after it count as too long
            while (start < end && b[start] == 0) {
                start++;
            }
        }
        if (!skipping && end - start > maxLine) {
            // counted when its end is known, so that its slot says where the next line starts
            skipStart = endPosition - (end - start);
            skipping = true;
        }
        publisher.flush();
        if (skipping) {
            start = end;
        }
    }

    /** The line being skipped as too long ends just before file offset {@code lineEnd}. */
    private void skipped(final long lineEnd) {
        skipping = false;
        publisher.at(generation, skipStart, lineEnd);
        publisher.publishMalformed(MalformedReason.TOO_LONG);
    }

    private void publishLine(final int offset, final int length, final int newline) throws InterruptedException {
        final long at = endPosition - (end - offset);
        publisher.at(generation, at, at + length + newline);
        int from = offset;
        int len = length;
        while (len > 0 && buffer[from] == 0) { // the hole a stale writer leaves after copytruncate
            from++;
            len--;
        }
        if (len > maxLine) {
            publisher.publishMalformed(MalformedReason.TOO_LONG);
        } else {
            publisher.publishLine(buffer, from, len);
        }
    }

    private void compact() {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
    }
}
