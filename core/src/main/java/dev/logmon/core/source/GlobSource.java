package dev.logmon.core.source;

import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.LogWatermark;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follows every file whose name matches a pattern ({@code -s '/var/log/nginx/*.access.log'}), on
 * one thread: files there at the start and files that appear later (a new virtual host), each
 * followed like a single file ({@link FileSource}: rotation, truncation, deletion), all publishing
 * as this one source.
 *
 * <pre>
 *   every round: one step of each file's source (look at its path, read a chunk of each of its files)
 *   nothing read: list the directory for new matches, then sleep until woken (any change in the
 *                 directory) or a poll passes
 *   files busy:   list the directory at most once a poll
 * </pre>
 *
 * <p>Run by a {@link FollowPool} (following in arrival time), the pattern is not one thread: each
 * matched file is a follower of the pool, woken by its own change notifications, and the
 * directory is listed when a name appears in it (or, without notifications, every poll).
 *
 * <p>Only the file name may hold the pattern ({@code * ? [..] {a,b}}); the directory is literal. A
 * matched file that goes away is waited for at its path like a single file. A match that is one
 * of the followed files rotated (the same file, or its name plus a rotation suffix such as
 * {@code .1} or {@code -20261128}, or compressed) is not followed again. Positions are not saved
 * for a pattern ({@code --state-dir}): its files are read as a new run would.
 */
public final class GlobSource implements Source {
    private final int id;
    private final String pattern;
    private final Path dir;
    private final PathMatcher matcher;
    private final boolean fromStart;
    private final long pollMillis;
    private final long rotateWaitMillis;
    private final LineReader reader;
    private final LinePublisher publisher;
    private final LogWatermark watermark;
    private final PrintStream notices;
    private final Wakeup wakeup = new Wakeup();
    private final Map<Path, FileSource> files = new LinkedHashMap<>();
    private volatile List<FileSource> snapshot = List.of();
    private volatile boolean stopping;
    private volatile SourceState state = SourceState.STARTING;
    private boolean idle;
    private boolean listFailed;
    /** Set when a {@link FollowPool} runs the files ({@link #pooled}); null on a thread of its own. */
    private FollowPool pool;
    private DirectoryWatcher watcher;
    private long closeInactiveMillis;
    private volatile boolean scanned;
    private java.nio.file.attribute.FileTime listedModified;
    private int quietChecks;

    /**
     * @param id               source index
     * @param pattern          a path whose file name is a glob
     * @param fromStart        read what the files hold at the start first (files appearing later are read whole)
     * @param pollMillis       how often to look for new lines and new files
     * @param rotateWaitMillis see {@link FileSource}
     * @param reader           a line reader whose siblings read the files
     * @param publisher        the ring publisher of this source
     * @param watermark        log-time progress (null in arrival time)
     * @param notices          where one-line notices go
     */
    public GlobSource(final int id, final String pattern, final boolean fromStart, final long pollMillis,
                      final long rotateWaitMillis, final LineReader reader, final LinePublisher publisher,
                      final LogWatermark watermark, final PrintStream notices) {
        this.id = id;
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        final Path p = Path.of(pattern).toAbsolutePath().normalize();
        this.dir = p.getParent();
        this.matcher = p.getFileSystem().getPathMatcher("glob:" + p.getFileName());
        this.fromStart = fromStart;
        this.pollMillis = pollMillis;
        this.rotateWaitMillis = rotateWaitMillis;
        this.reader = reader;
        this.publisher = publisher;
        this.watermark = watermark;
        this.notices = notices;
    }

