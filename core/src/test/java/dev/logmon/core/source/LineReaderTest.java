package dev.logmon.core.source;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.logmon.core.TestLines;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** LineReader over an in-memory channel, its lines parsed onto a real ring that the test drains. */
class LineReaderTest {
    private static final int MAX_LINE = 300;

    /** What came out of the ring: the host of each hit, or "!" + reason for a malformed line. */
    private static final class Harness {
        final RingBuffer<LogEvent> ring = RingBuffer.createMultiProducer(LogEvent::new, 1 << 16);
        final Sequence read = new Sequence();
        final LinePublisher publisher;
        final LineReader reader;
        final List<String> seen = new ArrayList<>();

        Harness() {
            ring.addGatingSequences(read);
            publisher = new LinePublisher(0, ring, new AccessLogParser(LogFormat.COMBINED), TimeMode.ARRIVAL, null,
                    () -> T0 * 1000);
            reader = new LineReader(MAX_LINE, publisher);
        }

        void drain() {
            final long cursor = ring.getCursor();
            for (long s = read.get() + 1; s <= cursor; s++) {
                final LogEvent e = ring.get(s);
                seen.add(e.kind == LogEvent.DATA ? new String(e.host, 0, e.hostLength, StandardCharsets.ISO_8859_1)
                        : "!" + MalformedReason.ofOrdinal(e.malformedReason));
            }
            read.set(cursor);
        }

        void readAll(final ReadableByteChannel ch) throws Exception {
            while (reader.readFrom(ch) >= 0) {
                drain();
            }
            drain();
        }
    }

    /** Gives out the bytes in reads of the sizes {@code chunks} gives (each at least 1). */
    private static ReadableByteChannel channel(final byte[] bytes, final java.util.function.IntSupplier chunks) {
        return new ReadableByteChannel() {
            private int pos;

            @Override
            public int read(final ByteBuffer dst) {
                if (pos == bytes.length) {
                    return -1;
                }
                final int n = Math.min(Math.min(chunks.getAsInt(), dst.remaining()), bytes.length - pos);
                dst.put(bytes, pos, n);
                pos += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Gives out at most {@code chunk} bytes per read. */
    private static ReadableByteChannel channel(final byte[] bytes, final int chunk) {
        return channel(bytes, () -> chunk);
    }

    private static String hit(final String host) {
        return TestLines.line(host, T0, "/a/b", 200, 10);
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 2, 3, 7, 64, 65_536})
    void shouldStripCrlfAndALeadingBom(final int chunk) throws Exception {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        in.writeBytes(bytes(hit("h1") + "\r\n" + hit("h2") + "\r\n\r\n" + hit("h3") + "\n"));
        final Harness h = new Harness();
        h.readAll(channel(in.toByteArray(), chunk));
        assertThat(h.seen).containsExactly("h1", "h2", "!EMPTY", "h3");
        assertThat(h.reader.hasPartial()).isFalse();
        assertThat(h.publisher.linesPublished()).isEqualTo(4);
    }

    @Test
    void shouldHoldAPartialLastLineUntilFlush() throws Exception {
        final Harness h = new Harness();
        h.readAll(channel(bytes(hit("h1") + "\n" + hit("h2")), 1 << 16));
        assertThat(h.seen).containsExactly("h1");
        assertThat(h.reader.hasPartial()).isTrue();
        h.reader.flushPartial();
        h.drain();
        assertThat(h.seen).containsExactly("h1", "h2");
        assertThat(h.reader.hasPartial()).isFalse();
    }

    @Test
    void shouldCompleteAPartialLineWhenItsNewlineArrivesInALaterRead() throws Exception {
        final Harness h = new Harness();
        final String line = hit("h1");
        h.readAll(channel(bytes(line.substring(0, 20)), 1 << 16));
        assertThat(h.seen).isEmpty();
        h.readAll(channel(bytes(line.substring(20) + "\n"), 1 << 16));
        assertThat(h.seen).containsExactly("h1");
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 5, 301, 4_096, 65_536})
    void shouldSkipALineLongerThanTheMaximumAndParseTheLinesAroundIt(final int chunk) throws Exception {
        final String longLine = hit("hx") + "x".repeat(5_000);
        final String exact = hit("ok") + " ".repeat(MAX_LINE - hit("ok").length());
        final Harness h = new Harness();
        h.readAll(channel(bytes(hit("h1") + "\n" + longLine + "\n" + exact + "\n" + hit("h2") + "\n" + longLine), chunk));
        h.reader.flushPartial();
        h.drain();
        assertThat(h.seen).containsExactly("h1", "!TOO_LONG", "ok", "h2", "!TOO_LONG");
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 7, 301, 4_096, 65_536})
    void shouldReadTheLineAfterARunOfNulsLongerThanTheMaximum(final int chunk) throws Exception {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(new byte[5 * MAX_LINE]); // the hole a writer without O_APPEND leaves after a copytruncate
        in.writeBytes(bytes(hit("h1") + "\n" + hit("h2") + "\n"));
        final Harness h = new Harness();
        h.readAll(channel(in.toByteArray(), chunk));
        assertThat(h.seen).containsExactly("h1", "h2");
    }

