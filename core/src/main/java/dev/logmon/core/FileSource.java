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
    private final Wakeup wakeup = new Wakeup();
    private final SourceFiles files = new SourceFiles();
    private SavedPosition resume;

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
            look(ch);
            final boolean gzip = isGzip(ch);
            reader.beginFile(files.register(path, gzip ? null : fileKeyOrNull(), 0), 0); // inflated offsets name no file byte
            // A .gz is inflated as a stream over the file, through the same line reader: nothing
            // is unpacked to disk. lagBytes stays in compressed bytes.
            try {
                final ReadableByteChannel in = gzip
                        ? Channels.newChannel(new GZIPInputStream(Channels.newInputStream(ch), 1 << 16)) : ch;
                while (!stopping && reader.readFrom(in) >= 0) {
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
                if (resume != null) {
                    final SavedPosition saved = resume;
                    resume = null;
                    ch.position(resumeAt(ch, key, saved));
                    if (stopping) {
                        return; // stopped while reading a rotated file's rest: the new one is not begun
                    }
                } else if (startAtEnd) {
                    ch.position(ch.size());
                }
                startAtEnd = false;
                reader.beginFile(files.register(path, key, ch.position()), ch.position());
                followOpen(ch, key);
            } catch (IOException e) {
                if (stopping) {
                    return; // stop() interrupted a read, which closes the channel: not a fault
                }
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
                look(ch);
                continue;
            }
            state = SourceState.FOLLOWING;
            look(ch);
            setIdle(true);
            identity.capture(ch, ch.position());
            sleep(pollMillis);
            final Object now = fileKeyOrNull();
            if (now == null || !now.equals(key)) {
                // Renamed away or deleted. logrotate's "create" renames, then creates the new file:
                // when change notifications wake us in between, the path is briefly missing, so what
                // it was is decided after the old file has been drained.
                drain(ch);
                final Object after = fileKeyOrNull();
                if (after == null) {
                    notice(name() + " was removed; waiting for it to reappear");
                    return;
                }
                if (!after.equals(key)) {
                    rotations++;
                    notice(name() + " was rotated; following the new file");
                    return;
                }
                continue; // the same file is back at its path (moved away and back): read on
            }
            final long size = ch.size();
            if (size < ch.position() || !identity.stillMatches(ch, ch.position())) {
                readRestFromCopy(ch.position());
                if (stopping) {
                    return; // a held partial line is not a whole line: the next start reads it again
                }
                reader.flushPartial();
                reader.reset();
                identity.reset();
                ch.position(0);
                reader.beginFile(files.register(path, key, 0), 0);
                truncations++;
                notice(name() + " was truncated; reading it again from the start");
            }
        }
    }

    /**
     * After a copytruncate, the lines written after our last read are only in the copy logrotate
     * made ({@code access.log.1}, {@code access.log-20261128}, ...): find the sibling whose head
     * is the head we read and which is at least as long as our offset, and read it from that
     * offset to its end. Only the lines written between logrotate's copy and its truncate stay
     * lost. Compressed copies are not read.
     */
    private void readRestFromCopy(final long offset) throws InterruptedException {
        if (!identity.hasHead()) {
            return;
        }
        try {
            for (final Path candidate : siblings(path)) {
                if (compressedName(candidate) || !Files.isRegularFile(candidate)) {
                    continue;
                }
                try (FileChannel copy = FileChannel.open(candidate, StandardOpenOption.READ)) {
                    if (copy.size() >= offset && identity.headMatches(copy)) {
                        copy.position(offset);
                        reader.beginFile(files.register(candidate, keyOf(candidate), offset), offset);
                        long rest = 0;
                        int got;
                        while (!stopping && (got = reader.readFrom(copy)) > 0) {
                            rest += got; // lines we had not read yet before the truncate
                        }
                        if (rest > 0) {
                            notice("read the last " + rest + " bytes of " + name() + " from its copy "
                                    + TextSafety.oneLine(candidate.getFileName().toString()));
                        }
                        return;
                    }
                }
            }
        } catch (IOException e) {
            notice("could not look for the copy of " + name() + ": " + TextSafety.oneLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * Where to start in the file now at the path, given the position saved by the last run: the
     * saved offset when the file is still the one counted, else 0 with a notice. When the file
     * was rotated while logmon was down, the rest of the saved file is read first: renamed away
     * (a sibling with the saved identity and fingerprints) or copied and truncated (a sibling
     * with the saved fingerprints); then every other plain rotated sibling modified after it,
     * oldest first (a second rename rotation), then the file at the path from 0.
     */
    private long resumeAt(final FileChannel ch, final Object key, final SavedPosition saved) throws IOException,
            InterruptedException {
        final ResumeCheck.Decision d = ResumeCheck.decide(ch, key, saved);
        if (d.resumed()) {
            notice("resuming " + name() + " at byte " + d.offset() + " (saved state)");
            return d.offset();
        }
        if (!readRestOfRotated(saved, key)) {
            notice(name() + " " + d.why() + "; reading it from the start");
        }
        return 0;
    }

    /**
     * Reads the saved file's rest from a sibling (renamed away, or copytruncate's copy), then the
     * newer rotated siblings; true when the saved file was found (or the source stopped in it).
     */
    private boolean readRestOfRotated(final SavedPosition saved, final Object currentKey) throws InterruptedException {
        if (saved.fileKey() == null) {
            return false;
        }
        try {
            final java.util.List<Path> siblings = siblings(path);
            Path found = null;
            boolean renamed = false;
            for (final Path candidate : siblings) { // renamed away: the same file, still holding the counted bytes
                final Object k = keyOf(candidate);
                if (k != null && k.toString().equals(saved.fileKey()) && Files.isRegularFile(candidate)) {
                    try (FileChannel old = FileChannel.open(candidate, StandardOpenOption.READ)) {
                        if (!ResumeCheck.decide(old, k, saved).resumed()) {
                            return false;
                        }
                    }
                    found = candidate;
                    renamed = true;
                    break;
                }
            }
            if (found == null) { // copied and truncated: a copy with the counted bytes at the same places
                final String current = currentKey == null ? null : currentKey.toString();
                for (final Path candidate : siblings) {
                    final Object k = keyOf(candidate);
                    if (compressedName(candidate) || !Files.isRegularFile(candidate) || k == null
                            || k.toString().equals(current)) {
                        continue;
                    }
                    try (FileChannel copy = FileChannel.open(candidate, StandardOpenOption.READ)) {
                        if (ResumeCheck.sameBytes(copy, saved)) {
                            found = candidate;
                            break;
                        }
                    }
                }
            }
            if (found == null) {
                return false;
            }
            final long savedModified = Files.getLastModifiedTime(found).toMillis();
            if (!readFrom(found, saved.offset())) {
                return true; // stopped: the saved position is now in this file, the next start reads on here
            }
            notice(name() + (renamed ? " was rotated while logmon was down; read the rest of "
                    : " was copied and truncated while logmon was down; read the rest of its copy ")
                    + TextSafety.oneLine(found.getFileName().toString()) + " from byte " + saved.offset()
                    + ", now reading the new file from the start");
            readNewerRotated(siblings, found, savedModified, currentKey);
            return true;
        } catch (IOException e) {
            notice("could not look for the rotated " + name() + ": " + TextSafety.oneLine(String.valueOf(e.getMessage())));
        }
        return false;
    }

    /**
     * After the rest of the saved file: the plain rotated siblings (name plus a rotation suffix)
     * modified after it (rotated through while logmon was down, e.g. log.1 when the saved file is
     * now log.2), oldest first, each from 0. The file at the path and the saved file are not among
     * them; compressed ones are not read.
     */
    private void readNewerRotated(final java.util.List<Path> siblings, final Path savedFile, final long savedModified,
                                  final Object currentKey) throws IOException, InterruptedException {
        final java.util.List<Path> newer = new java.util.ArrayList<>();
        final java.util.Map<Path, Long> modified = new java.util.HashMap<>();
        final java.util.List<String> unsure = new java.util.ArrayList<>();
        for (final Path p : siblings) {
            final Object k = keyOf(p);
            if (p.equals(savedFile) || !rotatedName(p) || !Files.isRegularFile(p) || k == null
                    || k.equals(currentKey)) {
                continue;
            }
            final long m = Files.getLastModifiedTime(p).toMillis();
            if (m > savedModified) {
                newer.add(p);
                modified.put(p, m);
            } else if (m == savedModified) {
                unsure.add(TextSafety.oneLine(p.getFileName().toString()));
            }
        }
        if (!unsure.isEmpty()) {
            notice("warning: " + name() + ": not read " + String.join(", ", unsure) + ": modified at the same time as "
                    + TextSafety.oneLine(savedFile.getFileName().toString())
                    + ", so whether it was rotated after logmon stopped is not known");
        }
        newer.sort(java.util.Comparator.comparing((Path p) -> modified.get(p)).thenComparing(java.util.Comparator.reverseOrder()));
        for (final Path p : newer) {
            if (!readFrom(p, 0)) {
                return;
            }
            notice(name() + ": also read " + TextSafety.oneLine(p.getFileName().toString())
                    + ", rotated while logmon was down");
        }
    }

    /** Reads a rotated file from {@code from} to its end; false when the source stopped in it. */
    private boolean readFrom(final Path file, final long from) throws IOException, InterruptedException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            in.position(from);
            reader.reset();
            reader.beginFile(files.register(file, keyOf(file), from), from);
            while (!stopping && reader.readFrom(in) > 0) {
                look(in);
            }
            if (stopping) {
                return false; // a held partial line is not a whole line: the next start reads it again
            }
            reader.flushPartial();
            return true;
        }
    }

    /**
     * The files next to {@code file} whose names start with its name and are longer
     * ({@code access.log.1}, {@code access.log-20261128.gz}, ...), sorted by name. Listed and
     * filtered by prefix, not by a glob: a name may hold {@code [ { * ?}.
     */
    static java.util.List<Path> siblings(final Path file) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        final Path name = file.getFileName();
        if (dir == null || name == null) {
            return java.util.List.of();
        }
        final String base = name.toString();
        try (var all = Files.list(dir)) {
            return all.filter(p -> {
                final String n = p.getFileName().toString();
                return n.length() > base.length() && n.startsWith(base);
            }).sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A rotation suffix: {@code .1}, {@code -20261128}, {@code .2026-11-28} (not {@code .json}, {@code .bak}, {@code .gz}). */
    private static final java.util.regex.Pattern ROTATED_SUFFIX = java.util.regex.Pattern.compile("[._-][0-9][0-9._-]*");

    /** True when the sibling's name is the followed name plus a rotation suffix. */
    private boolean rotatedName(final Path sibling) {
        final String n = sibling.getFileName().toString();
        return ROTATED_SUFFIX.matcher(n.substring(path.getFileName().toString().length())).matches();
    }

    private static boolean compressedName(final Path p) {
        final String n = p.getFileName().toString();
        return n.endsWith(".gz") || n.endsWith(".bz2") || n.endsWith(".xz") || n.endsWith(".zst");
    }

    private static Object keyOf(final Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
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
        if (!stopping) {
            reader.flushPartial(); // stopping: the partial line is held, the next start reads it whole
        }
    }

    /** Records size, offset and lag for snapshots (progress of a replay, lag of a follower). */
    private void look(final FileChannel ch) throws IOException {
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

    private void notice(final String message) {
        notices.println("logmon: " + message);
    }

    private String name() {
        return TextSafety.oneLine(path.toString());
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

    /** The file. */
    public Path path() {
        return path;
    }
}
