package dev.logmon.core;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes access-log lines the way a web server does: it keeps its file handle open across
 * rotations, so each fault of a real deployment can be staged exactly.
 *
 * <pre>
 *   rotateByRename()     logrotate "create": path -> path.1; this writer still appends to path.1
 *   reopen()             the server's reopen after rotation: appends to a fresh path
 *   copyTruncate()       logrotate "copytruncate": copy path to path.1, truncate path to 0
 *   truncateTo(n)        shrink in place
 *   deleteAndRecreate()  unlink path, then create it again and write there
 *   appendPartial(text)  bytes without a newline (a line being written)
 * </pre>
 *
 * With {@code append = false} the handle is not O_APPEND, like a stale writer: after a
 * copytruncate it goes on writing at its old offset and leaves a hole of NUL bytes.
 */
public final class TestLogWriter implements AutoCloseable {
    private final Path path;
    private final boolean append;
    private FileChannel channel;
    private long linesWritten;
    private long sequence;

    public TestLogWriter(final Path path, final boolean append) throws IOException {
        this.path = path;
        this.append = append;
        open();
    }

    private TestLogWriter(final Path path, final FileChannel channel) {
        this.path = path;
        this.append = true;
        this.channel = channel;
    }

    /**
     * A writer appending to {@code path} once it exists, never creating it (as a server reopening
     * its log after logrotate created the new one): waits up to 10 s for the file to appear.
     */
    public static TestLogWriter appendToExisting(final Path path) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return new TestLogWriter(path, FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
            } catch (java.nio.file.NoSuchFileException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                java.util.concurrent.TimeUnit.MILLISECONDS.sleep(1);
            }
        }
    }

    private void open() throws IOException {
        if (append) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } else {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.position(channel.size());
        }
    }

    /** A valid Combined line, distinct for each call. */
    public static String line(final long n) {
        return "10.0." + (n / 250 % 250) + "." + (n % 250) + " - - [10/Oct/2026:13:55:36 +0000] \"GET /s" + (n % 7)
                + "/item" + n + " HTTP/1.1\" 200 " + (100 + n % 900)
                + " \"-\" \"TestLogWriter/1.0\"\n";
    }

    /** Writes {@code n} complete lines. */
    public TestLogWriter write(final int n) throws IOException {
        final StringBuilder sb = new StringBuilder(n * 120);
        for (int i = 0; i < n; i++) {
            sb.append(line(sequence++));
        }
        writeRaw(sb.toString());
        linesWritten += n;
        return this;
    }

    /** Writes bytes as they are (a partial line, or the rest of one). */
    public TestLogWriter writeRaw(final String text) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        return this;
    }

    /** Starts a line without its newline; {@link #completePartial()} finishes it. */
    public TestLogWriter appendPartial() throws IOException {
        final String full = line(sequence);
        return writeRaw(full.substring(0, full.length() / 2));
    }

    /** Finishes the line {@link #appendPartial()} started; it counts as one line written. */
    public TestLogWriter completePartial() throws IOException {
        final String full = line(sequence++);
        linesWritten++;
        return writeRaw(full.substring(full.length() / 2));
    }

    /** Renames the file to {@code path.1}; this writer's handle still points at it. */
    public Path rotateByRename() throws IOException {
        final Path rotated = path.resolveSibling(path.getFileName() + ".1");
        Files.move(path, rotated, StandardCopyOption.REPLACE_EXISTING);
        return rotated;
    }

    /** Closes the handle and opens the path again (creating it). */
    public TestLogWriter reopen() throws IOException {
        channel.close();
        open();
        return this;
    }

    /** Copies the file to {@code path.1} and truncates it to 0, as logrotate's copytruncate. */
    public TestLogWriter copyTruncate() throws IOException {
        Files.copy(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        truncateTo(0);
        return this;
    }

    /** Shrinks the file in place through a second handle, as truncate(1) does. */
    public TestLogWriter truncateTo(final long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(size);
        }
        return this;
    }

    /** Deletes the file, then creates it again and writes there. */
    public TestLogWriter deleteAndRecreate() throws IOException {
        return delete().recreate();
    }

    /** Closes the handle and deletes the file. */
    public TestLogWriter delete() throws IOException {
        channel.close();
        Files.delete(path);
        return this;
    }

    /** Creates the file again (after {@link #delete()}) and writes there from now on. */
    public TestLogWriter recreate() throws IOException {
        open();
        return this;
    }

    /** Complete lines written so far. */
    public long linesWritten() {
        return linesWritten;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
