package dev.logmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import kafka.server.BrokerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka sink while the broker is away: frames wait in the bounded buffer and go out in order,
 * each once, when it is back; a full buffer drops and counts, never silently.
 */
class FrameSenderBrokerAwayTest {
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(said, true, StandardCharsets.UTF_8);

    private static FrameEnvelope envelope(final long seq) {
        return new FrameEnvelope("web-1", "run-a", seq, 1_000 + seq, new byte[] {(byte) seq, 1, 2, 3});
    }

    private static void awaitTrue(final java.util.function.BooleanSupplier condition, final long timeoutMs, final String what)
            throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(20);
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldKeepFramesWhileTheBrokerIsAwayAndSendThemInOrderOnceWhenItIsBack(@TempDir Path dir) throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir)) {
            cluster.kit().admin().createTopics(Set.of(new NewTopic("frames", 1, (short) 1))).all().get();
            final KafkaConnection connection = new KafkaConnection(cluster.bootstrapServers(),
                    Map.of("reconnect.backoff.max.ms", "500"));
            final FrameSender sender = FrameSender.start(connection, "frames", 600, notices);
            try {
                for (long s = 1; s <= 5; s++) {
                    assertThat(sender.offer(envelope(s))).isTrue();
                }
                awaitTrue(() -> sender.sent() == 5, 60_000, "first frames acknowledged");

                final BrokerServer broker = cluster.kit().brokers().values().iterator().next();
                broker.shutdown();
                broker.awaitShutdown();
                // ten seconds away, a frame a second (two a second here: the buffer counts frames)
                final long awayUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                long s = 6;
                while (System.nanoTime() < awayUntil) {
                    assertThat(sender.offer(envelope(s++))).as("buffer has room").isTrue();
                    Thread.sleep(500);
                }
                final long offered = s - 1;
                final dev.logmon.core.state.CheckpointGate gate = sender.checkpointGate();
                final long mark = gate.mark();
                assertThat(gate.passed(mark)).as("a state save waits while its frames are unacknowledged").isFalse();
                assertThat(sender.sent()).as("nothing acknowledged while the broker is away").isEqualTo(5);
                assertThat(sender.waiting()).as("waiting; said: %s failed %d", said, sender.failed()).isEqualTo(offered - 5);
                broker.startup();
                awaitTrue(() -> sender.sent() == offered, 120_000, "frames sent after the broker came back ("
                        + sender.sent() + " of " + offered + ")");
                assertThat(sender.dropped()).isZero();
                assertThat(sender.failed()).isZero();
                assertThat(gate.passed(mark)).as("and is written once they are acknowledged").isTrue();

                final List<FrameEnvelope> read = FrameTopic.read(cluster.bootstrapServers(), "frames", (int) offered, 60_000);
                assertThat(read).hasSize((int) offered);
                for (int i = 0; i < read.size(); i++) {
                    assertThat(read.get(i).seq()).as("record %d in order, once", i).isEqualTo(i + 1);
                    assertThat(read.get(i).frame()).isEqualTo(envelope(i + 1).frame());
                }
                assertThat(sender.close(10_000)).as("everything acknowledged at the close").isTrue();
            } finally {
                sender.close(1_000);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldDropAndCountWhatOverflowsTheBufferWhileTheBrokerIsAway(@TempDir Path dir) throws Exception {
        // no broker at this address: nothing is ever acknowledged
        final KafkaConnection nowhere = new KafkaConnection("127.0.0.1:9", Map.of());
        final FrameSender sender = FrameSender.start(nowhere, "frames", 4, notices);
        try {
            for (long s = 1; s <= 10; s++) {
                sender.offer(envelope(s));
            }
            assertThat(sender.waiting()).isEqualTo(4);
            assertThat(sender.dropped()).isEqualTo(6);
            assertThat(sender.stats().failed()).as("drops are in the snapshot's kafka counters").isEqualTo(6);
            assertThat(sender.stats().pending()).isEqualTo(4);
        } finally {
            assertThat(sender.close(1_000)).as("unsent frames at the close are reported").isFalse();
        }
    }
}
