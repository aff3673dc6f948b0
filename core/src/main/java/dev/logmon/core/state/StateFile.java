package dev.logmon.core.state;

import org.HdrHistogram.Histogram;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.analyze.FrameCodecException;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.format.FieldValues;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.source.SavedPosition;
import dev.logmon.core.text.TextSafety;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;

/**
 * The saved state of {@code --state-dir}: each followed file's position and the lifetime totals
 * counted up to those positions, in one file {@code logmon.state}, so the two always agree.
 *
 * <pre>
 *   logmon-state 2
 *   position &lt;path b64&gt; &lt;fileKey b64&gt; &lt;offset&gt; &lt;head b64&gt; &lt;marker b64&gt;   one per followed file
 *   totals &lt;hits&gt; &lt;bytes&gt; &lt;late&gt; &lt;future&gt; &lt;seconds&gt;
 *   lifetime &lt;the lifetime frame in the {@link FrameCodec} form, b64&gt;   every counter, top lists, histograms
 *   crc &lt;crc32 of every byte before this line, hex&gt;
 * </pre>
 *
 * A file of format 1 (written before the frame codec: the lifetime's counters as text lines
 * {@code status}, {@code malformed}, {@code sizes}, {@code latency}, {@code section}, {@code host},
 * {@code purged}) is still read; the next save writes format 2. A format this logmon does not
 * know is refused with a message naming it (the run then starts afresh, as for a damaged file).
 *
 * Written safely: a temporary file in the same directory, {@link FileChannel#force} on it, an
 * atomic rename over the old state, then a sync of the directory. A crash at any point leaves the
 * old state or the new one, never a mix; a leftover temporary file is ignored (and removed at the
 * next load). Text, so an operator can read the positions and totals; the CRC tells a damaged file
 * from a good one.
 */
public final class StateFile {
    /** The file's name in the state directory. */
    public static final String NAME = "logmon.state";
    private static final String MAGIC = "logmon-state 2";
    private static final String MAGIC_1 = "logmon-state 1";
    private static final String MAGIC_ANY = "logmon-state ";
    private static final java.util.Set<String> VERSION_1_LINES = java.util.Set.of("status", "malformed", "sizes",
            "latency", "section", "host", "purged");
    private static final String TMP_PREFIX = NAME + ".";
    private static final String TMP_SUFFIX = ".tmp";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private StateFile() {
    }

