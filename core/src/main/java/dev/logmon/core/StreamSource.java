package dev.logmon.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PushbackInputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.GZIPInputStream;

/**
 * Reads lines from a stream (standard input, for {@code -s -}) until it ends, for pipelines such
 * as {@code tail -F x.log | logmon-cli -s -} or {@code zcat old.log.gz | logmon-cli -s - --once}.
 * A last line without a newline counts when the stream ends. A stream that starts with the gzip
 * magic bytes ({@code cat x.log.gz | logmon-cli -s -}) is inflated as it is read.
 *
 * <p>In log time while following (no {@code --once}), the stream counts as idle for the
 * {@link LogWatermark} whenever a read would wait for input, as a followed file does at its end:
 * a quiet pipe never holds back the other sources' log time. With {@code --once} it never is, so
 * a replay stays in step (and reproducible).
 */
public final class StreamSource implements Source {
    private final int id;
    private final String name;
    private final ReadableByteChannel channel;
    private boolean idle;
    private final LineReader reader;
    private final LinePublisher publisher;
    private final LogWatermark watermark;
    private final PrintStream notices;
    private volatile boolean stopping;
    private volatile SourceState state = SourceState.STARTING;

    /**
     * @param id        source index
     * @param name      how it is shown ({@code -})
     * @param stream    the stream
     * @param following true when the run follows (no {@code --once}): idle while waiting for input
     * @param reader    the line splitter
     * @param publisher the ring publisher behind {@code reader}
     * @param watermark log-time progress (null in arrival time)
     * @param notices   where a read error is reported
     */
    public StreamSource(final int id, final String name, final InputStream stream, final boolean following,
                        final LineReader reader, final LinePublisher publisher, final LogWatermark watermark,
                        final PrintStream notices) {
        this.id = id;
        this.name = name;
        this.channel = Channels.newChannel(following && watermark != null ? new IdleWhileWaiting(stream) : stream);
        this.reader = reader;
        this.publisher = publisher;
        this.watermark = watermark;
        this.notices = notices;
    }

    @Override
    public void run() {
        try {
            state = SourceState.READING;
            final ReadableByteChannel in = inflatedIfGzip(channel);
            while (!stopping && reader.readFrom(in) >= 0) {
                // every complete line is published as it is read
            }
            if (!stopping) {
                reader.flushPartial();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            notices.println("logmon: cannot read standard input: " + TextSafety.oneLine(String.valueOf(e.getMessage())));
        } finally {
            state = SourceState.DONE;
            if (watermark != null) {
                watermark.finish(id);
            }
        }
    }

    /**
     * The stream, inflated when its first two bytes are the gzip magic {@code 1f 8b} (no text log
     * starts with them: 0x8b is not ASCII). Reads (and blocks for) those two bytes on the source thread.
     */
    static ReadableByteChannel inflatedIfGzip(final ReadableByteChannel channel) throws IOException {
        final PushbackInputStream in = new PushbackInputStream(Channels.newInputStream(channel), 2);
        final byte[] magic = new byte[2];
        int n = 0;
        while (n < 2) {
            final int r = in.read(magic, n, 2 - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        in.unread(magic, 0, n);
        final InputStream stream = n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
                ? new GZIPInputStream(in, 1 << 16) : in;
        return Channels.newChannel(stream);
    }

    /** Tells the watermark when this source waits for input (at most twice per read, never per line). */
    private void setIdle(final boolean nowIdle) {
        if (idle != nowIdle) {
            idle = nowIdle;
            watermark.idle(id, nowIdle);
        }
    }

    /** The raw stream, marking the source idle before a read that would wait and busy after one that got bytes. */
    private final class IdleWhileWaiting extends FilterInputStream {
        IdleWhileWaiting(final InputStream in) {
            super(in);
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            if (len > 0 && in.available() <= 0) {
                setIdle(true);
            }
            final int n = in.read(b, off, len);
            if (n > 0) {
                setIdle(false);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(name, state, 0, publisher.linesPublished(), 0, 0);
    }

    @Override
    public long linesRead() {
        return publisher.linesPublished();
    }
}
