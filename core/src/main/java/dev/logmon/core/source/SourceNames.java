package dev.logmon.core.source;

import dev.logmon.core.text.TextSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a source name from the command line into the file it names, including a file whose name
 * is not valid in the encoding the JVM decodes names with ({@code sun.jnu.encoding}, UTF-8 here):
 * the JVM hands such a name to us with U+FFFD in place of the bad bytes, and a path built from
 * that string names no file. The directory's own listing keeps the name's bytes, so the one entry
 * whose decoded name is the same string is that file.
 *
 * <pre>
 *   argv: caf\xe9.log  --JVM-->  "caf\uFFFD.log"  --Path.of-->  no such file
 *                                                 --listing-->  the entry whose name decodes to it
 * </pre>
 */
public final class SourceNames {
    private static final char REPLACEMENT = '\uFFFD';

    private SourceNames() {
    }

    /**
     * The path of a source: the name as given, or, when the name holds U+FFFD and names no file,
     * the one directory entry whose decoded name is the same string.
     *
     * @throws InvalidPathException when the name is not a path at all
     */
    public static Path resolve(final String name) {
        final Path p = Path.of(name);
        if (name.indexOf(REPLACEMENT) < 0 || Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return p;
        }
        final List<Path> same = sameName(p);
        return same.size() == 1 ? same.get(0) : p;
    }

    /**
     * Why a source name cannot name a file, or null: a name with bytes that are not valid in the
     * file name encoding, and no single file in its directory with a name decoded the same way,
     * would be waited for forever.
     */
    public static String problem(final String name) {
        if (name.indexOf(REPLACEMENT) < 0) {
            return null;
        }
        final Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            return null; // said as "not a valid path"
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        final List<Path> same = sameName(p);
        if (same.size() == 1) {
            return null;
        }
        return "cannot use " + TextSafety.oneLine(name) + ": its name has bytes that are not valid "
                + System.getProperty("sun.jnu.encoding", "in the file name encoding")
                + (same.isEmpty() ? ", and no file in its directory has a name like it"
                : ", and " + same.size() + " files in its directory have names that read the same")
                + " (a directory in the path with such a name is not looked for either); rename the file, "
                + "or give a symbolic link with a valid name";
    }

    private static List<Path> sameName(final Path p) {
        final Path file = p.getFileName();
        final Path dir = p.toAbsolutePath().getParent();
        if (file == null || dir == null) {
            return List.of();
        }
        final String want = file.toString();
        try (var all = Files.list(dir)) {
            return all.filter(c -> c.getFileName().toString().equals(want)).limit(2).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }
}
