package dev.logmon.cli.demo;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Lines copied from a sample log, one at a time, starting over at the end of the file. Each line's
 * {@code [dd/Mon/yyyy:HH:mm:ss +zzzz]} timestamp is replaced by the time it is written (unless
 * timestamps are kept), so a replay looks like live traffic. A last line without a newline gets one.
 */
final class SourceLines implements Closeable {
    private final Path path;
    private final boolean keepTimestamps;
    private final byte[] chunk = new byte[1 << 16];
    private final byte[] stamp = new byte[TrafficGenerator.TIMESTAMP_BYTES];
    private long stampSecond = Long.MIN_VALUE;
    private byte[] line = new byte[TrafficGenerator.MAX_LINE_BYTES];
    private InputStream in;
    private int pos;
    private int limit;

    SourceLines(final Path path, final boolean keepTimestamps) throws IOException {
        this.path = path;
        this.keepTimestamps = keepTimestamps;
        this.in = Files.newInputStream(path);
    }

    /** The buffer holding the line {@link #next} read. */
    byte[] line() {
        return line;
    }

    /**
     * Reads the next line (newline included) into {@link #line()}, stamped with {@code epochSecond}.
     *
     * @return its length in bytes
     * @throws IOException when the file cannot be read or holds no line at all
     */
    int next(final long epochSecond) throws IOException {
        int n = readLine();
        if (n == 0) {
            in.close();
            in = Files.newInputStream(path);
            pos = 0;
            limit = 0;
            n = readLine();
            if (n == 0) {
                throw new IOException(path + " holds no lines");
            }
        }
        if (!keepTimestamps) {
            restamp(n, epochSecond);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Copies bytes up to and including the next newline into {@link #line}; 0 at end of file. */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            if (pos == limit) {
                limit = in.read(chunk);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (n > 0) {
                        n = append(n, (byte) '\n');
                    }
                    return n;
                }
            }
            final byte b = chunk[pos++];
            n = append(n, b);
            if (b == '\n') {
                return n;
            }
        }
    }

    private int append(final int n, final byte b) {
        if (n == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[n] = b;
        return n + 1;
    }

    /** Overwrites the first bracketed CLF timestamp, if the line has one of exactly that shape. */
    private void restamp(final int n, final long epochSecond) {
        int open = -1;
        for (int i = 0; i < n; i++) {
            if (line[i] == '[') {
                open = i;
                break;
            }
        }
        if (open < 0 || open + TrafficGenerator.TIMESTAMP_BYTES > n || !isTimestamp(line, open)) {
            return;
        }
        if (epochSecond != stampSecond) {
            TrafficGenerator.formatTimestamp(epochSecond, stamp, 0);
            stampSecond = epochSecond;
        }
        System.arraycopy(stamp, 0, line, open, stamp.length);
    }

    /** {@code [dd/Mon/yyyy:HH:mm:ss +zzzz]} at {@code b[o]}: separators in place, digits where digits go. */
    static boolean isTimestamp(final byte[] b, final int o) {
        return b[o] == '[' && b[o + 3] == '/' && b[o + 7] == '/' && b[o + 12] == ':' && b[o + 15] == ':'
                && b[o + 18] == ':' && b[o + 21] == ' ' && (b[o + 22] == '+' || b[o + 22] == '-')
                && b[o + 27] == ']'
                && digits(b, o + 1, 2) && digits(b, o + 8, 4) && digits(b, o + 13, 2) && digits(b, o + 16, 2)
                && digits(b, o + 19, 2) && digits(b, o + 23, 4);
    }

    private static boolean digits(final byte[] b, final int from, final int count) {
        for (int i = from; i < from + count; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }
}
