package dev.logmon.core;

import java.io.EOFException;
import java.io.IOException;
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
 */
public final class StreamSource implements Source {
    private final int id;
    private final String name;
    private final ReadableByteChannel channel;
    private final LineReader reader;
    private final LinePublisher publisher;
    private final LogWatermark watermark;
    private final PrintStream notices;
    private volatile boolean stopping;
    private volatile SourceState state = SourceState.STARTING;

    /**
     * @param id        source index
     * @param name      how it is shown ({@code -})
     * @param channel   the stream
     * @param reader    the line splitter
     * @param publisher the ring publisher behind {@code reader}
     * @param watermark log-time progress (null in arrival time)
     * @param notices   where a read error is reported
     */
    public StreamSource(final int id, final String name, final ReadableByteChannel channel, final LineReader reader,
                        final LinePublisher publisher, final LogWatermark watermark, final PrintStream notices) {
        this.id = id;
        this.name = name;
        this.channel = channel;
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
    static ReadableByteChannel inflatedIfGzip(final ReadableByteChannel channel) throws IOException {
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