    @Test
    void shouldGiveTheBytesOfTheLastReadAsTheyWereRead() throws Exception {
        final Harness h = new Harness();
        final byte[] first = bytes(hit("h1") + "\n");
        h.readAll(channel(first, 1 << 16));
        final byte[] head = new byte[64];
        assertThat(h.reader.copyLastRead(0, head, 0, 64)).isEqualTo(64);
        assertThat(head).isEqualTo(java.util.Arrays.copyOf(first, 64));
        assertThat(h.reader.copyLastRead(first.length, head, 0, 64)).as("past the read").isZero();
    }

    @Test
    void shouldSplitLinesAcrossBufferBoundariesWithoutLosingOrDuplicatingAny() throws Exception {
        final SplittableRandom rnd = new SplittableRandom(11);
        final StringBuilder sb = new StringBuilder();
        final List<String> expected = new ArrayList<>();
        int i = 0;
        while (sb.length() < 3 * (1 << 20) + 12_345) {
            if (rnd.nextInt(200) == 0) {
                sb.append("y".repeat(MAX_LINE + 1 + rnd.nextInt(3_000))).append('\n');
                expected.add("!TOO_LONG");
            } else if (rnd.nextInt(100) == 0) {
                sb.append("garbage\n");
                expected.add("!TRUNCATED");
            } else {
                final String host = "host" + i++;
                sb.append(hit(host)).append(rnd.nextBoolean() ? "\n" : "\r\n");
                expected.add(host);
            }
        }
        final byte[] all = bytes(sb.toString());
        for (final int chunk : new int[] {65_536, 100_003}) {
            final Harness h = new Harness();
            h.readAll(channel(all, chunk));
            h.reader.flushPartial();
            h.drain();
            assertThat(h.seen).as("chunk %d", chunk).hasSameSizeAs(expected);
            for (int k = 0; k < expected.size(); k++) {
                assertThat(h.seen.get(k)).as("line %d, chunk %d", k, chunk).isEqualTo(expected.get(k));
            }
            assertThat(h.reader.bytesRead()).isEqualTo(all.length);
        }
    }