    /** True when the file name of {@code name} holds a glob character and no such file exists. */
    public static boolean isPattern(final String name) {
        final Path p;
        try {
            p = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        final Path file = p.getFileName();
        return file != null && hasGlobCharacter(file.toString()) && !Files.exists(p);
    }

    /**
     * True when the directory part of a name that names no file holds {@code *} or {@code ?}: a
     * pattern there is not supported (and no directory of that name exists).
     */
    public static boolean patternInDirectory(final String name) {
        final Path p;
        try {
            p = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        final Path parent = p.getParent();
        return parent != null && (parent.toString().indexOf('*') >= 0 || parent.toString().indexOf('?') >= 0)
                && !Files.exists(p) && !Files.isDirectory(parent);
    }

    private static boolean hasGlobCharacter(final String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** The files matching a pattern now, sorted by name. */
    public static List<Path> matches(final String pattern) throws IOException {
        final Path p = Path.of(pattern).toAbsolutePath().normalize();
        final PathMatcher m = p.getFileSystem().getPathMatcher("glob:" + p.getFileName());
        final List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(p.getParent())) {
            for (final Path f : all) {
                if (m.matches(f.getFileName()) && Files.isRegularFile(f)) {
                    found.add(f);
                }
            }
        }
        found.sort(null);
        return found;
    }

    @Override
    public void run() {
        try {
            scan(true);
            long lastScan = System.nanoTime();
            final long pollNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(pollMillis);
            while (!stopping) {
                boolean progress = false;
                for (final FileSource f : files.values()) {
                    progress |= f.step();
                    if (stopping) {
                        break;
                    }
                }
                summarize(progress);
                if (!stopping && progress && System.nanoTime() - lastScan >= pollNanos) {
                    // a file that never pauses must not keep new matches from being followed
                    scan(false);
                    lastScan = System.nanoTime();
                }
                if (!progress && !stopping) {
                    scan(false);
                    lastScan = System.nanoTime();
                    long sleep = pollMillis;
                    for (final FileSource f : files.values()) {
                        sleep = Math.min(sleep, f.idleMillis());
                    }
                    wakeup.await(sleep);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            files.values().forEach(FileSource::close);
            state = SourceState.DONE;
            if (watermark != null) {
                watermark.finish(id);
            }
        }
    }

    /**
     * The files are followed by {@code followPool} (call before {@link FollowPool#start}): this
     * pattern's listing is a follower of the pool, and so is each file it matches.
     *
     * @param followPool          the pool
     * @param dirWatcher          the change notifications its files are registered with (null: none)
     * @param closeInactiveMillis see {@link FileSource#pooled}
     */
    public void pooled(final FollowPool followPool, final DirectoryWatcher dirWatcher, final long closeInactiveMillis) {
        this.pool = followPool;
        this.watcher = dirWatcher;
        this.closeInactiveMillis = closeInactiveMillis;
        followPool.add(new Listing());
    }

    /** The pattern's directory listing as a follower of the pool: new matches become followers too. */
    private final class Listing implements PooledFollower {
        @Override
        public boolean step() {
            if (stopping) {
                return false;
            }
            try {
                listedModified = java.nio.file.Files.getLastModifiedTime(dir);
            } catch (IOException e) {
                listedModified = null;
            }
            scan(!scanned);
            scanned = true;
            return false;
        }

        @Override
        public long nextLookMillis(final boolean watched) {
            return watched ? QUIET : pollMillis;
        }

        @Override
        public boolean changedWhileQuiet() {
            if (++quietChecks % 12 == 0) {
                return true; // a listing now and then whatever the directory's time says
            }
            try {
                return listedModified == null || !listedModified.equals(java.nio.file.Files.getLastModifiedTime(dir));
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public boolean stopping() {
            return stopping;
        }

        @Override
        public void end() {
            state = SourceState.DONE;
        }

        @Override
        public Wakeup wakeup() {
            return wakeup;
        }

        @Override
        public Path directory() {
            return dir;
        }

        @Override
        public Object lock() {
            return GlobSource.this;
        }
    }

    /** The files matching now that are not followed yet, sorted by name (a stat only for those). */
    private List<Path> newMatches() throws IOException {
        final List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (final Path f : all) {
                if (!files.containsKey(f) && matcher.matches(f.getFileName()) && Files.isRegularFile(f)) {
                    found.add(f);
                }
            }
        }
        found.sort(null);
        return found;
    }

    /** Adds a source for each file that matches and is not followed yet. */
    private void scan(final boolean first) {
        final List<Path> found;
        try {
            found = newMatches();
            listFailed = false;
        } catch (IOException | RuntimeException e) {
            if (!listFailed) {
                notices.println("logmon: cannot list " + TextSafety.oneLine(String.valueOf(dir)) + " for "
                        + TextSafety.oneLine(pattern) + ": " + TextSafety.oneLine(String.valueOf(e.getMessage())) + "; retrying");
            }
            listFailed = true;
            return;
        }
        boolean added = false;
        for (final Path f : found) {
            if (!files.containsKey(f) && !rotatedFromFollowed(f, first)) {
                // files there at the start begin like a single file; later ones are read whole
                final FileSource source = new FileSource(id, f, !first || fromStart, false, pollMillis, rotateWaitMillis,
                        reader.another(), publisher, null, notices);
                files.put(f, source);
                if (pool != null) {
                    source.pooled(pool.limit(), closeInactiveMillis, this);
                    if (watcher != null) {
                        watcher.watch(f, source.wakeup());
                    }
                    pool.add(new FileFollower(source));
                }
                if (!first) {
                    notices.println("logmon: following " + TextSafety.oneLine(f.toString()) + " (matches "
                            + TextSafety.oneLine(pattern) + ")");
                }
                added = true;
            }
        }
        if (first && found.isEmpty()) {
            notices.println("logmon: no file matches " + TextSafety.oneLine(pattern) + " yet; waiting for one");
        }
        if (added) {
            snapshot = List.copyOf(files.values());
        }
    }

    /**
     * True for a file that one of the followed files became (renamed by logrotate to
     * {@code access.log.1}, compressed to {@code .gz}): its lines are read through that file's
     * source, so reading it as a new file would count them twice.
     */
    private boolean rotatedFromFollowed(final Path candidate, final boolean first) {
        final String name = candidate.getFileName().toString();
        for (int i = 1; i < name.length(); i++) { // a followed file's name plus a rotation suffix
            final Path followed = candidate.resolveSibling(name.substring(0, i));
            if (files.containsKey(followed)
                    && (SiblingFiles.rotatedName(followed, candidate) || SiblingFiles.compressedName(candidate))) {
                return true;
            }
        }
        if (first) {
            return false; // no file is open before the first listing
        }
        final Object key = SiblingFiles.keyOf(candidate);
        for (final FileSource f : files.values()) {
            if (f.knows(key)) {
                return true;
            }
        }
        return false;
    }

    private void summarize(final boolean progress) {
        if (watermark != null && idle == progress) {
            idle = !progress;
            watermark.idle(id, idle);
        }
        boolean reading = false;
        boolean following = false;
        boolean denied = false;
        for (final FileSource f : files.values()) {
            final SourceState fs = f.state();
            reading |= fs == SourceState.READING;
            following |= fs == SourceState.FOLLOWING || fs == SourceState.STARTING;
            denied |= fs == SourceState.DENIED;
        }
        final SourceState s = reading ? SourceState.READING : following ? SourceState.FOLLOWING
                : denied ? SourceState.DENIED : SourceState.WAITING;
        state = s;
    }

    /** What the directory watcher signals when a file in the pattern's directory changes. */
    public Wakeup wakeup() {
        return wakeup;
    }

    /** The directory the pattern lists. */
    public Path directory() {
        return dir;
    }

    @Override
    public void stop() {
        stopping = true;
        snapshot.forEach(FileSource::stop);
    }

    /** True when a {@link FollowPool} runs its files. */
    boolean isPooled() {
        return pool != null;
    }

    @Override
    public SourceStatus status() {
        long lag = 0;
        long rotations = 0;
        long truncations = 0;
        long size = 0;
        long offset = 0;
        for (final FileSource f : snapshot) {
            final SourceStatus s = f.status();
            lag += s.lagBytes();
            rotations += s.rotations();
            truncations += s.truncations();
            size += s.sizeBytes();
            offset += s.bytesRead();
        }
        return new SourceStatus(pattern, pool == null ? state : pooledState(), lag, publisher.linesPublished(), rotations,
                truncations, size, offset);
    }

    /** The pattern's state from its files' (pooled: no loop of its own sums them). */
    private SourceState pooledState() {
        if (state == SourceState.DONE || state == SourceState.STARTING && !scanned) {
            return state;
        }
        boolean reading = false;
        boolean following = false;
        boolean denied = false;
        for (final FileSource f : snapshot) {
            final SourceState fs = f.state();
            reading |= fs == SourceState.READING;
            following |= fs == SourceState.FOLLOWING || fs == SourceState.STARTING;
            denied |= fs == SourceState.DENIED;
        }
        return reading ? SourceState.READING : following ? SourceState.FOLLOWING
                : denied ? SourceState.DENIED : SourceState.WAITING;
    }

    @Override
    public long linesRead() {
        return publisher.linesPublished();
    }

    /** Files matched so far. */
    public int filesMatched() {
        return snapshot.size();
    }
}
