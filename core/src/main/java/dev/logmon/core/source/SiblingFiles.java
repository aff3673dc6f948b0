package dev.logmon.core.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files next to a followed file that rotation made of it ({@code access.log.1},
 * {@code access.log-20261128.gz}, ...), and the identity of a file by path: what the follower
 * reads after a copytruncate and what a restart reads after rotations while logmon was down.
 */
public final class SiblingFiles {
    /** A rotation suffix: {@code .1}, {@code -20261128}, {@code .2026-11-28} (not {@code .json}, {@code .bak}, {@code .gz}). */
    private static final Pattern ROTATED_SUFFIX = Pattern.compile("[._-][0-9][0-9._-]*");

    private SiblingFiles() {
    }

    /**
     * The files next to {@code file} whose names start with its name and are longer, sorted by
     * name. Listed and filtered by prefix, not by a glob: a name may hold {@code [ { * ?}.
     */
    public static List<Path> of(final Path file) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        final Path name = file.getFileName();
        if (dir == null || name == null) {
            return List.of();
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

    /** True when the sibling's name is the followed file's name plus a rotation suffix. */
    static boolean rotatedName(final Path followed, final Path sibling) {
        final String n = sibling.getFileName().toString();
        return ROTATED_SUFFIX.matcher(n.substring(followed.getFileName().toString().length())).matches();
    }

    /** True for a compressed rotated copy (not read). */
    static boolean compressedName(final Path p) {
        final String n = p.getFileName().toString();
        return n.endsWith(".gz") || n.endsWith(".bz2") || n.endsWith(".xz") || n.endsWith(".zst");
    }

    /** The file's identity (device and inode; symbolic links followed), or null when it cannot be read. */
    static Object keyOf(final Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
