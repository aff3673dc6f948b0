package dev.logmon.core.state;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.combine.LifetimeTotals;
import dev.logmon.core.source.FileSource;
import dev.logmon.core.source.ResumeCheck;
import dev.logmon.core.source.SavedPosition;
import dev.logmon.core.source.SiblingFiles;
import dev.logmon.core.source.SourceFiles;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Saves the state of {@code --state-dir}, right after a tick has been merged: the lifetime totals
 * and, per followed file, the {@link PositionTracker safe offset} they correspond to, turned into
 * a {@link SavedPosition} (identity and fingerprints read from the file, or from its rotated
 * sibling with the same identity). Taken on the combiner's thread without I/O ({@link #prepare}),
 * written on the {@link CheckpointWriter}'s ({@link #write}); timed with the injectable clock.
 *
 * <pre>
 *   tick merged --(every N s, and at the final tick)--> prepare: files + offsets, lifetime copy
 *               --> CheckpointWriter --> write: fingerprints, StateFile.write
 * </pre>
 *
 * A failed save prints one warning (until a save succeeds again) and never stops the pipeline.
 */
public final class StateStore {
    private final Path dir;
    private final List<FileSource> sources;
    private final StateFile.Saved loaded;
    private final long everyNanos;
    private final PrintStream notices;
    private final Clock clock;
    private long lastSave;
    private boolean failing;

    /**
     * @param dir     the state directory
     * @param sources by source id; null for a source that is not a followed file
     * @param loaded  what the run started from (positions of sources that read nothing yet), or null
     * @param everyMs least time between two periodic saves
     * @param notices where warnings go
     * @param clock   times the saves (its monotonic reading)
     */
    public StateStore(final Path dir, final List<FileSource> sources, final StateFile.Saved loaded, final long everyMs,
               final PrintStream notices, final Clock clock) {
        this.dir = dir;
        this.sources = new ArrayList<>(sources);
        this.loaded = loaded;
        this.everyNanos = TimeUnit.MILLISECONDS.toNanos(everyMs);
        this.notices = notices;
        this.clock = clock;
        // the first tick saves at once: a crash before the first interval then still knows where
        // each file was opened (at its end, without --from-start) and loses nothing written after
        this.lastSave = clock.nanos() - this.everyNanos;
    }

    /** True when a periodic save is due. */
    boolean due() {
        return clock.nanos() - lastSave >= everyNanos;
    }

    /** Saves now, on the calling thread; never throws. */
    void save(final PositionTracker tracker, final Frame lifetime, final long late, final long future,
              final long seconds) {
        write(prepare(tracker, new LifetimeTotals(lifetime, late, future, seconds), false));
    }

    /**
     * A save taken on the combiner's thread, written later by {@link #write} (on another thread):
     * which file and offset each source's position names (no I/O), and the lifetime totals.
     *
     * @param positions per followed file: the file and offset to fingerprint, or the position kept from the last run
     * @param totals    the lifetime totals (a copy when prepared for another thread)
     */
    record Prepared(List<Pending> positions, LifetimeTotals totals) {
    }

    /** One source's position before its fingerprints are read: {@code kept} when nothing is to be read. */
    record Pending(String name, SourceFiles.File file, long offset, SavedPosition kept) {
    }

    /**
     * Takes a save on the combiner's thread and restarts the interval: resolves each source's safe
     * (generation, offset) to a file while that generation is surely remembered, and, when
     * {@code copy}, copies the lifetime so the combiner can go on adding to its own.
     */
    Prepared prepare(final PositionTracker tracker, final LifetimeTotals totals, final boolean copy) {
        lastSave = clock.nanos();
        LifetimeTotals t = totals;
        if (copy) {
            final Frame lifetime = new Frame(totals.lifetime().sections.capacity());
            lifetime.add(totals.lifetime());
            t = new LifetimeTotals(lifetime, totals.late(), totals.future(), totals.seconds());
        }
        return new Prepared(pending(tracker), t);
    }

