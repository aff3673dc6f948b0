package dev.logmon.core.history;

import dev.logmon.core.text.TextSafety;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Reads the records of a {@link HistoryStore} directory back, never failing on bad data: a file
 * that is not a history file, a torn last record or a corrupt stretch in the middle is reported
 * once (file and offset) and skipped; reading goes on at the next valid record or the next file.
 *
 * <pre>
 *   at offset p:  LMR# marker, length in 1..MAX, whole record in the file, CRC-32 matches
 *                   yes: decode it, p += 12 + length
 *                   no:  scan forward for the next offset where all of that holds
 *                        found: report "corrupt data at offset p (n bytes skipped)", go on there
 *                        none:  report "truncated record at offset p" (a torn write) or
 *                               "corrupt data from offset p to the end", next file
 * </pre>
 */
public final class HistoryReader {
    /** Larger files are not read: a day of minutes is a few MB even with records repeated. */
    static final long MAX_FILE_BYTES = 1L << 30;

    private final Path dir;
    private final Consumer<String> problems;
    private final MinuteRecordCodec codec = new MinuteRecordCodec();
    private long skipped;

    /**
     * @param dir      the store's directory
     * @param problems told one line per problem found (the CLI prints them on stderr)
     */
    public HistoryReader(final Path dir, final Consumer<String> problems) {
        this.dir = dir;
        this.problems = problems;
    }

    /** Problems reported so far (files, stretches and records skipped). */
    public long problemsReported() {
        return skipped;
    }

    /** Whether the store's directory exists. */
    public boolean exists() {
        return Files.isDirectory(dir);
    }

    /**
     * The records whose minute lies in {@code [fromSecond, untilSecond)}, by minute (records of one
     * minute in the order they were written). Only the day files that overlap the range are read.
     */
    public List<MinuteRecord> read(final long fromSecond, final long untilSecond) {
        final List<MinuteRecord> records = new ArrayList<>();
        forEach(fromSecond, untilSecond, records::add);
        return records;
    }

    /**
     * Gives the records whose minute lies in {@code [fromSecond, untilSecond)} to {@code each} in
     * minute order, one day file in memory at a time (a day file holds only its day's minutes).
     *
     * @return how many records were given
     */
    public long forEach(final long fromSecond, final long untilSecond, final Consumer<MinuteRecord> each) {
        final List<Path> entries;
        try {
            entries = HistoryStore.entries(dir);
        } catch (IOException e) {
            report(dir + ": cannot list the history directory: " + e.getMessage());
            return 0;
        }
        long given = 0;
        for (final Path p : entries) {
            final LocalDate day = HistoryStore.dayOfFile(p);
            if (day == null) {
                report(p + ": not a history file (names are YYYY-MM-DD.lmh), ignored");
                continue;
            }
            final long dayStart = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            if (dayStart >= untilSecond || dayStart + 86_400 <= fromSecond) {
                continue;
            }
            final List<MinuteRecord> inRange = new ArrayList<>();
            for (final MinuteRecord r : readFile(p)) {
                if (r.minute() >= fromSecond && r.minute() < untilSecond) {
                    inRange.add(r);
                }
            }
            inRange.sort(Comparator.comparingLong(MinuteRecord::minute));
            for (final MinuteRecord r : inRange) {
                each.accept(r);
            }
            given += inRange.size();
        }
        return given;
    }