    /** A damaged or unreadable state file; the message says what is wrong in one line. */
    public static final class CorruptStateException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptStateException(final String message) {
            super(message);
        }
    }

    /**
     * What a state file holds.
     *
     * @param positions per followed file
     * @param lifetime  the lifetime frame (its second is meaningless)
     * @param late      lifetime hits that arrived after their second was closed
     * @param future    lifetime hits stamped too far ahead
     * @param seconds   active seconds of the lifetime so far
     */
    public record Saved(List<SavedPosition> positions, Frame lifetime, long late, long future, long seconds) {
        /** The position saved for a path (absolute), or null. */
        public SavedPosition positionOf(final String absolutePath) {
            for (final SavedPosition p : positions) {
                if (p.path().equals(absolutePath)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** The state file in a directory. */
    public static Path in(final Path dir) {
        return dir.resolve(NAME);
    }

    /** Writes the state atomically (temp, force, rename, directory sync). */
    public static void write(final Path dir, final List<SavedPosition> positions, final Frame lifetime,
                             final long late, final long future, final long seconds) throws IOException {
        final byte[] bytes = encode(positions, lifetime, late, future, seconds);
        Files.createDirectories(dir);
        final Path tmp = Files.createTempFile(dir, TMP_PREFIX, TMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                final ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, in(dir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself survives a power loss
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform or file system can sync a directory; the rename is still atomic
        }
    }

    /**
     * Reads the state of a directory; null when there is none. Removes temporary files a crash
     * left behind.
     *
     * @param topCapacity capacity of the lifetime frame to fill
     */
    public static Saved read(final Path dir, final int topCapacity) throws IOException, CorruptStateException {
        removeLeftovers(dir);
        final Path file = in(dir);
        final BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            throw new CorruptStateException("not a regular file (" + (attributes.isDirectory() ? "a directory"
                    : "a device, FIFO or socket") + "), not read");
        }
        final long limit = maxBytes(topCapacity);
        if (attributes.size() > limit) {
            throw new CorruptStateException(attributes.size() + " bytes, more than the " + limit
                    + " a state file of --top-capacity " + topCapacity + " can hold; not read");
        }
        return decode(readAtMost(file, limit), topCapacity);
    }

    /**
     * The largest state file read: 64 MiB plus 1 KiB per top-counter entry (a section or host
     * line is under 500 bytes; the file of the default capacity is a few MB). A state saved with a
     * much larger {@code --top-capacity} than the current one may exceed it and is then not read.
     * Never more than 1 GiB.
     */
    static long maxBytes(final int topCapacity) {
        return Math.min(1L << 30, (64L << 20) + 1_024L * Math.max(0, topCapacity));
    }

    /** The file's bytes, refused when it grows past {@code limit} while being read. */
    private static byte[] readAtMost(final Path file, final long limit) throws IOException, CorruptStateException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = ch.size();
            if (size > limit) {
                throw new CorruptStateException(size + " bytes, more than the " + limit + " a state file can hold; not read");
            }
            final byte[] data = new byte[(int) size];
            final ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until the end, or the size seen
            }
            if (ch.read(ByteBuffer.allocate(1)) > 0) {
                throw new CorruptStateException("grew while being read; not read"); // a file still growing is not a state file
            }
            return buf.hasRemaining() ? java.util.Arrays.copyOf(data, buf.position()) : data; // copied only if it shrank
        }
    }

    private static void removeLeftovers(final Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(dir, TMP_PREFIX + "*" + TMP_SUFFIX)) {
            for (final Path t : tmps) {
                Files.deleteIfExists(t);
            }
        } catch (IOException e) {
            // harmless: they are never read
        }
    }

    /**
     * {@code h}, after checking it fits the fixed range of {@code form} (the frame's histograms grow,
     * so the range is checked here as adding into the fixed-range histograms once did).
     *
     * @throws ArrayIndexOutOfBoundsException when a value lies beyond the range
     */
    private static Histogram inRange(final Histogram form, final Histogram h) {
        form.add(h);
        return h;
    }

    /** The lifetime's latency, widened to its whole range before saved counts go in (so it merges directly). */
    private static Histogram latencyOf(final Frame lifetime) {
        Frame.widen(lifetime.latency, FieldValues.MAX_LATENCY_MICROS);
        return lifetime.latency;
    }

    static byte[] encode(final List<SavedPosition> positions, final Frame lifetime, final long late,
                         final long future, final long seconds) {
        final StringBuilder b = new StringBuilder(4096);
        b.append(MAGIC).append('\n');
        for (final SavedPosition p : positions) {
            b.append("position ").append(b64(p.path().getBytes(StandardCharsets.UTF_8))).append(' ')
                    .append(b64(p.fileKey().getBytes(StandardCharsets.UTF_8))).append(' ').append(p.offset())
                    .append(' ').append(b64(p.head())).append(' ').append(b64(p.marker())).append('\n');
        }
        b.append("totals ").append(lifetime.hits).append(' ').append(lifetime.bytes).append(' ').append(late)
                .append(' ').append(future).append(' ').append(seconds).append('\n');
        b.append("lifetime ").append(b64(new FrameCodec().encodeToArray(lifetime))).append('\n');
        final byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        final CRC32 crc = new CRC32();
        crc.update(body);
        final byte[] tail = ("crc " + Long.toHexString(crc.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
        final byte[] all = new byte[body.length + tail.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(tail, 0, all, body.length, tail.length);
        return all;
    }

    static Saved decode(final byte[] bytes, final int topCapacity) throws CorruptStateException {
        final String text = new String(bytes, StandardCharsets.UTF_8);
        final int crcAt = text.lastIndexOf("crc ");
        final String magic = text.startsWith(MAGIC_1 + "\n") ? MAGIC_1 : MAGIC;
        if (text.startsWith(MAGIC_ANY) && !text.startsWith(MAGIC + "\n") && !text.startsWith(MAGIC_1 + "\n")) {
            final int eol = text.indexOf('\n');
            throw new CorruptStateException("state file format " + TextSafety.oneLine(text.substring(MAGIC_ANY.length(),
                    eol < 0 ? Math.min(text.length(), MAGIC_ANY.length() + 20) : Math.min(eol, MAGIC_ANY.length() + 20)))
                    + ", this logmon reads formats 1 and 2: written by a newer logmon, read it with that version");
        }
        if (!text.startsWith(magic + "\n") || crcAt < 0 || !text.endsWith("\n")) {
            throw new CorruptStateException("not a logmon state file, or cut short");
        }
        final CRC32 crc = new CRC32();
        crc.update(text.substring(0, crcAt).getBytes(StandardCharsets.UTF_8));
        if (!text.substring(crcAt + 4, text.length() - 1).equals(Long.toHexString(crc.getValue()))) {
            throw new CorruptStateException("checksum mismatch (damaged)");
        }
        final List<SavedPosition> positions = new ArrayList<>();
        final Frame lifetime = new Frame(topCapacity);
        final FrameCodec codec = new FrameCodec();
        long late = 0;
        long future = 0;
        long seconds = 0;
        boolean totals = false;
        boolean frame = false;
        long totalHits = -1;
        long totalBytes = -1;
        final boolean version1 = magic.equals(MAGIC_1);
        int lineNo = 1;
        try {
            for (final String line : text.substring(magic.length() + 1, crcAt).split("\n")) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                final String[] f = line.split(" ", -1);
                switch (version1 || !VERSION_1_LINES.contains(f[0]) ? f[0] : "") { // format 2 keeps these in its frame
                    case "position" -> positions.add(new SavedPosition(utf8(f[1]), utf8(f[2]), nonNegative(f[3]),
                            B64D.decode(f[4]), B64D.decode(f[5])));
                    case "totals" -> {
                        totalHits = nonNegative(f[1]);
                        totalBytes = nonNegative(f[2]);
                        if (version1) {
                            lifetime.hits = totalHits;
                            lifetime.bytes = totalBytes;
                        }
                        late = nonNegative(f[3]);
                        future = nonNegative(f[4]);
                        seconds = nonNegative(f[5]);
                        totals = true;
                    }
                    case "lifetime" -> {
                        if (!version1) {
                            codec.decode(B64D.decode(f[1]), lifetime);
                            frame = true;
                        }
                    }
                    case "status" -> {
                        for (int i = 0; i < lifetime.status.length; i++) {
                            lifetime.status[i] = nonNegative(f[i + 1]);
                        }
                    }
                    case "malformed" -> {
                        for (final MalformedReason r : MalformedReason.values()) {
                            if (r.jsonName().equals(f[1])) {
                                lifetime.malformed[r.ordinal()] = nonNegative(f[2]);
                            }
                        }
                    }
                    case "sizes" -> lifetime.sizes.add(Histogram.decodeFromCompressedByteBuffer(
                            ByteBuffer.wrap(B64D.decode(f[1])), 0));
                    case "latency" -> latencyOf(lifetime).add(inRange(Frame.latencyForm(),
                            Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(B64D.decode(f[1])), 0)));
                    case "section", "host" -> {
                        final byte[] key = B64D.decode(f[2]);
                        (f[0].equals("section") ? lifetime.sections : lifetime.hosts).add(Long.parseLong(f[1]), key, 0,
                                key.length, nonNegative(f[3]), nonNegative(f[4]), nonNegative(f[5]));
                    }
                    case "purged" -> (f[1].equals("section") ? lifetime.sections : lifetime.hosts).addPurged(
                            nonNegative(f[2]), nonNegative(f[3]), nonNegative(f[4]), nonNegative(f[5]));
                    default -> {
                        // a later version's line: ignored
                    }
                }
            }
        } catch (RuntimeException | DataFormatException e) {
            throw new CorruptStateException("bad line " + lineNo + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + TextSafety.oneLine(e.getMessage())));
        } catch (FrameCodecException e) {
            throw new CorruptStateException("bad lifetime line " + lineNo + ": " + e.getMessage());
        }
        if (!totals) {
            throw new CorruptStateException("no totals line");
        }
        if (!version1 && !frame) {
            throw new CorruptStateException("no lifetime line");
        }
        if (lifetime.hits != totalHits || lifetime.bytes != totalBytes) {
            throw new CorruptStateException("the totals line (" + totalHits + " hits, " + totalBytes
                    + " bytes) disagrees with the lifetime (" + lifetime.hits + ", " + lifetime.bytes + ")");
        }
        return new Saved(List.copyOf(positions), lifetime, late, future, seconds);
    }

    private static long nonNegative(final String s) {
        final long v = Long.parseLong(s);
        if (v < 0) {
            throw new IllegalArgumentException("negative count " + v);
        }
        return v;
    }

    private static String b64(final byte[] b) {
        return B64.encodeToString(b);
    }

    private static String utf8(final String b64) {
        return new String(B64D.decode(b64), StandardCharsets.UTF_8);
    }
}
