package dev.logmon.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.format.MalformedReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The public access logs under {@code shared/data/real/}, read in place (never copied into the
 * project). Surefire sets {@code logmon.shared.dir}; from an IDE the module or repository
 * directory is the working directory, so {@code ../shared} or {@code ../../shared} is tried next.
 */
public final class RealLogFiles {
    private RealLogFiles() {
    }

    /** The file under {@code shared/data/real}, or the test is skipped when it is absent. */
    public static Path require(final String name) {
        final Path file = realDir().resolve(name);
        assumeTrue(Files.isRegularFile(file), () -> file + " absent: skipping");
        return file;
    }

    /** The directory under {@code shared/data/real}, or the test is skipped when it is absent. */
    public static Path requireDir(final String name) {
        final Path dir = realDir().resolve(name);
        assumeTrue(Files.isDirectory(dir), () -> dir + " absent: skipping");
        return dir;
    }

    private static Path realDir() {
        final String configured = System.getProperty("logmon.shared.dir");
        final Path[] candidates = configured != null
                ? new Path[] {Path.of(configured), Path.of("../shared"), Path.of("../../shared")}
                : new Path[] {Path.of("../shared"), Path.of("../../shared")};
        for (final Path shared : candidates) {
            final Path real = shared.resolve("data/real");
            if (Files.isDirectory(real)) {
                return real;
            }
        }
        return candidates[0].resolve("data/real");
    }

    public static byte[] read(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What parsing every line of a file gave. */
    public static final class Tally {
        public int lines;
        public int parsed;
        public int malformed;
        public final Map<MalformedReason, Integer> reasons = new EnumMap<>(MalformedReason.class);
    }

    /**
     * Parses each {@code \n}-terminated line (and a last line without newline) in place, skipping
     * lines that start with {@code #} when asked (fixture comments).
     */
    public static Tally parseAll(final byte[] data, final LogFormat format, final boolean skipComments) {
        final AccessLogParser parser = new AccessLogParser(format);
        final LogEvent event = new LogEvent();
        final Tally tally = new Tally();
        int start = 0;
        while (start < data.length) {
            int end = start;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            if (!(skipComments && end > start && data[start] == '#')) {
                tally.lines++;
                if (parser.parse(data, start, end - start, event)) {
                    tally.parsed++;
                } else {
                    tally.malformed++;
                    tally.reasons.merge(MalformedReason.ofOrdinal(event.malformedReason), 1, Integer::sum);
                }
            }
            start = end + 1;
        }
        return tally;
    }

    /** Parses line {@code number} (1-based) of the file into a fresh event. */
    public static LogEvent parseLine(final byte[] data, final int number, final LogFormat format) {
        int start = 0;
        for (int n = 1; n < number; n++) {
            while (data[start] != '\n') {
                start++;
            }
            start++;
        }
        int end = start;
        while (end < data.length && data[end] != '\n') {
            end++;
        }
        final LogEvent event = new LogEvent();
        new AccessLogParser(format).parse(data, start, end - start, event);
        return event;
    }
}