    /** Every valid record of one file, in file order; problems reported. */
    public List<MinuteRecord> readFile(final Path file) {
        final List<MinuteRecord> records = new ArrayList<>();
        final byte[] data;
        try {
            final long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                report(file + ": " + size + " bytes, far more than a day of minutes; not a history file, skipped");
                return records;
            }
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            report(file + ": cannot read: " + e.getMessage() + "; skipped");
            return records;
        }
        if (data.length == 0) {
            // created, then the run stopped before its first minute was written: nothing is lost
            report(file + ": empty (no minute was written to it), skipped");
            return records;
        }
        final ByteBuffer b = ByteBuffer.wrap(data);
        int p = 4;
        if (data.length < 4 || b.getInt(0) != HistoryStore.FILE_MAGIC) {
            p = nextValidRecord(b, 0);
            if (p < 0) {
                report(file + ": not a logmon history file (bad header), skipped");
                return records;
            }
            report(file + ": no history header (a write cut short?); " + p
                    + " bytes skipped, reading the valid records after them");
        }
        while (p < data.length) {
            final int length = validRecordAt(b, p);
            if (length < 0) {
                final int next = nextValidRecord(b, p + 1);
                if (next >= 0) {
                    report(file + ": corrupt data at offset " + p + " (" + (next - p)
                            + " bytes skipped to the next valid record)");
                    p = next;
                    continue;
                }
                report(file + (looksTorn(b, p) ? ": truncated record at offset " + p + " (a write cut short), skipped"
                        : ": corrupt data from offset " + p + " to the end (" + (data.length - p)
                                + " bytes), skipped"));
                break;
            }
            final byte[] payload = new byte[length];
            b.get(p + HistoryStore.RECORD_HEADER, payload);
            try {
                records.add(HistoryStore.decode(payload, codec));
            } catch (IOException | RuntimeException e) {
                report(file + ": unreadable record at offset " + p + " (" + e.getMessage() + "), skipped");
            }
            p += HistoryStore.RECORD_HEADER + length;
        }
        return records;
    }

    /**
     * Where the last valid record at or after {@code from} ends ({@code from} when there is none);
     * everything after it is a torn or corrupt tail. {@code from} is 4 after a checked magic.
     */
    static int endOfValidRecords(final byte[] data, final int from) {
        final ByteBuffer b = ByteBuffer.wrap(data);
        int end = from;
        int p = from;
        while (p < data.length) {
            final int length = validRecordAt(b, p);
            if (length < 0) {
                p = nextValidRecord(b, p + 1);
                if (p < 0) {
                    break;
                }
                continue;
            }
            p += HistoryStore.RECORD_HEADER + length;
            end = p;
        }
        return end;
    }

    /** The payload length of a valid record at {@code p}, or -1. */
    private static int validRecordAt(final ByteBuffer b, final int p) {
        final int limit = b.capacity();
        if (p + HistoryStore.RECORD_HEADER > limit || b.getInt(p) != HistoryStore.RECORD_MAGIC) {
            return -1;
        }
        final int length = b.getInt(p + 4);
        if (length <= 0 || length > HistoryStore.MAX_PAYLOAD || length > limit - p - HistoryStore.RECORD_HEADER) {
            return -1;
        }
        final CRC32 crc = new CRC32();
        crc.update(b.array(), p + HistoryStore.RECORD_HEADER, length);
        return (int) crc.getValue() == b.getInt(p + 8) ? length : -1;
    }

    /** The offset of the first valid record at or after {@code from}, or -1. */
    static int nextValidRecord(final ByteBuffer b, final int from) {
        for (int q = from; q + HistoryStore.RECORD_HEADER <= b.capacity(); q++) {
            if (b.getInt(q) == HistoryStore.RECORD_MAGIC && validRecordAt(b, q) >= 0) {
                return q;
            }
        }
        return -1;
    }

    /** A record that starts well but runs past the end of the file: a write cut short. */
    private static boolean looksTorn(final ByteBuffer b, final int p) {
        final int left = b.capacity() - p;
        if (left < 4) {
            return true;
        }
        if (b.getInt(p) != HistoryStore.RECORD_MAGIC) {
            return false;
        }
        if (left < 8) {
            return true;
        }
        final int length = b.getInt(p + 4);
        return length > 0 && length <= HistoryStore.MAX_PAYLOAD && length > left - HistoryStore.RECORD_HEADER;
    }

    private void report(final String problem) {
        skipped++;
        problems.accept(TextSafety.oneLine(problem));
    }
}
