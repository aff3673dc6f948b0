package dev.logmon.fleet.lines;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.logmon.core.TestLines;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.source.LinePublisher;
import dev.logmon.core.time.TimeMode;
import dev.logmon.fleet.KafkaConnection;
import dev.logmon.fleet.KafkaTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The consumer is closed exactly once, whichever comes first: its thread's end or the final tick. */
class KafkaLineSourceCloseTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldLeaveTheGroupWhenTheConsumerThreadEndsAfterTheFinalTick(@TempDir final Path dir) throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir)) {
            final KafkaLinesHarness kafka = new KafkaLinesHarness(cluster);
            final String topic = "late-end";
            final String group = "g-late-end";
            kafka.createTopic(topic, 1);
            final List<String> lines = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                lines.add(TestLines.line("10.8.0." + i % 250, T0, "/x", 200, i));
            }
            kafka.produce(topic, KafkaLinesHarness.bytes(lines), 1);

            // a ring nobody drains: the consumer thread blocks in it (a full ring neither wakeup()
            // nor an interrupt ends), so it outlives the stop and the final tick comes first
            final RingBuffer<LogEvent> ring = RingBuffer.createMultiProducer(LogEvent::new, 64);
            final Sequence drained = new Sequence();
            ring.addGatingSequences(drained);
            final LinePublisher publisher = new LinePublisher(0, ring, new AccessLogParser(LogFormat.COMBINED),
                    TimeMode.ARRIVAL, null, () -> System.currentTimeMillis());
            final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
            final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);
            // a long session: a member that is never closed stays in the group for the whole test
            final KafkaConnection connection = new KafkaConnection(cluster.bootstrapServers(),
                    Map.of("session.timeout.ms", "60000", "heartbeat.interval.ms", "500"));
            final KafkaLineSource source = new KafkaLineSource(0, "kafka:" + topic, topic, group, null, connection,
                    publisher, 1000, false, null, notices);
            final Thread t = new Thread(source, "test-kafka-source");
            t.setDaemon(true);
            t.start();
            assertThat(KafkaLinesHarness.await(60_000, () -> ring.getCursor() >= 63)).as("the ring fills").isTrue();
            assertThat(KafkaLinesHarness.await(30_000, () -> members(kafka, group) == 1)).isTrue();

            source.stop();
            source.onTickMerged(T0, true, null); // the final tick, as the combiner's thread gives it
            assertThat(t.isAlive()).isTrue();
            assertThat(noticeBytes.toString(StandardCharsets.UTF_8)).contains("did not stop in time");

            // the ring drains: the thread ends, and then it closes the consumer itself
            assertThat(KafkaLinesHarness.await(60_000, () -> {
                drained.set(ring.getCursor());
                return !t.isAlive();
            })).isTrue();
            assertThat(KafkaLinesHarness.await(10_000, () -> members(kafka, group) == 0))
                    .as("the member left the group (closed), not after its 60 s session; "
                            + noticeBytes.toString(StandardCharsets.UTF_8)).isTrue();
        }
    }

    private static int members(final KafkaLinesHarness kafka, final String group) {
        try {
            return kafka.admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                    .get(group).members().size();
        } catch (Exception e) {
            return -1;
        }
    }
}
