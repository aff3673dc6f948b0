package dev.logmon.core.analyze;

import org.HdrHistogram.Histogram;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.StatusCounts;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;

/**
 * The one binary form of a {@link Frame}: what the state file keeps of the lifetime, what the
 * history store keeps of each minute, and what will carry frames between instances. Versioned,
 * checksummed, little endian, every counter of the frame (top lists with their purged totals
 * and error bounds, histograms in HdrHistogram's compressed form). Decoding a frame and adding it
 * is the same as adding the frame itself: {@code decode(encode(a)) + decode(encode(b))} holds the
 * counters of {@code a + b}.
 *
 * <pre>
 *   offset  bytes  field
 *   0       3      magic "LMF"
 *   3       1      format version, 2 (1 is still read: it has no visitors and no sources)
 *   4       4      length of the whole frame in bytes, this header and the checksum included (u32)
 *   8       8      second (epoch seconds)
 *   16      1      spill: 0 in time, 1 late, 2 future
 *   17      1      s = status classes (6: 1xx 2xx 3xx 4xx 5xx other)
 *   18      1      m = malformed reasons (by MalformedReason ordinal; reasons are only appended)
 *   19      1      k = sections with their own request-time histogram (0..32)
 *   20      8      hits
 *   28      8      bytes
 *   36      8 s    status counts
 *           8 m    malformed counts
 *           top    sections (c0 hits, c1 4xx, c2 5xx)
 *           top    hosts    (c0 bytes, c1 hits, c2 0)
 *           hist   response sizes
 *           hist   request times, microseconds
 *           k x (8 section hash, hist)   request times of the busiest sections
 *           hist   request times of the other sections
 *           4 + v  visitors: v bytes of a DataSketches HLL sketch in its compact form (0: none)   [2]
 *           4      r = source rows with hits
 *           r x (2 row (0..64, 64 is "other"), 8 hits, 8 bytes, 8 4xx, 8 5xx)                  [2]
 *   L-4     4      CRC-32C of bytes [0, L-4)
 *
 *   top     4      n = entries kept
 *           8 x 4  other0, other1, other2 (exact totals of purged keys), errorBound
 *           n x (8 hash, 8 c0, 8 c1, 8 c2, 2 key length, key bytes (UTF-8, as cut by the counter))
 *   hist    4      n = bytes, 0 for an empty histogram
 *           n      HdrHistogram compressed form ({@code encodeIntoCompressedByteBuffer})
 * </pre>
 *
 * Not kept: {@link Frame#sealedAt}, which only orders one process's hand-off to its combiner.
 *
 * <p>Decoding checks everything before it trusts it: the magic, the version (a newer one is
 * refused by name), the declared length against the bytes given, the checksum, every count
 * against the bytes left, and no negative counter; any of it failing is a
 * {@link FrameCodecException} with a one-line reason, never an unchecked exception or a huge
 * allocation. A frame from a newer writer with more status classes or malformed reasons than this
 * logmon knows is refused rather than miscounted.
 *
 * <p>An instance reuses its buffers (Agrona's {@link ExpandableArrayBuffer} to write,
 * {@link UnsafeBuffer} to read) and is not thread-safe: one per thread.
 */
public final class FrameCodec {
    /** The format version written; every version from 1 up to it is read. */
    public static final int VERSION = 2;
    /** The first version with the visitor sketch and the per-source rows. */
    static final int VERSION_VISITORS = 2;
    /** Bytes before the counters: magic, version, length, second, spill, array sizes. */
    static final int HEADER = 20;
    private static final byte[] MAGIC = {'L', 'M', 'F'};
    private static final int CHECKSUM = 4;
    private static final int TOP_HEAD = 4 + 4 * 8;
    private static final int TOP_ENTRY_MIN = 4 * 8 + 2;
    private static final int SOURCE_ROW = 2 + 4 * 8;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Said when Agrona's buffers cannot reach {@code jdk.internal.misc.Unsafe}. */
    static final String NEEDS_EXPORT = "this JVM lacks --add-exports java.base/jdk.internal.misc=ALL-UNNAMED, which "
            + "the frame codec's Agrona buffers need (java -jar logmon-cli.jar and ./logmon-cli set it)";

