package dev.logmon.core;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one log file on its own thread with {@code tail -F} semantics, through a
 * {@link FileChannel} and the one buffer of its {@link LineReader}.
 *
 * <pre>
 *            +--------- missing / denied: WAITING / DENIED, notice once, retry every poll ---------+
 *            v                                                                                    |
 *   open --> read to the end --> FOLLOWING: sleep one poll, then look at the path -----------------+
 *              ^                     | same file, same bytes             -> read on
 *              |                     | same file, shrunk or rewritten    -> truncation: from 0
 *              |                     | another file at the path (rename) -> drain the old one until
 *              |                     |                                      quiet, then the new from 0
 *              +---------------------+ path gone (deleted)               -> drain, then wait for it
 * </pre>
 *
 * <p>With {@code once} it reads from the start to the end and stops; a last line without a
 * newline counts. When following, a partial last line is held until its newline arrives; it is
 * counted on its own only when its file ends for good (rotated away, deleted or truncated).
 * Truncation is told by size and by {@link FileIdentity} (head fingerprint and offset marker),
 * so a file truncated and regrown past its old size between two polls is still seen.
 */
public final class FileSource implements Source {
    private final int id;
    private final Path path;
    private final boolean fromStart;
    private final boolean once;
    private final long pollMillis;
    private final long rotateWaitMillis;
    private final LineReader reader;
    private final LinePublisher publisher;
    private final LogWatermark watermark;
    private final PrintStream notices;
    private final FileIdentity identity = new FileIdentity();

    private volatile boolean stopping;
    private volatile long lagBytes;
    private volatile long sizeBytes;
    private volatile SourceState state = SourceState.STARTING;
    private volatile long rotations;
    private volatile long truncations;
    private boolean idle;

    /**
     * @param id               source index
     * @param path             the file
     * @param fromStart        read what is there first (else start at the end)
     * @param once             stop at the end of the file
     * @param pollMillis       how often to look for new bytes at the end
     * @param rotateWaitMillis after a rotation or deletion, keep reading the old file until it has
     *                         been quiet this long (writers may still append to it)
     * @param reader           the line splitter (owns the buffer)
     * @param publisher        the ring publisher behind {@code reader}
     * @param watermark        log-time progress (null in arrival time)
     * @param notices          where one-line notices go (stderr)
     */
    public FileSource(final int id, final Path path, final boolean fromStart, final boolean once, final long pollMillis,
                      final long rotateWaitMillis, final LineReader reader, final LinePublisher publisher,
                      final LogWatermark watermark, final PrintStream notices) {
        this.id = id;
        this.path = Objects.requireNonNull(path, "path");
        this.fromStart = fromStart;
        this.once = once;
        this.pollMillis = pollMillis;
        this.rotateWaitMillis = rotateWaitMillis;
        this.reader = reader;
        this.publisher = publisher;
        this.watermark = watermark;
        this.notices = notices;
    }

