package dev.logmon.core.source;

import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.LogWatermark;
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
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one log file on its own thread with {@code tail -F} semantics, through a
 * {@link FileChannel} per file and a {@link LineReader} per file.
 *
 * <pre>
 *   look at the path (every poll, and at once when the watcher signals a change):
 *     same file, same bytes             -> read on
 *     same file, shrunk or rewritten    -> truncation: the rest from logrotate's copy, then from 0
 *     another file (rename, delete+create, symlink re-pointed)
 *                                       -> the old file joins the rotated ones; the new one is
 *                                          opened and read from 0 (rotations + 1)
 *     no file                           -> the old file joins the rotated ones; wait for the path
 *     a file followed before (moved back, symlink pointed back)
 *                                       -> read on where it was left, nothing counted twice
 *   each round: one chunk of the current file, one of each rotated file; a rotated file quiet
 *   for --rotate-wait is finished (its partial last line counted) and closed.
 * </pre>
 *
 * So a rotated file is drained <em>while</em> the new file at the path is read, and any number of
 * rotations inside {@code --rotate-wait} are followed, each file read to its end once. Lines of
 * different files are not ordered among themselves.
 *
 * <p>With {@code once} it reads from the start to the end and stops; a last line without a
 * newline counts. When following, a partial last line is held until its newline arrives; it is
 * counted on its own only when its file ends for good (rotated away and quiet, deleted or
 * truncated). Truncation is told by size and by {@link FileIdentity} (head fingerprint and offset
 * marker), so a file truncated and regrown past its old size between two polls is still seen.
 */
public final class FileSource implements Source {
    /** Files finished (rotated away and quiet) remembered, to read on in one that comes back. */
    private static final int RECENT_FILES = 16;

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
    private final Wakeup wakeup = new Wakeup();
    private final SourceFiles files = new SourceFiles();
    private final RotatedReads rotatedReads = new RotatedReads(this);
    /** The file now at the path, or null while the path names none (or it cannot be opened). */
    private FileGeneration current;
    /** Files rotated away or deleted, read on until quiet for the rotate wait. */
    private final List<FileGeneration> rotated = new ArrayList<>();
    /** Line readers of finished files, for the next (their buffers are reused, not reallocated). */
    private final ArrayDeque<LineReader> spareReaders = new ArrayDeque<>();
    private final RecentFiles recent = new RecentFiles(RECENT_FILES);
    /** A file has been followed at the path: the next other file found there is a rotation. */
    private boolean followedBefore;
    /** Why the path cannot be followed now (said once), or null while a file is open. */
    private SourceState unavailable;
    /**
     * The file at the path opened but could not be read (said once): wait a poll before opening it
     * again, instead of reopening it in a busy loop. Cleared by the next read that does not fail.
     */
    private boolean lost;
    private SavedPosition resume;
    /** Only the first file found is started at its end (without --from-start). */
    private boolean startAtEnd;
    private boolean lookDue = true;
    private long lastLook;

    /** Set when a {@link FollowPool} runs this file (see {@link #pooled}); null on a thread of its own. */
    private OpenFileLimit limit;
    /** Close the current file after this long without growth (0: never); pooled only. */
    private long closeInactiveNanos;
    private Object lock = this;
    /** When the last bytes were read (or the file was opened). */
    private long lastActiveNanos = System.nanoTime();
    /** The path is a symbolic link: writes to its target send no notification for the path. */
    private boolean viaLink;
    /** The modification time seen at the last quiet check (null after a round). */
    private FileTime quietModified;
    /** Size and modification time of the file when it was closed for inactivity. */
    private long parkedSize;
    private FileTime parkedModified;
    /** The file at the path and its size at the start, when it could not be opened then for the open file limit. */
    private Object endAtStartKey;
    private long endAtStart;