    private final ExpandableArrayBuffer out;
    private final UnsafeBuffer in;
    private final CRC32C crc = new CRC32C();
    private byte[] keyScratch = new byte[Math.max(LogEvent.MAX_HOST, LogEvent.MAX_SECTION)];
    private int position;
    /** {@link Frame#latencyForm()}, made on first use and reused. */
    private Histogram latencyForm;

    /**
     * A codec with its own buffers.
     *
     * @throws IllegalStateException when the JVM was started without the export Agrona's buffers
     *                               need ({@link #NEEDS_EXPORT}), instead of an {@link IllegalAccessError}
     */
    public FrameCodec() {
        try {
            out = new ExpandableArrayBuffer(4096);
            in = new UnsafeBuffer();
        } catch (IllegalAccessError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new IllegalStateException(NEEDS_EXPORT, e);
        }
    }

    /**
     * Encodes a frame into this codec's buffer.
     *
     * @return the frame's length; its bytes are {@code buffer()[0, length)} until the next encode
     */
    public int encode(final Frame f) {
        out.putBytes(0, MAGIC);
        out.putByte(3, (byte) VERSION);
        out.putLong(8, f.second, ORDER);
        out.putByte(16, (byte) f.spill);
        out.putByte(17, (byte) f.status.length);
        out.putByte(18, (byte) f.malformed.length);
        final SectionLatencies sl = f.sectionLatencies;
        out.putByte(19, (byte) sl.size());
        out.putLong(20, f.hits, ORDER);
        out.putLong(28, f.bytes, ORDER);
        position = 36;
        for (final long c : f.status) {
            putLong(c);
        }
        for (final long c : f.malformed) {
            putLong(c);
        }
        putTop(f.sections);
        putTop(f.hosts);
        putHistogram(f.sizes);
        putHistogram(inForm(f.latency, latencyForm()));
        for (int k = 0; k < sl.size(); k++) {
            putLong(sl.hashAt(k));
            putHistogram(sl.histogramAt(k));
        }
        putHistogram(sl.otherIfMade());
        putVisitors(f.visitors);
        putSources(f.sources);
        final int length = position + CHECKSUM;
        out.putInt(4, length, ORDER);
        crc.reset();
        crc.update(out.byteArray(), 0, position);
        out.putInt(position, (int) crc.getValue(), ORDER);
        return length;
    }

    /** The bytes of the last {@link #encode}, from index 0 (the array may be longer). */
    public byte[] buffer() {
        return out.byteArray();
    }

    /** Encodes a frame into a new array of exactly its length. */
    public byte[] encodeToArray(final Frame f) {
        final int length = encode(f);
        return java.util.Arrays.copyOf(out.byteArray(), length);
    }

    private void putLong(final long v) {
        out.putLong(position, v, ORDER);
        position += 8;
    }

    private void putTop(final TopCounter t) {
        out.putInt(position, t.size(), ORDER);
        position += 4;
        putLong(t.other0());
        putLong(t.other1());
        putLong(t.other2());
        putLong(t.errorBound());
        t.forEach((hash, key, offset, length, c0, c1, c2) -> {
            putLong(hash);
            putLong(c0);
            putLong(c1);
            putLong(c2);
            out.putShort(position, (short) length, ORDER);
            out.putBytes(position + 2, key, offset, length);
            position += 2 + length;
        });
    }

    private void putVisitors(final VisitorSketch v) {
        final byte[] image = v.toBytes();
        out.putInt(position, image.length, ORDER);
        out.putBytes(position + 4, image);
        position += 4 + image.length;
    }