    /**
     * The word-at-a-time newline search against a plain split: short lines (more newlines in one
     * read than the reader's batch), bytes next to '\n' in value (0x0B right after a newline is
     * where a borrow marks a false match, 0x09, 0x8A, 0xFF), every read size from 1 byte up, and
     * a last line without a newline. Each published slot's byte range must be exactly its line's.
     */
    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 3, 7, 8, 9, 15, 64, 4_099, 65_536})
    void shouldFindEveryNewlineWhateverTheBytesAroundItAndTheReadSizes(final int chunk) throws Exception {
        final SplittableRandom rnd = new SplittableRandom(chunk);
        final byte[] alphabet = {'a', ' ', '/', 0x0B, 0x09, (byte) 0x8A, (byte) 0xFF, 0x0D, 0x01};
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<long[]> expected = new ArrayList<>();
        while (out.size() < 150_000) {
            final int length = rnd.nextInt(10) == 0 ? rnd.nextInt(MAX_LINE) : rnd.nextInt(12);
            final long start = out.size();
            for (int k = 0; k < length; k++) {
                out.write(k == 0 && rnd.nextBoolean() ? 0x0B : alphabet[rnd.nextInt(alphabet.length)]);
            }
            out.write('\n');
            expected.add(new long[] {start, out.size()});
        }
        final long lastStart = out.size();
        out.write('a');
        out.write(0x0B);
        expected.add(new long[] {lastStart, out.size()}); // no newline: published at flushPartial
        final byte[] all = out.toByteArray();

        final List<long[]> ranges = readRanges(new Harness(), all, chunk);

        assertThat(ranges).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            assertThat(ranges.get(k)).as("line %d", k).containsExactly(expected.get(k));
        }
    }

    /**
     * A line too long to hold is counted once its end is known, and its slot covers it whole, so
     * a position saved after it is past it (a restart does not count it again).
     */
    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {7, 100, 4_096})
    void shouldGiveATooLongLineItsWholeByteRange(final int chunk) throws Exception {
        final String before = hit("a");
        final String longLine = "y".repeat(MAX_LINE * 5);
        final String after = hit("b");
        final byte[] all = bytes(before + "\n" + longLine + "\n" + after + "\n" + longLine);

        final Harness h = new Harness();
        final List<long[]> ranges = readRanges(h, all, chunk);

        final long longStart = before.length() + 1;
        final long afterStart = longStart + longLine.length() + 1;
        final long lastStart = afterStart + after.length() + 1;
        assertThat(ranges).hasSize(4);
        assertThat(ranges.get(1)).containsExactly(longStart, afterStart);
        assertThat(ranges.get(2)).containsExactly(afterStart, lastStart);
        assertThat(ranges.get(3)).as("cut by the end of input").containsExactly(lastStart, (long) all.length);
        assertThat(ring(h, 1).malformedReason).isEqualTo(MalformedReason.TOO_LONG.ordinal());
        assertThat(ring(h, 3).malformedReason).isEqualTo(MalformedReason.TOO_LONG.ordinal());
    }

    private static LogEvent ring(final Harness h, final long sequence) {
        return h.ring.get(sequence);
    }

    /** Reads all of {@code bytes}, {@code chunk} at a time, then ends the input: each slot's byte range. */
    private static List<long[]> readRanges(final Harness h, final byte[] bytes, final int chunk) throws Exception {
        return readRanges(h, channel(bytes, chunk));
    }

    /** Reads all of {@code ch}, then ends the input: each slot's byte range. */
    private static List<long[]> readRanges(final Harness h, final ReadableByteChannel ch) throws Exception {
        final List<long[]> ranges = new ArrayList<>();
        while (h.reader.readFrom(ch) >= 0) {
            collectRanges(h, ranges);
        }
        h.reader.flushPartial();
        collectRanges(h, ranges);
        return ranges;
    }

    private static void collectRanges(final Harness h, final List<long[]> ranges) {
        h.publisher.flush();
        final long cursor = h.ring.getCursor();
        for (long s = h.read.get() + 1; s <= cursor; s++) {
            final LogEvent e = h.ring.get(s);
            ranges.add(new long[] {e.lineStart, e.lineEnd});
            h.seen.add(e.kind == LogEvent.DATA ? new String(e.host, 0, e.hostLength, StandardCharsets.ISO_8859_1)
                    : "!" + MalformedReason.ofOrdinal(e.malformedReason));
        }
        h.read.set(cursor);
    }

    /**
     * The same input read in two reads split at every offset, and in seeded runs of small reads,
     * gives the same lines with the same byte ranges as one read: a byte-order mark, CRLF, an
     * empty line, a line longer than the maximum, words where a newline is followed by 0x0B (the
     * byte a borrow falsely flags), lines of 1 to 9 bytes (several newlines in one word), and a
     * last line without a newline.
     */
    @Test
    void shouldSplitTheSameLinesWhereverAReadEnds() throws Exception {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        in.writeBytes(bytes(hit("h1") + "\r\n" + hit("h2") + "\n\r\n" + "\u000b" + hit("h3") + "\n"));
        in.writeBytes(bytes("x\ny\n\n\u000bz\n" + "12345678\n123456789\n" + "y".repeat(MAX_LINE + 9) + "\n"));
        in.writeBytes(bytes(hit("h4") + "\r\n" + hit("h5")));
        final byte[] all = in.toByteArray();

        final Harness whole = new Harness();
        final List<long[]> expected = readRanges(whole, all, all.length);
        assertThat(whole.seen).containsExactly("h1", "h2", "!EMPTY", "!BAD_HOST", "!TRUNCATED", "!TRUNCATED",
                "!EMPTY", "!BAD_HOST", "!TRUNCATED", "!TRUNCATED", "!TOO_LONG", "h4", "h5");
        assertThat(expected.get(expected.size() - 1)[1]).isEqualTo(all.length);

        for (int split = 1; split < all.length; split++) {
            final int first = split;
            final int[] reads = {0};
            final Harness h = new Harness();
            final List<long[]> ranges = readRanges(h, channel(all, () -> reads[0]++ == 0 ? first : Integer.MAX_VALUE));
            assertThat(h.seen).as("split at %d", split).isEqualTo(whole.seen);
            for (int k = 0; k < expected.size(); k++) {
                assertThat(ranges.get(k)).as("line %d, split at %d", k, split).containsExactly(expected.get(k));
            }
        }
        for (long seed = 1; seed <= 200; seed++) {
            final SplittableRandom rnd = new SplittableRandom(seed);
            final Harness h = new Harness();
            final List<long[]> ranges = readRanges(h, channel(all, () -> 1 + rnd.nextInt(rnd.nextBoolean() ? 9 : 120)));
            assertThat(h.seen).as("seed %d", seed).isEqualTo(whole.seen);
            for (int k = 0; k < expected.size(); k++) {
                assertThat(ranges.get(k)).as("line %d, seed %d", k, seed).containsExactly(expected.get(k));
            }
        }
    }
}
