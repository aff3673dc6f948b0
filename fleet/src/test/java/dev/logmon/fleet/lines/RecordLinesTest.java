package dev.logmon.fleet.lines;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.logmon.core.TestLines;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.source.LinePublisher;
import dev.logmon.core.time.TimeMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record values onto a real ring, and what their lines tell {@link PartitionProgress}. */
class RecordLinesTest {
    private static final int MAX_LINE = 300;
    private final RingBuffer<LogEvent> ring = RingBuffer.createMultiProducer(LogEvent::new, 1 << 10);
    private final Sequence read = new Sequence();
    private final LinePublisher publisher;
    private final RecordLines records;

    RecordLinesTest() {
        ring.addGatingSequences(read);
        publisher = new LinePublisher(0, ring, new AccessLogParser(LogFormat.COMBINED), TimeMode.ARRIVAL, null,
                () -> T0 * 1000);
        records = new RecordLines(publisher, null, MAX_LINE);
    }

    /** Publishes one record's value and returns copies of the events it gave. */
    private List<LogEvent> publish(final String value, final long offset) throws InterruptedException {
        records.publish(value == null ? null : ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)), 0, 0, offset);
        publisher.flush();
        final List<LogEvent> out = new ArrayList<>();
        final long cursor = ring.getCursor();
        for (long s = read.get() + 1; s <= cursor; s++) {
            final LogEvent e = ring.get(s);
            final LogEvent copy = new LogEvent();
            copy.kind = e.kind;
            copy.malformedReason = e.malformedReason;
            copy.sourceId = e.sourceId;
            copy.generation = e.generation;
            copy.second = e.second;
            copy.lineStart = e.lineStart;
            copy.lineEnd = e.lineEnd;
            out.add(copy);
        }
        read.set(cursor);
        return out;
    }

    @Test
    void shouldNotLetATickBetweenTwoLinesOfOneRecordCommitTheRecord() throws Exception {
        final String one = TestLines.line("10.0.0.1", T0, "/a", 200, 1);
        final String two = TestLines.line("10.0.0.2", T0, "/b", 200, 1);
        final List<LogEvent> events = publish(one + "\n" + two + "\n", 7);
        assertThat(events).hasSize(2);
        assertThat(events).allMatch(e -> e.kind == LogEvent.DATA && e.lineStart == 7);

        // the arrival ticker's tick of T0 lands in the ring between the record's two lines: the
        // first line is counted, the second (also stamped T0, published after the tick) is not yet
        final PartitionProgress progress = new PartitionProgress(0);
        progress.onLine(events.get(0));
        progress.onTick(T0, false);
        assertThat(progress.counted().byPartition().get(0).offset())
                .as("offset 7 may be committed only once its last line is counted").isEqualTo(7);
        progress.onLine(events.get(1));
        progress.onTick(T0 + 1, false);
        assertThat(progress.counted().byPartition().get(0).offset()).isEqualTo(8);
    }

    @Test
    void shouldDropACrlfEndAndCountAnEmptyValueALongLineAndATombstone() throws Exception {
        final String line = TestLines.line("10.0.0.3", T0, "/c", 503, 1);
        final List<LogEvent> crlf = publish(line + "\r\n", 1);
        assertThat(crlf).singleElement().satisfies(e -> {
            assertThat(e.kind).isEqualTo(LogEvent.DATA);
            assertThat(e.lineEnd).isEqualTo(2);
        });
        assertThat(publish("", 2)).singleElement().satisfies(e -> assertThat(e.lineEnd).isEqualTo(3))
                .matches(e -> e.kind != LogEvent.DATA);
        assertThat(publish("x".repeat(MAX_LINE + 1), 3)).singleElement()
                .satisfies(e -> assertThat(MalformedReason.ofOrdinal(e.malformedReason)).isEqualTo(MalformedReason.TOO_LONG));
        assertThat(publish(null, 4)).singleElement()
                .satisfies(e -> assertThat(MalformedReason.ofOrdinal(e.malformedReason)).isEqualTo(MalformedReason.EMPTY));
    }
}