    private void putSources(final SourceCounters c) {
        final int countAt = position;
        position += 4;
        int rows = 0;
        for (int r = 0; r < c.rows(); r++) {
            if (c.hits(r) > 0) {
                out.putShort(position, (short) r, ORDER);
                position += 2;
                putLong(c.hits(r));
                putLong(c.bytes(r));
                putLong(c.errors4xx(r));
                putLong(c.errors5xx(r));
                rows++;
            }
        }
        out.putInt(countAt, rows, ORDER);
    }

    private Histogram latencyForm() {
        if (latencyForm == null) {
            latencyForm = Frame.latencyForm();
        }
        return latencyForm;
    }

    /**
     * {@code h} in its fixed-range form (a growing histogram is copied into {@code form}), so its
     * encoding names the same range whatever the histogram grew to: frames and state files keep
     * their bytes. A histogram holding a value beyond that range (none of the frame's own ways of
     * counting makes one) is encoded as it is, and a reader refuses it as it always did.
     */
    private static Histogram inForm(final Histogram h, final Histogram form) {
        if (!h.isAutoResize() || h.getTotalCount() == 0) {
            return h;
        }
        form.reset();
        try {
            form.add(h); // checks the range before it adds anything
        } catch (ArrayIndexOutOfBoundsException beyondTheRange) {
            return h;
        }
        return form;
    }

