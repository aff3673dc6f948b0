package dev.logmon.core.history;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.StatusCounts;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The history store: one append-only file per UTC day under a directory, holding one
 * length-prefixed, checksummed record per minute (or more: records of one minute add).
 *
 * <pre>
 *   DIR/2026-11-28.lmh            day of the records' minutes (UTC)
 *
 *   file    +------+--------+--------+-----+
 *           | LMH1 | record | record | ... |        4-byte magic, then records back to back
 *           +------+--------+--------+-----+
 *
 *   record  +------+--------+-------+-------------------+
 *           | LMR# | length | crc32 | payload           |   sync marker, payload length (u32),
 *           +------+--------+-------+-------------------+   CRC-32 of the payload (u32); big endian
 *             4 B     4 B      4 B    length B
 *
 *   payload a {@link dev.logmon.core.analyze.FrameCodec} frame of the minute (its second is the minute; top lists of at
 *           most MinuteRecord.TOP keys, their error bound the record's topErrorBound; {@link MinuteRecordCodec})
 *
 *   payload of earlier releases (format 1, first byte 1), still read:
 *           version u8 = 1
 *           minute i64 (epoch second, multiple of 60), hits i64, bytes i64
 *           n u8, status[n] i64            1xx 2xx 3xx 4xx 5xx other
 *           n u8, malformed[n] i64         by MalformedReason ordinal
 *           topErrorBound i64
 *           n u16, n x (key u16+UTF-8, hits i64, 4xx i64, 5xx i64)     top sections
 *           n u16, n x (key u16+UTF-8, bytes i64, hits i64)            top hosts
 *           n i32, n bytes                 response sizes, HdrHistogram compressed (0: none)
 *           n i32, n bytes                 request times (us), HdrHistogram compressed (0: none)
 * </pre>
 *
 * A torn write (a crash mid-record) or a flipped byte fails the length or the checksum; the
 * {@link HistoryReader} reports it with the file and offset and resynchronises on the next sync
 * marker that starts a valid record. A writer that restarts appends to the same day file; before
 * its first append it cuts a torn tail back to the end of the last valid record (reported), and
 * moves a file without the magic aside to {@code NAME.bad-MILLIS} (reported), so new records never
 * land behind garbage. Not thread-safe: one writer thread owns a store.
 */
public final class HistoryStore implements AutoCloseable {
    /** File magic: {@code LMH1}. */
    static final int FILE_MAGIC = 0x4C4D4831;
    /** Record sync marker: {@code LMR#}. */
    static final int RECORD_MAGIC = 0x4C4D5223;
    /** Bytes before a record's payload. */
    static final int RECORD_HEADER = 12;
    /** Largest payload accepted (a record is a few KB). */
    static final int MAX_PAYLOAD = 4 << 20;
    /** First byte of a payload written before the frame codec. */
    private static final int VERSION_1 = 1;
    /** Malformed reasons a version-1 record holds ({@link MalformedReason#COMMENT} was the last). */
    private static final int VERSION_1_REASONS = 11;
    private static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.lmh");
    private static final String SUFFIX = ".lmh";

    private final Path dir;
    private final java.util.function.Consumer<String> notices;
    private final MinuteRecordCodec codec = new MinuteRecordCodec();
    private FileChannel channel;
    private LocalDate channelDay;

    /** @param dir the store's directory (created on the first append); repairs are not reported */
    public HistoryStore(final Path dir) {
        this(dir, problem -> { });
    }

    /**
     * @param dir     the store's directory (created on the first append)
     * @param notices told of each repair made before appending (a torn tail cut, a bad file moved aside)
     */
    public HistoryStore(final Path dir, final java.util.function.Consumer<String> notices) {
        this.dir = dir;
        this.notices = notices;
    }

    /** The store's directory. */
    public Path dir() {
        return dir;
    }

    /** The UTC day of an epoch second. */
    public static LocalDate dayOf(final long second) {
        return LocalDate.ofEpochDay(Math.floorDiv(second, 86_400L));
    }

    /** The file of a day: {@code DIR/YYYY-MM-DD.lmh}. */
    public static Path fileOf(final Path dir, final LocalDate day) {
        return dir.resolve(day + SUFFIX);
    }

    /** The day a file name stands for, or null when it is not a day file's name. */
    static LocalDate dayOfFile(final Path file) {
        final String name = file.getFileName().toString();
        if (!DAY_FILE.matcher(name).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(name.substring(0, name.length() - SUFFIX.length()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Every entry of the directory, sorted by name; empty when it does not exist. */
    static List<Path> entries(final Path dir) throws IOException {
        final List<Path> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (final Path p : stream) {
                all.add(p);
            }
        }
        all.sort(null);
        return all;
    }

    /**
     * Appends a record to the file of its minute's day, creating the directory and the file when
     * needed, and writes it through to the file (not forced to the disk: {@link #sync()} does).
     * Whole or not at all: a header or a record that cannot be written whole (disk full) is cut
     * off again and the write refused with the exception, so a later record never lands behind a
     * partial one or in a file without its header; the next append reopens the file and checks it.
     */
    public void append(final MinuteRecord record) throws IOException {
        final LocalDate day = dayOf(record.minute());
        if (channel == null || !day.equals(channelDay)) {
            closeChannel();
            Files.createDirectories(dir);
            final Path file = fileOf(dir, day);
            repair(file);
            final FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            try {
                if (ch.size() == 0) {
                    writeWhole(ch, ByteBuffer.allocate(4).putInt(FILE_MAGIC).flip(), 0);
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                throw e;
            }
            channel = ch;
            channelDay = day;
        }
        final byte[] payload = codec.encode(record);
        final CRC32 crc = new CRC32();
        crc.update(payload);
        final ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + payload.length);
        b.putInt(RECORD_MAGIC).putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        try {
            writeWhole(channel, b, channel.size());
        } catch (IOException | RuntimeException e) {
            final FileChannel ch = channel;
            channel = null; // reopened (and checked) by the next append
            channelDay = null;
            closeQuietly(ch);
            throw e;
        }
    }

    /** Writes all of {@code b} at the end of the file, or cuts the file back to {@code size} and throws. */
    private static void writeWhole(final FileChannel ch, final ByteBuffer b, final long size) throws IOException {
        try {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException | RuntimeException e) {
            try {
                ch.truncate(size); // a torn header or record: take it back (truncating needs no free space)
            } catch (IOException | RuntimeException cut) {
                e.addSuppressed(cut); // left for repair() at the next open, or the reader's resync
            }
            throw e;
        }
    }

    private static void closeQuietly(final FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // already failing; the write's own exception is the one reported
        }
    }

    /**
     * Makes an existing day file safe to append to: a header cut short is dropped (the file held
     * nothing else), a file without the header keeps its valid records behind a new header, a
     * file with nothing of ours is moved aside, a tail after the last valid record (a write cut
     * short) is cut off.
     */
    private void repair(final Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        final boolean huge = Files.size(file) > HistoryReader.MAX_FILE_BYTES;
        final byte[] data = huge ? new byte[0] : Files.readAllBytes(file);
        if (!huge && data.length < 4 && isMagicPrefix(data)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
                ch.force(false);
            }
            notices.accept(file + ": a header cut short (" + data.length + " bytes, nothing else); written again");
            return;
        }
        if (!huge && (data.length < 4 || ByteBuffer.wrap(data).getInt(0) != FILE_MAGIC)) {
            final int first = HistoryReader.nextValidRecord(ByteBuffer.wrap(data), 0);
            if (first >= 0) {
                final int end = HistoryReader.endOfValidRecords(data, first);
                final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    writeWhole(ch, ByteBuffer.allocate(4).putInt(FILE_MAGIC).flip(), 0);
                    writeWhole(ch, ByteBuffer.wrap(data, first, end - first), 4);
                    ch.force(false);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(tmp);
                    throw e;
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                notices.accept(file + " had no history header; its valid records (" + (end - first)
                        + " bytes from offset " + first + ") kept behind a new one");
                return;
            }
        }
        if (huge || data.length < 4 || ByteBuffer.wrap(data).getInt(0) != FILE_MAGIC) {
            final Path aside = file.resolveSibling(file.getFileName() + ".bad-" + System.currentTimeMillis());
            Files.move(file, aside);
            notices.accept(file + " is not a history file; moved aside to " + aside.getFileName()
                    + ", starting a new one");
            return;
        }
        final int end = HistoryReader.endOfValidRecords(data, 4);
        if (end < data.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(false);
            }
            notices.accept(file + ": cut " + (data.length - end) + " bytes after the last valid record (offset "
                    + end + "), a write cut short");
        }
    }

    /** True for 0..3 bytes that begin the file magic. */
    private static boolean isMagicPrefix(final byte[] data) {
        final byte[] magic = ByteBuffer.allocate(4).putInt(FILE_MAGIC).array();
        for (int i = 0; i < data.length; i++) {
            if (data[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Forces what was appended to the disk. */
    public void sync() throws IOException {
        if (channel != null) {
            channel.force(false);
        }
    }

    /**
     * Deletes the day files whose whole day ends at or before {@code cutoffSecond} (so every minute
     * in them is older than the cutoff). Files that are not day files are left alone.
     *
     * @return the files deleted
     */
    public List<Path> deleteOlderThan(final long cutoffSecond) throws IOException {
        final List<Path> deleted = new ArrayList<>();
        for (final Path p : entries(dir)) {
            final LocalDate day = dayOfFile(p);
            if (day != null && day.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) <= cutoffSecond) {
                if (day.equals(channelDay)) {
                    closeChannel();
                }
                Files.deleteIfExists(p);
                deleted.add(p);
            }
        }
        return deleted;
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            try {
                channel.force(false);
            } finally {
                channel.close();
                channel = null;
                channelDay = null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }

    /** The payload of a record (see the class comment). */
    static byte[] encode(final MinuteRecord r) {
        return new MinuteRecordCodec().encode(r);
    }

    /**
     * Reads a payload back.
     *
     * @throws IOException when it is not a payload this version reads (checksum right, content wrong)
     */
    static MinuteRecord decode(final byte[] payload) throws IOException {
        return decode(payload, new MinuteRecordCodec());
    }

    /** Reads a payload back with a reader's codec: a frame, or a record of an earlier release. */
    static MinuteRecord decode(final byte[] payload, final MinuteRecordCodec codec) throws IOException {
        return payload.length > 0 && payload[0] == VERSION_1 ? decodeVersion1(payload) : codec.decode(payload);
    }

    /** A payload written before the frame codec (see the class comment). */
    private static MinuteRecord decodeVersion1(final byte[] payload) throws IOException {
        final DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        final int version = in.readUnsignedByte();
        if (version != VERSION_1) {
            throw new IOException("unknown record version " + version);
        }
        final long minute = in.readLong();
        final long hits = in.readLong();
        final long bytes = in.readLong();
        final long[] status = readLongs(in, StatusCounts.CLASSES);
        // version 1 was written when there were 11 reasons (reasons are only appended since)
        final long[] malformed = java.util.Arrays.copyOf(readLongs(in, VERSION_1_REASONS), MalformedReason.count());
        final long bound = in.readLong();
        final int nSections = in.readUnsignedShort();
        final List<SectionCount> sections = new ArrayList<>(nSections);
        for (int i = 0; i < nSections; i++) {
            sections.add(new SectionCount(readKey(in), in.readLong(), in.readLong(), in.readLong()));
        }
        final int nHosts = in.readUnsignedShort();
        final List<HostCount> hosts = new ArrayList<>(nHosts);
        for (int i = 0; i < nHosts; i++) {
            hosts.add(new HostCount(readKey(in), in.readLong(), in.readLong()));
        }
        final byte[] sizes = readBlob(in);
        final byte[] latency = readBlob(in);
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after the record's end");
        }
        return new MinuteRecord(minute, hits, bytes, status, malformed, sections, hosts, bound, sizes, latency);
    }

    /** Reads n values into an array of {@code length}; extra values (a newer writer) are summed into the last. */
    private static long[] readLongs(final DataInputStream in, final int length) throws IOException {
        final int n = in.readUnsignedByte();
        final long[] values = new long[length];
        for (int i = 0; i < n; i++) {
            final long v = in.readLong();
            values[Math.min(i, length - 1)] += v;
        }
        return values;
    }

    private static String readKey(final DataInputStream in) throws IOException {
        final byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] readBlob(final DataInputStream in) throws IOException {
        final int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad histogram length " + n);
        }
        final byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
