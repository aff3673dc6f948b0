package dev.logmon.core.source;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files one source has read, by generation: each time a {@link FileSource} starts reading a
 * file (at start, after a rotation, a truncation, or from a rotated copy) it registers the file's
 * path and identity (device and inode) and stamps the lines it reads with the new generation. The
 * state saver turns a (generation, offset) the combiner found safe back into a file.
 *
 * <pre>
 *   source thread:  register(path, key) -> g      before publishing any line of g (the ring's
 *                                                publish orders the map write before the line)
 *   combiner/saver: file(g)                       the path and key of a generation it has seen
 * </pre>
 *
 * Only the last {@link #KEEP} generations are kept: a saved position always refers to a recent
 * one (older ones are counted and past).
 */
public final class SourceFiles {
    /** Generations remembered. */
    static final int KEEP = 64;

    private final Map<Integer, File> files = new ConcurrentHashMap<>();
    private volatile int last = -1;

    /**
     * One file a source read.
     *
     * @param path        where it was (or is) found
     * @param fileKey     its identity ({@code (dev=..,ino=..)}), or null when it has none (a stream)
     * @param startOffset where reading it started
     */
    public record File(Path path, String fileKey, long startOffset) {
    }

    /** Registers the file about to be read from {@code startOffset}; returns its generation (source thread). */
    public int register(final Path path, final Object fileKey, final long startOffset) {
        final int g = last + 1;
        files.put(g, new File(path, fileKey == null ? null : fileKey.toString(), startOffset));
        files.remove(g - KEEP);
        last = g;
        return g;
    }

    /** The last generation registered, or -1 before the first. */
    public int last() {
        return last;
    }

    /** The file of a generation, or null when unknown or forgotten. */
    public File file(final int generation) {
        return files.get(generation);
    }
}