    /** Writes a histogram; null (never made) is written as an empty one. */
    private void putHistogram(final Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            out.putInt(position, 0, ORDER);
            position += 4;
            return;
        }
        final int room = h.getNeededByteBufferCapacity();
        out.checkLimit(position + 4 + room);
        final ByteBuffer target = ByteBuffer.wrap(out.byteArray(), position + 4, room);
        final int n = h.encodeIntoCompressedByteBuffer(target);
        out.putInt(position, n, ORDER);
        position += 4 + n;
    }

    /**
     * The length a frame at {@code data[offset...]} declares, after checking its magic and version;
     * for readers that need to know where a frame ends before decoding it.
     */
    public static int declaredLength(final byte[] data, final int offset, final int available) throws FrameCodecException {
        if (available < 8) {
            throw new FrameCodecException("frame cut short: " + Math.max(available, 0) + " bytes, its header alone is 8");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[offset + i] != MAGIC[i]) {
                throw new FrameCodecException("not a logmon frame (no LMF magic)");
            }
        }
        final int version = data[offset + 3] & 0xff;
        if (version < 1 || version > VERSION) {
            throw new FrameCodecException("frame format version " + version + ", this logmon reads versions 1 to " + VERSION
                    + (version > VERSION ? ": written by a newer logmon, read it with that version" : ""));
        }
        return new UnsafeBuffer(data, offset, 8).getInt(4, ORDER);
    }

    /**
     * Decodes the frame in {@code data[offset, offset + length)} into {@code into}, which is
     * cleared first; its top counters keep their own capacity (a frame with more keys than that is
     * purged into it as {@link TopCounter#add} does). On an exception {@code into} holds a part of
     * the frame: clear it before use.
     *
     * @throws FrameCodecException when the bytes are not a whole, undamaged frame of this version
     */
    public void decode(final byte[] data, final int offset, final int length, final Frame into) throws FrameCodecException {
        final int declared = declaredLength(data, offset, length);
        if (declared < HEADER + 16 + CHECKSUM || declared > length) {
            throw new FrameCodecException(declared > length ? "frame cut short: it declares " + declared + " bytes, "
                    + length + " given" : "damaged frame: declares " + declared + " bytes, less than any frame");
        }
        crc.reset();
        crc.update(data, offset, declared - CHECKSUM);
        in.wrap(data, offset, declared);
        if ((int) crc.getValue() != in.getInt(declared - CHECKSUM, ORDER)) {
            throw new FrameCodecException("damaged frame: checksum mismatch");
        }
        final int end = declared - CHECKSUM;
        final int spill = in.getByte(16);
        if (spill < Frame.IN_TIME || spill > Frame.FUTURE) {
            throw new FrameCodecException("damaged frame: spill " + spill);
        }
        final int statuses = in.getByte(17) & 0xff;
        final int reasons = in.getByte(18) & 0xff;
        final int sectionHistograms = in.getByte(19) & 0xff;
        if (statuses > StatusCounts.CLASSES || reasons > MalformedReason.count()) {
            throw new FrameCodecException("frame with " + statuses + " status classes and " + reasons
                    + " malformed reasons, this logmon knows " + StatusCounts.CLASSES + " and " + MalformedReason.count()
                    + ": written by a newer logmon, read it with that version");
        }
        if (sectionHistograms > SectionLatencies.CAPACITY) {
            throw new FrameCodecException("damaged frame: " + sectionHistograms + " section histograms, at most "
                    + SectionLatencies.CAPACITY);
        }
        into.clear(in.getLong(8, ORDER));
        if (into.sizes.getTotalCount() > 0) {
            into.sizes.reset(); // left by a decode that failed half-way (clear() trusts hits)
        }
        if (into.latency.getTotalCount() > 0) {
            into.latency.reset();
        }
        into.sectionLatencies.clear();
        into.spill = spill;
        position = 20;
        into.hits = count(end, "hits");
        into.bytes = count(end, "bytes");
        for (int i = 0; i < statuses; i++) {
            into.status[i] = count(end, "status");
        }
        for (int i = 0; i < reasons; i++) {
            into.malformed[i] = count(end, "malformed");
        }
        getTop(end, into.sections, "sections");
        getTop(end, into.hosts, "hosts");
        getHistogram(end, into.sizes, null, "sizes");
        getHistogram(end, into.latency, latencyForm(), "latency");
        final Histogram one = SectionLatencies.newHistogram();
        for (int k = 0; k < sectionHistograms; k++) {
            need(end, 8, "section histogram");
            final long hash = in.getLong(position, ORDER);
            position += 8;
            one.reset();
            getHistogram(end, one, null, "section latency");
            into.sectionLatencies.add(hash == 0 ? 1 : hash, one);
        }
        getHistogram(end, into.sectionLatencies.other(), null, "other sections' latency");
        if ((data[offset + 3] & 0xff) >= VERSION_VISITORS) {
            getVisitors(end, into.visitors);
            getSources(end, into.sources);
        }
        if (position != end) {
            throw new FrameCodecException("damaged frame: " + (end - position) + " bytes after its last field");
        }
    }

    /** Decodes a whole array holding one frame. */
    public void decode(final byte[] data, final Frame into) throws FrameCodecException {
        decode(data, 0, data.length, into);
    }

    private void need(final int end, final int bytes, final String what) throws FrameCodecException {
        if (bytes < 0 || position > end - bytes) {
            throw new FrameCodecException("damaged frame: " + what + " at offset " + position + " runs past its end ("
                    + end + ")");
        }
    }

    private long count(final int end, final String what) throws FrameCodecException {
        need(end, 8, what);
        final long v = in.getLong(position, ORDER);
        position += 8;
        if (v < 0) {
            throw new FrameCodecException("damaged frame: negative " + what + " count " + v);
        }
        return v;
    }

    private void getTop(final int end, final TopCounter into, final String what) throws FrameCodecException {
        need(end, TOP_HEAD, what);
        final int n = in.getInt(position, ORDER);
        position += 4;
        if (n < 0 || (long) n * TOP_ENTRY_MIN > end - position) {
            throw new FrameCodecException("damaged frame: " + n + " " + what + " do not fit in its "
                    + (end - position) + " bytes left");
        }
        final long o0 = count(end, what);
        final long o1 = count(end, what);
        final long o2 = count(end, what);
        final long bound = count(end, what);
        for (int i = 0; i < n; i++) {
            need(end, 8, what);
            final long hash = in.getLong(position, ORDER);
            position += 8;
            final long c0 = count(end, what);
            final long c1 = count(end, what);
            final long c2 = count(end, what);
            if ((c0 | c1 | c2) == 0) {
                // logmon counts a key only with a hit (a section's hits, a host's hits): a key with
                // nothing would leave no trace if a merge purged it, and the running sums of the
                // window views rely on that trace (combine.WindowSums.traced)
                throw new FrameCodecException("damaged frame: one of its " + what + " has all-zero counts");
            }
            need(end, 2, what);
            final int keyLength = in.getShort(position, ORDER) & 0xffff;
            position += 2;
            need(end, keyLength, what + " key");
            if (keyLength > keyScratch.length) {
                keyScratch = new byte[keyLength];
            }
            in.getBytes(position, keyScratch, 0, keyLength);
            position += keyLength;
            into.add(hash, keyScratch, 0, keyLength, c0, c1, c2);
        }
        into.addPurged(o0, o1, o2, bound);
    }

    private void getVisitors(final int end, final VisitorSketch into) throws FrameCodecException {
        need(end, 4, "visitors");
        final int n = in.getInt(position, ORDER);
        position += 4;
        if (n == 0) {
            return;
        }
        need(end, n, "visitors sketch");
        final byte[] image = new byte[n];
        in.getBytes(position, image);
        position += n;
        try {
            into.add(VisitorSketch.fromBytes(image));
        } catch (RuntimeException e) { // IllegalArgumentException from fromBytes; DataSketches' own from a union
            throw new FrameCodecException("damaged frame: unreadable visitors sketch (" + e.getMessage() + ")");
        }
    }

    private void getSources(final int end, final SourceCounters into) throws FrameCodecException {
        need(end, 4, "sources");
        final int n = in.getInt(position, ORDER);
        position += 4;
        if (n < 0 || (long) n * SOURCE_ROW > end - position) {
            throw new FrameCodecException("damaged frame: " + n + " source rows do not fit in its " + (end - position)
                    + " bytes left");
        }
        for (int i = 0; i < n; i++) {
            final int row = in.getShort(position, ORDER) & 0xffff;
            position += 2;
            if (row >= SourceCounters.ROWS) {
                throw new FrameCodecException("damaged frame: source row " + row + ", at most " + SourceCounters.OTHER);
            }
            into.add(row, count(end, "source hits"), count(end, "source bytes"), count(end, "source 4xx"),
                    count(end, "source 5xx"));
        }
    }

    /**
     * @param form null, or the fixed range a histogram growing {@code into} must fit (as it did when
     *     {@code into} had that range): a value beyond it damages the frame
     */
    private void getHistogram(final int end, final Histogram into, final Histogram form, final String what)
            throws FrameCodecException {
        need(end, 4, what);
        final int n = in.getInt(position, ORDER);
        position += 4;
        if (n == 0) {
            return;
        }
        need(end, n, what + " histogram");
        try {
            final Histogram decoded = decompress(ByteBuffer.wrap(in.byteArray(), in.wrapAdjustment() + position, n));
            if (form != null && into.isAutoResize()) {
                form.reset();
                form.add(decoded);
                Frame.widen(into, form.getHighestTrackableValue());
            }
            into.add(decoded);
        } catch (DataFormatException | RuntimeException e) {
            throw new FrameCodecException("damaged frame: unreadable " + what + " histogram ("
                    + e.getClass().getSimpleName() + ")");
        }
        position += n;
    }

    /**
     * A frame's {@link Frame#latency} in HdrHistogram's compressed form, in its fixed-range form as
     * frames carry it (empty array for an empty one).
     */
    public static byte[] compressLatency(final Histogram latency) {
        return latency.getTotalCount() == 0 ? new byte[0] : compress(inForm(latency, Frame.latencyForm()));
    }

    /** A histogram in HdrHistogram's compressed form, the form frames carry (empty array for an empty one). */
    public static byte[] compress(final Histogram h) {
        if (h.getTotalCount() == 0) {
            return new byte[0];
        }
        final ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        final int n = h.encodeIntoCompressedByteBuffer(buffer);
        return java.util.Arrays.copyOf(buffer.array(), n);
    }

    /** A histogram back from its compressed form. */
    public static Histogram decompress(final ByteBuffer compressed) throws DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(compressed, 0);
    }
}
