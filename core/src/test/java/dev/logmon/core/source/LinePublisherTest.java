package dev.logmon.core.source;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.logmon.core.TestLines;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LineFormat;
import dev.logmon.core.format.LineParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.time.LogWatermark;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinePublisherTest {

    /** A parser with a bug on lines that start with "boom". */
    private static final class FaultyParser implements LineParser {
        private final AccessLogParser real = new AccessLogParser(LogFormat.COMBINED);

        @Override
        public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
            if (length >= 4 && buf[offset] == 'b' && buf[offset + 1] == 'o') {
                throw new IllegalStateException("parser bug");
            }
            return real.parse(buf, offset, length, out);
        }

        @Override
        public long lineSecond(final byte[] buf, final int offset, final int length) {
            return real.lineSecond(buf, offset, length);
        }
    }

    @Test
    void shouldPublishTheSlotOfALineWhoseParserThrewSoTheRingDoesNotStall() throws Exception {
        final RingBuffer<LogEvent> ring = RingBuffer.createMultiProducer(LogEvent::new, 8);
        final Sequence read = new Sequence();
        ring.addGatingSequences(read);
        final LinePublisher publisher = new LinePublisher(0, ring, new FaultyParser(), TimeMode.ARRIVAL, null,
                () -> TestLines.T0 * 1000);
        final byte[] good = TestLines.line("10.0.0.1", TestLines.T0, "/a", 200, 5).getBytes(StandardCharsets.US_ASCII);
        final byte[] bad = "boom".getBytes(StandardCharsets.US_ASCII);

        publisher.publishLine(good, 0, good.length);
        assertThatThrownBy(() -> publisher.publishLine(bad, 0, bad.length)).hasMessage("parser bug");
        publisher.publishLine(good, 0, good.length);
        publisher.flush();

        assertThat(ring.getCursor()).isEqualTo(2);
        assertThat(ring.isAvailable(0) && ring.isAvailable(1) && ring.isAvailable(2))
                .as("every claimed slot is published").isTrue();
        assertThat(ring.get(0).kind).isEqualTo(LogEvent.DATA);
        assertThat(ring.get(1).kind).isEqualTo(LogEvent.MALFORMED);
        assertThat(MalformedReason.ofOrdinal(ring.get(1).malformedReason)).isEqualTo(MalformedReason.BAD_FORMAT);
        assertThat(ring.get(2).kind).isEqualTo(LogEvent.DATA);
    }

    @Test
    void shouldHandLinesToTheShardsWithTheirOwnParserAndKeepLongAndTimelessLinesForTheSource() throws Exception {
        final RingBuffer<LogEvent> ring = RingBuffer.createSingleProducer(LogEvent::new, 128); // blocks of 32 per shard
        final Sequence read = new Sequence();
        ring.addGatingSequences(read);
        final LinePublisher publisher = new LinePublisher(0, ring, new AccessLogParser(LogFormat.COMBINED),
                TimeMode.ARRIVAL, null, () -> TestLines.T0 * 1000);
        publisher.parseOnShards(2);
        final String text = TestLines.line("10.0.0.7", TestLines.T0 - 50, "/a/b", 404, 12);
        final byte[] good = text.getBytes(StandardCharsets.US_ASCII);
        final byte[] tooLong = TestLines.line("10.0.0.8", TestLines.T0, "/" + "x".repeat(LogEvent.RAW_CAPACITY), 200, 1)
                .getBytes(StandardCharsets.US_ASCII);
        final byte[] timeless = "garbage".getBytes(StandardCharsets.US_ASCII);

        for (int i = 0; i < 64; i++) { // slots 0..31 go to shard 0, 32..63 to shard 1
            publisher.publishLine(good, 0, good.length);
        }
        publisher.publishLine(tooLong, 0, tooLong.length);
        publisher.publishLine(timeless, 0, timeless.length);
        publisher.flush();

        final LogEvent first = ring.get(0);
        assertThat(first.kind).isEqualTo(LogEvent.RAW);
        assertThat(new String(first.raw, 0, first.rawLength, StandardCharsets.US_ASCII)).isEqualTo(text);
        assertThat(first.rawSecond).as("arrival time: the second it was read in").isEqualTo(TestLines.T0);
        assertThat(first.rawParser).isNotNull().isSameAs(ring.get(31).rawParser).isNotSameAs(ring.get(32).rawParser);
        assertThat(ring.get(32).rawParser).isSameAs(ring.get(63).rawParser);
        assertThat(first.parseRaw()).isTrue();
        assertThat(first.kind).isEqualTo(LogEvent.DATA);
        assertThat(first.second).isEqualTo(TestLines.T0);
        assertThat(first.status).isEqualTo(404);
        assertThat(first.size).isEqualTo(12);
        assertThat(new String(first.host, 0, first.hostLength, StandardCharsets.US_ASCII)).isEqualTo("10.0.0.7");
        assertThat(ring.get(64).kind).as("longer than a slot's copy: parsed by the source").isEqualTo(LogEvent.DATA);
        assertThat(ring.get(65).kind).as("arrival time needs no time from the line").isEqualTo(LogEvent.RAW);
        assertThat(ring.get(65).parseRaw()).isFalse();
        assertThat(ring.get(65).kind).isEqualTo(LogEvent.MALFORMED);
        assertThat(publisher.linesHandedOver()).isEqualTo(65);
    }

    @Test
    void shouldReadTheTimeOfAHandedOverLineForTheWatermarkAndParseATimelessOneItselfInLogTime() throws Exception {
        final RingBuffer<LogEvent> ring = RingBuffer.createSingleProducer(LogEvent::new, 64);
        final Sequence read = new Sequence();
        ring.addGatingSequences(read);
        final java.util.List<Long> ticks = new java.util.ArrayList<>();
        final dev.logmon.core.time.LogWatermark watermark =
                new dev.logmon.core.time.LogWatermark(1, (second, last) -> ticks.add(second));
        final LinePublisher publisher = new LinePublisher(0, ring, new AccessLogParser(LogFormat.COMBINED),
                TimeMode.LOG, watermark, () -> System.currentTimeMillis());
        publisher.parseOnShards(2);
        final byte[] early = TestLines.line("10.0.0.1", TestLines.T0, "/a", 200, 1).getBytes(StandardCharsets.US_ASCII);
        final byte[] later = TestLines.line("10.0.0.1", TestLines.T0 + 5, "/a", 200, 1).getBytes(StandardCharsets.US_ASCII);
        final byte[] timeless = "garbage".getBytes(StandardCharsets.US_ASCII);

        publisher.publishLine(early, 0, early.length);
        publisher.publishLine(later, 0, later.length);
        publisher.publishLine(timeless, 0, timeless.length);
        publisher.flush();

        assertThat(ring.get(0).kind).isEqualTo(LogEvent.RAW);
        assertThat(ring.get(0).rawSecond).isEqualTo(TestLines.T0);
        assertThat(ring.get(1).rawSecond).isEqualTo(TestLines.T0 + 5);
        assertThat(ticks).as("log time moved by the lines handed over, before they were parsed")
                .isNotEmpty().last().isEqualTo(TestLines.T0 + 4);
        assertThat(ring.get(2).kind).as("no readable time: parsed by the source").isEqualTo(LogEvent.MALFORMED);
        assertThat(publisher.linesHandedOver()).isEqualTo(2);
    }
    @Test
    void shouldCountAnUnreadableRequestTimeOnceThoughTheSourceAlsoReadsTheLinesTime() throws Exception {
        // JSON has no cheap way to a line's time: lineSecond parses the whole line. With --since, or
        // with 2+ shards in log time, the source reads the time first and the line is then parsed
        // (by the source or by a shard's copy): its unreadable request time must count once.
        final String line = "{\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"request_time\":\"soon\","
                + "\"uri\":\"/a\"}";
        final byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        for (final boolean since : new boolean[] {false, true}) {
            for (final int shards : new int[] {1, 2}) {
                final String what = shards + " shards, --since " + since;
                final RingBuffer<LogEvent> ring = RingBuffer.createSingleProducer(LogEvent::new, 64);
                final Sequence read = new Sequence();
                ring.addGatingSequences(read);
                final LinePublisher publisher = new LinePublisher(0, ring,
                        LineFormat.parse("json", null).newParser(false), TimeMode.LOG,
                        new LogWatermark(1, (second, last) -> { }), () -> System.currentTimeMillis());
                publisher.parseOnShards(shards);
                if (since) {
                    publisher.restrictTo(0, Long.MAX_VALUE);
                }
                for (int i = 0; i < 10; i++) {
                    publisher.publishLine(bytes, 0, bytes.length);
                }
                publisher.flush();
                for (int i = 0; i < 10; i++) {
                    final LogEvent e = ring.get(i);
                    if (e.kind == LogEvent.RAW) {
                        assertThat(e.parseRaw()).as(what).isTrue();
                    }
                    assertThat(e.kind).as(what).isEqualTo(LogEvent.DATA);
                    assertThat(e.latencyMicros).as(what).isEqualTo(LogEvent.NO_LATENCY);
                }
                assertThat(publisher.unreadableLatencies()).as(what).isEqualTo(10);
            }
        }
    }
}