    /** Writes a prepared save: reads the files' fingerprints and writes the state file; never throws. */
    void write(final Prepared save) {
        try {
            final List<SavedPosition> positions = new ArrayList<>(save.positions().size());
            for (final Pending p : save.positions()) {
                positions.add(p.kept() != null ? p.kept() : fingerprinted(p.name(), p.file(), p.offset()));
            }
            final LifetimeTotals t = save.totals();
            StateFile.write(dir, positions, t.lifetime(), t.late(), t.future(), t.seconds());
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                notices.println("logmon: warning: cannot save state in " + TextSafety.oneLine(dir.toString()) + ": "
                        + TextSafety.oneLine(String.valueOf(e.getMessage())));
            }
            failing = true;
        }
    }

    private List<Pending> pending(final PositionTracker tracker) {
        final List<Pending> list = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            final FileSource source = sources.get(i);
            if (source == null) {
                continue;
            }
            final String name = source.path().toAbsolutePath().normalize().toString();
            final SourceFiles files = source.files();
            SourceFiles.File file = null;
            long offset = 0;
            if (i < tracker.sources() && tracker.seen(i)) {
                final Choice c = choose(files, tracker.safeGeneration(i), tracker.safeOffset(i));
                file = c == null ? null : c.file();
                offset = c == null ? 0 : c.offset();
            } else if (files.last() >= 0) {
                file = files.file(files.last()); // opened, no line counted yet: where it started
                offset = file == null ? 0 : file.startOffset();
            }
            if (file == null || file.fileKey() == null) {
                final SavedPosition before = loaded == null ? null : loaded.positionOf(name);
                if (before != null) {
                    list.add(new Pending(name, null, 0, before)); // not opened yet (missing): keep what the last run saved
                }
                continue;
            }
            list.add(new Pending(name, file, offset, null));
        }
        return list;
    }

    /** A file and an offset in it. */
    record Choice(SourceFiles.File file, long offset) {
    }

    /**
     * The file to name for a safe (generation, offset). Normally that generation's file; but when
     * the same file was read again from 0 after it (truncated in place, or deleted and recreated
     * on the same inode), the bytes now at that offset are new ones and its fingerprints would be
     * taken from them: then the copy read in between (copytruncate's, which holds the old bytes at
     * the same offsets) is named, or else the new content from its start.
     */
    static Choice choose(final SourceFiles files, final int generation, final long offset) {
        final SourceFiles.File f = files.file(generation);
        if (f == null || f.fileKey() == null) {
            return null;
        }
        for (int g = generation + 1; g <= files.last(); g++) {
            final SourceFiles.File later = files.file(g);
            if (later != null && f.fileKey().equals(later.fileKey()) && later.startOffset() == 0) {
                for (int c = generation + 1; c < g; c++) {
                    final SourceFiles.File copy = files.file(c);
                    if (copy != null && copy.fileKey() != null && !copy.fileKey().equals(f.fileKey())
                            && copy.startOffset() >= offset) {
                        return new Choice(copy, offset);
                    }
                }
                return new Choice(later, 0);
            }
        }
        return new Choice(f, offset);
    }

    /**
     * The position with the file's fingerprints read now; with none when the file is gone or
     * shorter than the offset (truncated after the last read): {@link ResumeCheck} never resumes
     * an offset past 0 without fingerprints, so the next start reads that file from 0.
     */
    static SavedPosition fingerprinted(final String name, final SourceFiles.File file, final long offset) {
        final Path at = locate(file);
        if (at != null) {
            try (FileChannel ch = FileChannel.open(at, StandardOpenOption.READ)) {
                final byte[] head = ResumeCheck.read(ch, 0, SavedPosition.FINGERPRINT_BYTES);
                final int m = (int) Math.min(SavedPosition.FINGERPRINT_BYTES, offset);
                final byte[] marker = ResumeCheck.read(ch, offset - m, m);
                if (marker.length == m) {
                    return new SavedPosition(name, file.fileKey(), offset, head, marker);
                }
            } catch (IOException e) {
                // fall through: identity and offset only
            }
        }
        return new SavedPosition(name, file.fileKey(), offset, new byte[0], new byte[0]);
    }

    /** Where the file with that identity is now: its path, or a sibling it was renamed to; null if gone. */
    private static Path locate(final SourceFiles.File file) {
        if (file.fileKey().equals(keyOf(file.path()))) {
            return file.path();
        }
        try {
            for (final Path p : SiblingFiles.of(file.path())) {
                if (file.fileKey().equals(keyOf(p))) {
                    return p;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String keyOf(final Path p) {
        try {
            final Object k = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return k == null ? null : k.toString();
        } catch (IOException e) {
            return null;
        }
    }
}
