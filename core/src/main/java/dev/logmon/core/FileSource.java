package dev.logmon.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Reads one log file on its own thread and publishes its lines.
 *
 * <p>With {@code once} it reads from the start to the end and stops (a last line without a
 * newline counts). Otherwise it follows the file: at its end it polls, and when the file shrinks
 * (truncation) it starts again from 0. Rename rotation, deleted and reappearing files are the
 * follow-up work of the file-following issue; this source reports an unreadable file once and
 * keeps retrying.
 */
public final class FileSource implements Runnable {
    private final int id;
    private final Path path;
    private final boolean fromStart;
    private final boolean once;
    private final long pollMillis;
    private final LineReader reader;
    private final LinePublisher publisher;
    private final LogWatermark watermark;
    private final PrintStream notices;
    private volatile boolean stopping;
    private volatile boolean done;
    private volatile long lagBytes;
    private volatile SourceState state = SourceState.STARTING;
    private volatile long truncations;
    private volatile long sizeBytes;
    private volatile long offset;

    /**
     * @param id         source index
     * @param path       the file
     * @param fromStart  read what is there first (else start at the end)
     * @param once       stop at the end of the file
     * @param pollMillis how often to look for new bytes at the end
     * @param reader     the line splitter (owns the buffer)
     * @param publisher  the ring publisher behind {@code reader}
     * @param watermark  log-time progress, told when this source finishes (null in arrival time)
     * @param notices    where one-line notices go (stderr)
     */
    public FileSource(final int id, final Path path, final boolean fromStart, final boolean once, final long pollMillis,
                      final LineReader reader, final LinePublisher publisher, final LogWatermark watermark,
                      final PrintStream notices) {
        this.id = id;
        this.path = path;
        this.fromStart = fromStart;
        this.once = once;
        this.pollMillis = pollMillis;
        this.reader = reader;
        this.publisher = publisher;
        this.watermark = watermark;
        this.notices = notices;
    }

    @Override
    public void run() {
        try {
            if (once) {
                readToEnd();
            } else {
                follow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            notices.println("logmon: cannot read " + TextSafety.oneLine(path.toString()) + ": "
                    + TextSafety.oneLine(String.valueOf(e.getMessage())));
        } finally {
            state = SourceState.DONE;
            done = true;
            if (watermark != null) {
                watermark.finish(id);
            }
        }
    }

    private void readToEnd() throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            state = SourceState.READING;
            while (!stopping && reader.readFrom(ch) >= 0) {
                look(ch);
            }
            if (!stopping) {
                reader.flushPartial();
            }
            look(ch);
            lagBytes = 0;
        }
    }

    private void follow() throws InterruptedException {
        boolean first = true;
        boolean reported = false;
        while (!stopping) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                if (reported) {
                    notices.println("logmon: " + TextSafety.oneLine(path.toString()) + " is readable now; following it");
                    reported = false;
                }
                if (first && !fromStart) {
                    ch.position(ch.size());
                }
                first = false;
                followOpen(ch);
            } catch (NoSuchFileException e) {
                state = SourceState.WAITING;
                if (!reported) {
                    notices.println("logmon: waiting for " + TextSafety.oneLine(path.toString()) + " to appear");
                    reported = true;
                }
                first = false;
                TimeUnit.MILLISECONDS.sleep(pollMillis);
            } catch (IOException e) {
                state = SourceState.DENIED;
                if (!reported) {
                    notices.println("logmon: cannot open " + TextSafety.oneLine(path.toString()) + ": "
                            + TextSafety.oneLine(String.valueOf(e.getMessage())) + "; retrying");
                    reported = true;
                }
                first = false;
                TimeUnit.MILLISECONDS.sleep(pollMillis);
            }
        }
    }

    private void followOpen(final FileChannel ch) throws IOException, InterruptedException {
        while (!stopping) {
            final int n = reader.readFrom(ch);
            if (n > 0) {
                look(ch);
                state = SourceState.READING;
                continue;
            }
            look(ch);
            lagBytes = 0;
            state = SourceState.FOLLOWING;
            if (ch.size() < ch.position()) {
                truncations++;
                notices.println("logmon: " + TextSafety.oneLine(path.toString()) + " was truncated; reading from its start");
                ch.position(0);
                reader.reset();
                continue;
            }
            TimeUnit.MILLISECONDS.sleep(pollMillis);
        }
    }

    private void look(final FileChannel ch) throws IOException {
        final long size = ch.size();
        final long position = ch.position();
        sizeBytes = size;
        offset = Math.min(position, size);
        lagBytes = Math.max(0, size - position);
    }

    /** Asks the source to stop at its next read. */
    public void stop() {
        stopping = true;
    }

    /** True once the thread has finished. */
    public boolean isDone() {
        return done;
    }

    /** Bytes between what was read and the end of the file at the last read. */
    public long lagBytes() {
        return lagBytes;
    }

    /** This source's state for a snapshot. */
    public SourceStatus status() {
        return new SourceStatus(path.toString(), state, lagBytes, publisher.linesPublished(), 0, truncations,
                sizeBytes, offset);
    }

    /** Lines published, parsed or not. */
    public long linesRead() {
        return publisher.linesPublished();
    }

    /** The file. */
    public Path path() {
        return path;
    }
}