    @Override
    public void run() {
        try {
            if (once || isGzipName()) {
                readToEnd();
            } else {
                follow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            notice("cannot read " + name() + ": " + TextSafety.oneLine(String.valueOf(e.getMessage())));
        } finally {
            state = SourceState.DONE;
            if (watermark != null) {
                watermark.finish(id);
            }
        }
    }

    private void readToEnd() throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            state = SourceState.READING;
            sizeBytes = ch.size();
            final boolean gzip = isGzip(ch);
            // A .gz is inflated as a stream over the file, through the same line reader: nothing
            // is unpacked to disk. lagBytes stays in compressed bytes.
            try {
                final ReadableByteChannel in = gzip
                        ? Channels.newChannel(new GZIPInputStream(Channels.newInputStream(ch), 1 << 16)) : ch;
                while (!stopping && reader.readFrom(in) >= 0) {
                    lagBytes = Math.max(0, sizeBytes - ch.position());
                }
            } catch (EOFException | ZipException e) {
                if (!gzip) {
                    throw e;
                }
                // A cut or damaged archive (a copy interrupted, a disk full): the complete lines
                // before the damage are counted, the cut line is not.
                notice(name() + ": compressed data ends early or is damaged after " + publisher.linesPublished()
                        + " lines; the rest of the file is skipped ("
                        + TextSafety.oneLine(String.valueOf(e.getMessage())) + ")");
                lagBytes = 0;
                return;
            }
            if (!stopping) {
                reader.flushPartial();
            }
            lagBytes = 0;
        }
    }

    private boolean isGzipName() {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    }

    /** True when the file starts with the gzip magic bytes (or is named .gz). */
    private boolean isGzip(final FileChannel ch) throws IOException {
        final ByteBuffer magic = ByteBuffer.allocate(2);
        ch.read(magic, 0);
        return (magic.position() == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b)
                || isGzipName();
    }

    private void follow() throws InterruptedException {
        boolean startAtEnd = !fromStart;
        SourceState reported = null;
        while (!stopping) {
            final FileChannel ch;
            final Object key;
            try {
                final Object before = fileKey();
                ch = FileChannel.open(path, StandardOpenOption.READ);
                key = fileKey();
                if (!key.equals(before)) {
                    ch.close(); // replaced while we opened it: open again, so key and channel agree
                    continue;
                }
            } catch (NoSuchFileException e) {
                reported = unavailable(SourceState.WAITING, reported, "waiting for " + name() + " to appear");
                startAtEnd = false;
                continue;
            } catch (AccessDeniedException e) {
                reported = unavailable(SourceState.DENIED, reported, "cannot open " + name() + ": permission denied; retrying");
                startAtEnd = false;
                continue;
            } catch (IOException e) {
                reported = unavailable(SourceState.DENIED, reported, "cannot open " + name() + ": "
                        + TextSafety.oneLine(String.valueOf(e.getMessage())) + "; retrying");
                startAtEnd = false;
                continue;
            }
            if (reported != null) {
                notice(name() + " has appeared; following it");
                reported = null;
            }
            try (ch) {
                reader.reset();
                identity.reset();
                if (startAtEnd) {
                    ch.position(ch.size());
                }
                startAtEnd = false;
                followOpen(ch, key);
            } catch (IOException e) {
                reported = unavailable(SourceState.DENIED, null, "lost " + name() + ": "
                        + TextSafety.oneLine(String.valueOf(e.getMessage())) + "; reopening");
            }
        }
    }

    private SourceState unavailable(final SourceState why, final SourceState reported, final String message)
            throws InterruptedException {
        state = why;
        lagBytes = 0;
        setIdle(true);
        if (reported != why) {
            notice(message);
        }
        sleep(pollMillis);
        return why;
    }

    /** Follows one open file until it is rotated away, deleted, or the source stops. */
    private void followOpen(final FileChannel ch, final Object key) throws IOException, InterruptedException {
        while (!stopping) {
            final int n = reader.readFrom(ch);
            if (n > 0) {
                setIdle(false);
                state = SourceState.READING;
                sizeBytes = ch.size();
                lagBytes = Math.max(0, sizeBytes - ch.position());
                continue;
            }
            state = SourceState.FOLLOWING;
            lagBytes = 0;
            setIdle(true);
            identity.capture(ch, ch.position());
            sleep(pollMillis);
            final Object now = fileKeyOrNull();
            if (now == null) {
                drain(ch);
                notice(name() + " was removed; waiting for it to reappear");
                return;
            }
            if (!now.equals(key)) {
                drain(ch);
                rotations++;
                notice(name() + " was rotated; following the new file");
                return;
            }
            final long size = ch.size();
            if (size < ch.position() || !identity.stillMatches(ch, ch.position())) {
                reader.flushPartial();
                reader.reset();
                identity.reset();
                ch.position(0);
                truncations++;
                notice(name() + " was truncated; reading it again from the start");
            }
        }
    }

    /** Reads what is left of a file that is going away until it has been quiet for the rotate wait. */
    private void drain(final FileChannel ch) throws IOException, InterruptedException {
        long quietSince = System.nanoTime();
        while (!stopping && System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(rotateWaitMillis)) {
            if (reader.readFrom(ch) > 0) {
                quietSince = System.nanoTime();
            } else {
                sleep(Math.min(pollMillis, rotateWaitMillis));
            }
        }
        reader.flushPartial();
    }

    private Object fileKey() throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    private Object fileKeyOrNull() {
        try {
            return fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void setIdle(final boolean nowIdle) {
        if (idle != nowIdle) {
            idle = nowIdle;
            if (watermark != null) {
                watermark.idle(id, nowIdle);
            }
        }
    }

    private void notice(final String message) {
        notices.println("logmon: " + message);
    }

    private String name() {
        return TextSafety.oneLine(path.toString());
    }

    private static void sleep(final long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(path.toString(), state, lagBytes, publisher.linesPublished(), rotations,
                truncations);
    }

    @Override
    public long linesRead() {
        return publisher.linesPublished();
    }

    /** Bytes of the file at the last read (for progress while replaying). */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The file. */
    public Path path() {
        return path;
    }
}
