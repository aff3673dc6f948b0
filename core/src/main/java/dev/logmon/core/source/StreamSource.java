package dev.logmon.core.source;

import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.LogWatermark;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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
            final ByteBuffer magic = readMagic(channel);
            final boolean gzip = isGzipMagic(magic);
            final ReadableByteChannel in = opened(channel, magic, gzip);
            try {
                while (!stopping && reader.readFrom(in) >= 0) {
                    // every complete line is published as it is read
                }
            } catch (EOFException | ZipException e) {
                if (!gzip) {
                    throw e;
                }
                // a cut or damaged archive, as FileSource says it for a .gz file: the complete lines
                // before the damage are counted, the cut line is not
                notices.println("logmon: standard input: compressed data ends early or is damaged after "
                        + publisher.linesPublished() + " lines; the rest is skipped ("
                        + TextSafety.oneLine(String.valueOf(e.getMessage())) + ")");
                return;
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
    public static ReadableByteChannel inflatedIfGzip(final ReadableByteChannel channel) throws IOException {
        final ByteBuffer magic = readMagic(channel);
        return opened(channel, magic, isGzipMagic(magic));
    }

    /** Up to the first two bytes of the stream (fewer when it ends first), ready to be read again. */
    private static ByteBuffer readMagic(final ReadableByteChannel channel) throws IOException {
        final ByteBuffer magic = ByteBuffer.allocate(2);
        while (magic.hasRemaining() && channel.read(magic) >= 0) {
            // a pipe may hand over one byte at a time
        }
        return magic.flip();
    }

    private static boolean isGzipMagic(final ByteBuffer magic) {
        return magic.remaining() == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b;
    }

    /**
     * The stream with its first bytes given back; plain text is then read from the channel itself
     * (no stream adapters copying every byte in 8 KiB steps), gzip through an inflater.
     */
    private static ReadableByteChannel opened(final ReadableByteChannel channel, final ByteBuffer magic,
                                              final boolean gzip) throws IOException {
        final ReadableByteChannel whole = new PrefixedChannel(magic, channel);
        return gzip ? Channels.newChannel(new GZIPInputStream(Channels.newInputStream(whole), 1 << 16)) : whole;
    }

    /** A channel that hands over a few bytes already read from another, then reads that one. */
    private static final class PrefixedChannel implements ReadableByteChannel {
        private final ByteBuffer prefix;
        private final ReadableByteChannel channel;

        PrefixedChannel(final ByteBuffer prefix, final ReadableByteChannel channel) {
            this.prefix = prefix;
            this.channel = channel;
        }

        @Override
        public int read(final ByteBuffer dst) throws IOException {
            if (!prefix.hasRemaining()) {
                return channel.read(dst);
            }
            int n = 0;
            while (prefix.hasRemaining() && dst.hasRemaining()) {
                dst.put(prefix.get());
                n++;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
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