    private volatile boolean stopping;
    private volatile long lagBytes;
    private volatile long sizeBytes;
    private volatile long offset;
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
     * @param reader           the line splitter of the first file (further files get readers like it)
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
        spareReaders.add(reader);
        this.startAtEnd = !fromStart;
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
            end();
        }
    }

    /** Closes every file and marks the source done (the end of {@link #run()}, or of its last pooled round). */
    void end() {
        closeAll();
        state = SourceState.DONE;
        if (watermark != null) {
            watermark.finish(id);
        }
    }

    /**
     * This file is followed by a {@link FollowPool} (call before it runs): it closes its file after
     * {@code closeInactiveMillis} without growth (0: never) and reopens it on a change; a file that
     * cannot be opened for the open file limit waits in {@code fileLimit} without a notice of its own.
     *
     * @param fileLimit           the pool's open file bookkeeping
     * @param closeInactiveMillis how long a file may stay without growth before it is closed
     * @param roundLock           what a round holds (a pattern's files share the pattern's)
     */
    public void pooled(final OpenFileLimit fileLimit, final long closeInactiveMillis, final Object roundLock) {
        this.limit = fileLimit;
        this.closeInactiveNanos = TimeUnit.MILLISECONDS.toNanos(closeInactiveMillis);
        this.lock = roundLock;
    }

    /** True when this source can be run by a {@link FollowPool}: it follows (not --once, not a .gz read once). */
    public boolean poolable() {
        return !once && !isGzipName();
    }

    Object lock() {
        return lock;
    }

    /** See {@link PooledFollower#nextLookMillis(boolean)}. */
    long nextLookMillis(final boolean watched) {
        if (waitsForDescriptor()) {
            return PooledFollower.QUIET; // woken when a descriptor frees up, or at the safety check
        }
        if (!watched || viaLink || !rotated.isEmpty() || lost || unavailable == SourceState.DENIED) {
            return idleMillis();
        }
        if (closeInactiveNanos > 0 && current != null && current.isOpen()) {
            // a round when it is due to be closed, if that comes before the safety check
            final long left = TimeUnit.NANOSECONDS.toMillis(closeInactiveNanos - (System.nanoTime() - lastActiveNanos));
            if (left < FollowPool.DEFAULT_SAFETY_MILLIS) {
                return Math.max(1, left + 1);
            }
        }
        return PooledFollower.QUIET;
    }

    /** See {@link PooledFollower#changedWhileQuiet()}: a stat of the path, no read. */
    boolean changedWhileQuiet() {
        if (waitsForDescriptor()) {
            return true;
        }
        final BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return current != null; // gone: a round says so; still missing: nothing to do
        }
        if (current == null) {
            return true;
        }
        try {
            if (!current.key.equals(a.fileKey()) || a.size() != current.position()) {
                return true;
            }
        } catch (IOException e) {
            return true;
        }
        final FileTime m = a.lastModifiedTime();
        final boolean rewritten = quietModified != null && !m.equals(quietModified);
        quietModified = m;
        if (rewritten) {
            return true;
        }
        closeIfInactive(a);
        return false;
    }

    private boolean waitsForDescriptor() {
        return limit != null && limit.isWaiting(this);
    }

    /** Closes the current file when it has not grown for --close-inactive (sooner while files wait for descriptors). */
    private void closeIfInactive(final BasicFileAttributes now) {
        if (closeInactiveNanos <= 0 || current == null || !current.isOpen() || !rotated.isEmpty()) {
            return;
        }
        final long after = limit != null && limit.pressed()
                ? Math.min(closeInactiveNanos, TimeUnit.MILLISECONDS.toNanos(FollowPool.DEFAULT_SAFETY_MILLIS))
                : closeInactiveNanos;
        if (System.nanoTime() - lastActiveNanos < after) {
            return;
        }
        try {
            final BasicFileAttributes a = now != null ? now : Files.readAttributes(path, BasicFileAttributes.class);
            current.identity.capture(current.channel, current.channel.position());
            parkedSize = a.size();
            parkedModified = a.lastModifiedTime();
            current.park();
        } catch (IOException e) {
            return; // looked at again later
        }
        trace("closed while inactive " + describe(current));
        if (limit != null) {
            limit.released();
        }
    }

    /** True when the file closed for inactivity is still as it was when closed (stays closed). */
    private boolean parkedUnchanged() {
        try {
            final BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return current.key.equals(a.fileKey()) && a.size() == parkedSize
                    && a.lastModifiedTime().equals(parkedModified);
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens the file closed for inactivity again, at its position; false when it cannot be now. */
    private boolean reopenParked() {
        try {
            final FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            if (!current.key.equals(fileKeyOrNull())) {
                ch.close(); // replaced meanwhile: the next look sees a rotation
                return false;
            }
            current.reopen(ch);
            opened();
            trace("reopened " + describe(current));
            return true;
        } catch (IOException e) {
            if (limit != null && OpenFileLimit.isLimit(e)) {
                limit.waitFor(this);
            }
            return false;
        }
    }

    /**
     * The file closed for inactivity is no longer at the path (rotated or deleted while closed):
     * found next to the path by its identity (renamed away), it is read on as a rotated file from
     * where it stopped; gone, it is finished.
     */
    private void drainParked(final FileGeneration old) throws InterruptedException {
        try {
            for (final Path candidate : SiblingFiles.of(path)) {
                if (old.key.equals(SiblingFiles.keyOf(candidate))) {
                    final FileChannel ch = FileChannel.open(candidate, StandardOpenOption.READ);
                    if (!old.key.equals(SiblingFiles.keyOf(candidate))) {
                        ch.close();
                        continue;
                    }
                    old.reopen(ch);
                    old.quietSinceNanos = System.nanoTime();
                    rotated.add(old);
                    trace("rotated while closed " + describe(old));
                    return;
                }
            }
        } catch (IOException e) {
            // not found: finished below
        }
        finish(old);
    }

    private void opened() {
        lastActiveNanos = System.nanoTime();
        if (limit != null) {
            limit.opened(this);
        }
    }

    private void readToEnd() throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            state = SourceState.READING;
            look(ch);
            final boolean gzip = isGzip(ch);
            reader.beginFile(files.register(path, gzip ? null : fileKeyOrNull(), 0), 0); // inflated offsets name no file byte
            // A .gz is inflated as a stream over the file, through the same line reader: nothing
            // is unpacked to disk. lagBytes stays in compressed bytes.
            try {
                final ReadableByteChannel in = gzip
                        ? Channels.newChannel(new GZIPInputStream(Channels.newInputStream(ch), 1 << 16)) : ch;
                while (!stopping && reader.readFrom(in) >= 0) {
                    contentNotice(reader);
                    look(ch);
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
        while (!stopping) {
            if (!step()) {
                sleep(idleMillis());
            }
        }
    }

    /**
     * One round of following: looks at the path when due, reads a chunk of each open file. False
     * when there was nothing to read (the caller sleeps {@link #idleMillis()} or until woken).
     * A {@link GlobSource} drives its files' sources this way, all on its one thread.
     */
    boolean step() throws InterruptedException {
        quietModified = null;
        if (lookDue) {
            lastLook = System.nanoTime();
            startAtEnd = lookAtPath(startAtEnd);
            lookDue = false;
            if (stopping) {
                return false;
            }
        }
        if (readRound()) {
            // busy files: still look at the path every poll (a writer that never pauses must not
            // hide a rotation)
            lookDue = System.nanoTime() - lastLook >= TimeUnit.MILLISECONDS.toNanos(pollMillis);
            return true;
        }
        lookDue = true;
        if (current == null && rotated.isEmpty() && unavailable == null && !lost && !waitsForDescriptor()) {
            return true; // the last rotated file is done: look at the path now (and say why it waits)
        }
        becomeIdle();
        return false;
    }

    /** How long to sleep after a round with nothing to read. */
    long idleMillis() {
        return rotated.isEmpty() ? pollMillis : Math.max(1, Math.min(pollMillis, rotateWaitMillis));
    }

    /** State, lag, size and position of this file, for a {@link GlobSource}'s sum. */
    SourceState state() {
        return state;
    }

    /** True when a file with this identity is open here or was read here recently (a rotated file). */
    boolean knows(final Object key) {
        if (key == null) {
            return false;
        }
        if (current != null && current.key.equals(key)) {
            return true;
        }
        for (final FileGeneration g : rotated) {
            if (g.key.equals(key)) {
                return true;
            }
        }
        return recent.contains(key);
    }

    /** Closes every file (after the last {@link #step()}). */
    void close() {
        closeAll();
    }

    /**
     * Reads one chunk of the current file and one of each rotated file; finishes the rotated files
     * quiet for the rotate wait. True when any bytes were read.
     */
    private boolean readRound() throws InterruptedException {
        boolean progress = false;
        if (current != null && current.isOpen()) {
            try {
                final int got = current.read();
                lost = false;
                if (TRACE && got > 0) {
                    trace("read " + got + " " + describe(current) + " lines " + publisher.linesPublished());
                }
                if (got > 0) {
                    progress = true;
                    lastActiveNanos = System.nanoTime();
                    contentNotice(current.reader);
                }
            } catch (IOException e) {
                if (stopping) {
                    return false; // stop() interrupted a read, which closes the channel: not a fault
                }
                lostFile(e);
                release(current);
                current = null;
            }
        }
        final long now = System.nanoTime();
        final long quietNanos = TimeUnit.MILLISECONDS.toNanos(rotateWaitMillis);
        for (final Iterator<FileGeneration> it = rotated.iterator(); it.hasNext() && !stopping; ) {
            final FileGeneration g = it.next();
            int n;
            try {
                n = g.read();
            } catch (IOException e) {
                if (stopping) {
                    return false;
                }
                notice("lost the rotated " + name() + ": " + TextSafety.oneLine(String.valueOf(e.getMessage())));
                n = -1;
                g.quietSinceNanos = now - quietNanos;
            }
            if (TRACE && n > 0) {
                trace("read rotated " + n + " " + describe(g) + " lines " + publisher.linesPublished());
            }
            if (n > 0) {
                g.quietSinceNanos = now;
                progress = true;
            } else if (now - g.quietSinceNanos >= quietNanos) {
                it.remove();
                finish(g);
            }
        }
        if (progress) {
            setIdle(false);
            state = SourceState.READING;
        }
        look();
        return progress;
    }

    /** Nothing to read: what the snapshots show while waiting, and the marker for truncation. */
    private void becomeIdle() {
        setIdle(true);
        if (current != null) {
            current.reader.idle();
        }
        for (final FileGeneration g : rotated) {
            g.reader.idle();
        }
        if (current != null && current.isOpen()) {
            try {
                current.identity.capture(current.channel, current.channel.position());
            } catch (IOException e) {
                // looked at again at the next round
            }
            closeIfInactive(null);
        }
        state = (lost || waitsForDescriptor()) && current == null ? SourceState.DENIED
                : current != null || !rotated.isEmpty() || unavailable == null ? SourceState.FOLLOWING : unavailable;
    }

    /** The file at the path opened but failed: said once until a read succeeds, reopened after a poll. */
    private void lostFile(final IOException e) {
        if (!lost) {
            notice("lost " + name() + ": " + TextSafety.oneLine(String.valueOf(e.getMessage())) + "; reopening");
        }
        lost = true;
    }

    /**
     * Looks at what the path names now and acts on a change (see the class comment); returns the
     * new start-at-end flag (only the first file found is started at its end).
     */
    private boolean lookAtPath(final boolean startAtEnd) throws InterruptedException {
        final Object key = fileKeyOrNull();
        if (current != null && !current.isOpen()) { // closed while inactive
            if (current.key.equals(key)) {
                if (!parkedUnchanged() && reopenParked()) {
                    checkTruncation(current);
                }
                return startAtEnd;
            }
            final FileGeneration old = current;
            current = null;
            drainParked(old);
        }
        if (current != null) {
            if (current.key.equals(key)) {
                checkTruncation(current);
                return startAtEnd;
            }
            // Renamed away, deleted, or the path names another file now: the writer may still be
            // appending to the old one, so it is read on while the path is followed.
            current.quietSinceNanos = System.nanoTime();
            trace("rotated " + describe(current) + " path now " + key);
            rotated.add(current);
            current = null;
        }
        final FileChannel ch;
        final Object opened;
        try {
            final Object before = fileKey();
            ch = FileChannel.open(path, StandardOpenOption.READ);
            opened = fileKey();
            if (!opened.equals(before)) {
                ch.close(); // replaced while we opened it: the next look opens it again
                return startAtEnd;
            }
        } catch (NoSuchFileException e) {
            if (rotated.isEmpty()) { // while rotated files are read, a missing path is a rotation under way
                cannotOpen(SourceState.WAITING, followedBefore ? name() + " was removed; waiting for it to reappear"
                        : "waiting for " + name() + " to appear");
            }
            return false;
        } catch (AccessDeniedException e) {
            cannotOpen(SourceState.DENIED, "cannot open " + name() + ": permission denied; retrying");
            return false;
        } catch (IOException e) {
            if (limit != null && OpenFileLimit.isLimit(e)) {
                limit.waitFor(this); // said once for all files, with their count
                if (startAtEnd && endAtStartKey == null) {
                    // its end at the start, so the lines written while it waits are read
                    try {
                        final BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
                        endAtStartKey = a.fileKey();
                        endAtStart = a.size();
                    } catch (IOException ignored) {
                        // started at its end when opened
                    }
                }
                return startAtEnd;
            }
            cannotOpen(SourceState.DENIED, "cannot open " + name() + ": "
                    + TextSafety.oneLine(String.valueOf(e.getMessage())) + "; retrying");
            return false;
        }
        if (unavailable != null) {
            notice(name() + " has appeared; following it");
            unavailable = null;
        }
        opened();
        viaLink = Files.isSymbolicLink(path);
        try {
            open(ch, opened, startAtEnd);
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
            if (!stopping) {
                lostFile(e);
            }
        }
        return false;
    }

    /** Starts following the file just opened at the path. */
    private void open(final FileChannel ch, final Object key, final boolean startAtEnd)
            throws IOException, InterruptedException {
        for (final Iterator<FileGeneration> it = rotated.iterator(); it.hasNext(); ) {
            final FileGeneration g = it.next();
            if (g.key.equals(key)) { // moved away and back, or a symbolic link pointed back: read on
                it.remove();
                ch.close();
                final long at = g.channel.position();
                g.generation = files.register(path, key, at);
                g.reader.beginFile(g.generation, at);
                current = g;
                trace("back from rotated " + describe(g));
                return;
            }
        }
        final LineReader r = takeReader();
        final FileGeneration g = new FileGeneration(ch, key, r);
        long at = 0;
        final RecentFiles.Left left = recent.take(key);
        final long readOnAt = left == null ? -1 : left.readOnAt(ch);
        if (resume != null) {
            final SavedPosition saved = resume;
            resume = null;
            at = rotatedReads.resumeAt(r, ch, key, saved);
            if (stopping) {
                release(g);
                return; // stopped while reading a rotated file's rest: the new one is not begun
            }
            r.reset();
        } else if (readOnAt >= 0) {
            at = readOnAt;
            g.identity = left.identity();
            notice(name() + " is a file read before (moved back); reading on at byte " + at);
        } else if (startAtEnd) {
            at = key.equals(endAtStartKey) && endAtStart <= ch.size() ? endAtStart : ch.size();
        } else {
            if (left != null) {
                // The identity of a file read before, but not its bytes: a new file that got the
                // inode of a deleted one, or the same file truncated while away from the path (a
                // copytruncate's copy then holds what was not read yet). Either way it is read
                // from 0, as a new file.
                rotatedReads.readRestFromCopy(r, left.identity(), left.offset());
                if (stopping) {
                    release(g);
                    return;
                }
                r.flushPartial();
                r.reset();
            }
            if (followedBefore) {
                rotations++;
                notice(name() + " was rotated; following the new file");
            }
        }
        ch.position(at);
        if (at > 0) {
            // its head now: a copytruncate before the first read must still find the copy
            g.identity.capture(ch, at);
        }
        g.generation = files.register(path, key, at);
        r.beginFile(g.generation, at);
        current = g;
        trace("opened " + describe(g) + " readOnAt " + readOnAt);
        followedBefore = true;
    }

    /** The current file shrank or its bytes changed: the rest from the copy, then again from 0. */
    private void checkTruncation(final FileGeneration g) throws InterruptedException {
        try {
            final long at = g.channel.position();
            if (g.channel.size() >= at && g.identity.stillMatches(g.channel, at)) {
                return;
            }
            trace("truncated " + describe(g) + " head " + g.identity.hasHead() + " lines " + publisher.linesPublished());
            rotatedReads.readRestFromCopy(g.reader, g.identity, at);
            if (stopping) {
                return; // a held partial line is not a whole line: the next start reads it again
            }
            g.reader.flushPartial();
            g.reader.reset();
            g.identity.reset();
            g.channel.position(0);
            g.generation = files.register(path, g.key, 0);
            g.reader.beginFile(g.generation, 0);
            truncations++;
            notice(name() + " was truncated; reading it again from the start");
        } catch (IOException e) {
            // the channel failed: the next read says so and reopens
        }
    }

    /** A rotated file has been quiet for the rotate wait: its last partial line counts, it is closed. */
    private void finish(final FileGeneration g) throws InterruptedException {
        trace("finish " + describe(g) + " lines " + publisher.linesPublished());
        if (!stopping) {
            g.reader.flushPartial();
        }
        recent.remember(g);
        release(g);
    }

    private LineReader takeReader() {
        final LineReader r = spareReaders.poll();
        return r != null ? r : reader.another();
    }

    private void release(final FileGeneration g) {
        if (g.isOpen() && limit != null) {
            g.close();
            limit.released();
        }
        g.close();
        g.reader.reset();
        spareReaders.push(g.reader);
    }

    private void closeAll() {
        if (limit != null) {
            limit.opened(this); // waits no more
        }
        if (current != null) {
            current.close();
            current = null;
        }
        rotated.forEach(FileGeneration::close);
        rotated.clear();
    }

    private void cannotOpen(final SourceState why, final String message) {
        if (unavailable != why) {
            notice(message);
        }
        unavailable = why;
        lagBytes = 0;
        setIdle(true);
        state = why;
    }

    private void contentNotice(final LineReader r) {
        final String why = r.takeContentNotice();
        if (why != null) {
            notice(name() + " " + why);
        }
    }

    /** Size, offset and lag for snapshots: of the current file; the lag adds the rotated files' rest. */
    private void look() {
        long lag = 0;
        try {
            if (current != null && current.isOpen()) {
                look(current.channel);
                lag = lagBytes;
            }
            for (final FileGeneration g : rotated) {
                lag += g.lag();
            }
        } catch (IOException e) {
            // seen again at the next look
        }
        lagBytes = lag;
    }

    /** Records size, offset and lag for snapshots (progress of a replay, lag of a follower). */
    void look(final FileChannel ch) throws IOException {
        final long size = ch.size();
        final long position = ch.position();
        sizeBytes = size;
        offset = Math.min(position, size);
        lagBytes = Math.max(0, size - position);
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

    void notice(final String message) {
        notices.println("logmon: " + message);
    }

    private static final boolean TRACE = Boolean.getBoolean("logmon.trace.follow");

    private void trace(final String what) {
        if (TRACE) {
            notice("TRACE " + name() + " " + what);
        }
    }

    String name() {
        return TextSafety.oneLine(path.toString());
    }

    boolean stopping() {
        return stopping;
    }

    /** Sleeps between polls; a change to the file seen by the {@link DirectoryWatcher} ends it early. */
    private void sleep(final long millis) throws InterruptedException {
        wakeup.await(millis);
    }

    /**
     * Start the first file found at the path at this saved position instead of at the end or the
     * start (call before the source runs). Checked against the file before use ({@link ResumeCheck}).
     */
    public void resumeFrom(final SavedPosition saved) {
        this.resume = saved;
    }

    /** The files this source has read, by the generation its lines carry. */
    public SourceFiles files() {
        return files;
    }

    /** What the directory watcher signals when this file changes. */
    public Wakeup wakeup() {
        return wakeup;
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(path.toString(), state, lagBytes, publisher.linesPublished(), rotations,
                truncations, sizeBytes, offset);
    }

    @Override
    public long linesRead() {
        return publisher.linesPublished();
    }

    /**
     * The files open now, for a test's failure message: the current one and the rotated ones, each
     * as identity@position/size. Not thread-safe: a snapshot that may be torn while the source runs.
     */
    String describeFiles() {
        final StringBuilder sb = new StringBuilder("current ");
        final FileGeneration c = current;
        sb.append(c == null ? "none" : describe(c)).append(", rotated [");
        for (final FileGeneration g : List.copyOf(rotated)) {
            sb.append(describe(g)).append(' ');
        }
        return sb.append(']').toString();
    }

    private static String describe(final FileGeneration g) {
        try {
            return g.key + "@" + g.position() + "/" + (g.isOpen() ? g.channel.size() : -1) + " gen " + g.generation + " reader "
                    + Integer.toHexString(System.identityHashCode(g.reader)) + " " + g.reader.debugState();
        } catch (IOException e) {
            return g.key + "@?";
        }
    }

    /** The file. */
    public Path path() {
        return path;
    }
}
