package dev.logmon.core.source;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.logmon.core.TestLines;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LineParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.format.MalformedReason;
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
}
