package dev.logmon.core.source;

import dev.logmon.core.text.TextSafety;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link FileSource} reads from the files rotation left next to its path: the rest of a
 * copytruncated file from logrotate's copy (while following), and at a restart the rest of the
 * saved file (renamed away, or copied and truncated) and the files rotated while logmon was down.
 * Runs on the source's thread, through the line reader it is given.
 */
final class RotatedReads {
    private final FileSource source;

    RotatedReads(final FileSource source) {
        this.source = source;
    }

    /**
     * After a copytruncate, the lines written after our last read are only in the copy logrotate
     * made ({@code access.log.1}, {@code access.log-20261128}, ...): find the sibling whose head
     * is the head we read and which is at least as long as our offset, and read it from that
     * offset to its end. Only the lines written between logrotate's copy and its truncate stay
     * lost. Compressed copies are not read.
     */
    void readRestFromCopy(final LineReader reader, final FileIdentity identity, final long offset)
            throws InterruptedException {
        if (!identity.hasHead()) {
            return;
        }
        try {
            for (final Path candidate : SiblingFiles.of(source.path())) {
                if (SiblingFiles.compressedName(candidate) || !Files.isRegularFile(candidate)) {
                    continue;
                }
                try (FileChannel copy = FileChannel.open(candidate, StandardOpenOption.READ)) {
                    if (copy.size() >= offset && identity.headMatches(copy)) {
                        copy.position(offset);
                        reader.beginFile(source.files().register(candidate, SiblingFiles.keyOf(candidate), offset), offset);
                        long rest = 0;
                        int got;
                        while (!source.stopping() && (got = reader.readFrom(copy)) > 0) {
                            rest += got; // lines we had not read yet before the truncate
                        }
                        if (rest > 0) {
                            source.notice("read the last " + rest + " bytes of " + source.name() + " from its copy "
                                    + TextSafety.oneLine(candidate.getFileName().toString()));
                        }
                        return;
                    }
                }
            }
        } catch (IOException e) {
            source.notice("could not look for the copy of " + source.name() + ": " + TextSafety.oneLine(String.valueOf(e.getMessage())));
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
    long resumeAt(final LineReader reader, final FileChannel ch, final Object key, final SavedPosition saved)
            throws IOException, InterruptedException {
        final ResumeCheck.Decision d = ResumeCheck.decide(ch, key, saved);
        if (d.resumed()) {
            source.notice("resuming " + source.name() + " at byte " + d.offset() + " (saved state)");
            return d.offset();
        }
        if (!readRestOfRotated(reader, saved, key)) {
            source.notice(source.name() + " " + d.why() + "; reading it from the start");
        }
        return 0;
    }

    /**
     * Reads the saved file's rest from a sibling (renamed away, or copytruncate's copy), then the
     * newer rotated siblings; true when the saved file was found (or the source stopped in it).
     */
    private boolean readRestOfRotated(final LineReader reader, final SavedPosition saved, final Object currentKey)
            throws InterruptedException {
        if (saved.fileKey() == null) {
            return false;
        }
        try {
            final List<Path> siblings = SiblingFiles.of(source.path());
            Path found = null;
            boolean renamed = false;
            for (final Path candidate : siblings) { // renamed away: the same file, still holding the counted bytes
                final Object k = SiblingFiles.keyOf(candidate);
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
                    final Object k = SiblingFiles.keyOf(candidate);
                    if (SiblingFiles.compressedName(candidate) || !Files.isRegularFile(candidate) || k == null
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
            if (!readFrom(reader, found, saved.offset())) {
                return true; // stopped: the saved position is now in this file, the next start reads on here
            }
            source.notice(source.name() + (renamed ? " was rotated while logmon was down; read the rest of "
                    : " was copied and truncated while logmon was down; read the rest of its copy ")
                    + TextSafety.oneLine(found.getFileName().toString()) + " from byte " + saved.offset()
                    + ", now reading the new file from the start");
            readNewerRotated(reader, siblings, found, savedModified, currentKey);
            return true;
        } catch (IOException e) {
            source.notice("could not look for the rotated " + source.name() + ": " + TextSafety.oneLine(String.valueOf(e.getMessage())));
        }
        return false;
    }

    /**
     * After the rest of the saved file: the plain rotated siblings (name plus a rotation suffix)
     * modified after it (rotated through while logmon was down, e.g. log.1 when the saved file is
     * now log.2), oldest first, each from 0. The file at the path and the saved file are not among
     * them; compressed ones are not read.
     */
    private void readNewerRotated(final LineReader reader, final List<Path> siblings, final Path savedFile, final long savedModified,
                                  final Object currentKey) throws IOException, InterruptedException {
        final List<Path> newer = new ArrayList<>();
        final Map<Path, Long> modified = new HashMap<>();
        final List<String> unsure = new ArrayList<>();
        for (final Path p : siblings) {
            final Object k = SiblingFiles.keyOf(p);
            if (p.equals(savedFile) || !SiblingFiles.rotatedName(source.path(), p) || !Files.isRegularFile(p) || k == null
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
            source.notice("warning: " + source.name() + ": not read " + String.join(", ", unsure) + ": modified at the same time as "
                    + TextSafety.oneLine(savedFile.getFileName().toString())
                    + ", so whether it was rotated after logmon stopped is not known");
        }
        newer.sort(Comparator.comparing((Path p) -> modified.get(p)).thenComparing(Comparator.reverseOrder()));
        for (final Path p : newer) {
            if (!readFrom(reader, p, 0)) {
                return;
            }
            source.notice(source.name() + ": also read " + TextSafety.oneLine(p.getFileName().toString())
                    + ", rotated while logmon was down");
        }
    }

    /** Reads a rotated file from {@code from} to its end; false when the source stopped in it. */
    private boolean readFrom(final LineReader reader, final Path file, final long from) throws IOException, InterruptedException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            in.position(from);
            reader.reset();
            reader.beginFile(source.files().register(file, SiblingFiles.keyOf(file), from), from);
            while (!source.stopping() && reader.readFrom(in) > 0) {
                source.look(in);
            }
            if (source.stopping()) {
                return false; // a held partial line is not a whole line: the next start reads it again
            }
            reader.flushPartial();
            return true;
        }
    }
}
