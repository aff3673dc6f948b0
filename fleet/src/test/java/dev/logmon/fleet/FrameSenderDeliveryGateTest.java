package dev.logmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.state.CheckpointGate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gate the {@code -s kafka:} sources' commits wait behind: a mark passes once every frame
 * offered up to it is acknowledged, and never once a frame at or before it was lost (no broker).
 */
class FrameSenderDeliveryGateTest {
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(said, true, StandardCharsets.UTF_8);

    private static FrameEnvelope envelope(final long seq) {
        return new FrameEnvelope("web-1", "run-a", seq, 1_000 + seq, new byte[] {(byte) seq});
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldPassAMarkOnlyOnceEveryFrameUpToItIsAcknowledged() throws Exception {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        final FrameSender sender = new FrameSender(p -> producer, Map.of(), "frames", 10, notices);
        try {
            final CheckpointGate gate = sender.deliveryGate();
            final long none = gate.mark();
            assertThat(gate.passed(none)).as("nothing offered: nothing to wait for").isTrue();
            sender.offer(envelope(1));
            sender.offer(envelope(2));
            final long two = gate.mark();
            sender.offer(envelope(3));
            final long three = gate.mark();
            await(() -> producer.history().size() == 3, "the three frames handed to the producer");
            assertThat(gate.passed(two)).as("nothing acknowledged yet").isFalse();
            assertThat(producer.completeNext()).isTrue();
            assertThat(gate.passed(two)).as("frame 2 not acknowledged yet").isFalse();
            assertThat(producer.completeNext()).isTrue();
            assertThat(gate.passed(two)).as("frames 1 and 2 acknowledged").isTrue();
            assertThat(gate.passed(three)).isFalse();
            assertThat(producer.completeNext()).isTrue();
            assertThat(gate.passed(three)).isTrue();
            assertThat(said.toString(StandardCharsets.UTF_8)).isEmpty();
        } finally {
            sender.close(1_000);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldNeverPassAMarkAtOrAfterALostFrameWhileTheStateGateLetsItThrough() throws Exception {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        final FrameSender sender = new FrameSender(p -> producer, Map.of(), "frames", 2, notices);
        try {
            final CheckpointGate delivery = sender.deliveryGate();
            final CheckpointGate saves = sender.checkpointGate();
            sender.offer(envelope(1));
            final long one = delivery.mark();
            sender.offer(envelope(2));
            assertThat(sender.offer(envelope(3))).as("the buffer of 2 is full: frame 3 is dropped").isFalse();
            final long three = delivery.mark();
            await(() -> producer.history().size() == 2, "two frames handed to the producer");
            assertThat(saves.passed(one)).as("a drop after frame 1 does not pass frame 1 before its ack").isFalse();
            assertThat(delivery.passed(one)).isFalse();
            producer.completeNext();
            assertThat(delivery.passed(one)).as("frame 1 acknowledged, before the loss").isTrue();
            producer.completeNext();
            assertThat(saves.passed(three)).as("a state save gives the dropped frame up").isTrue();
            assertThat(delivery.passed(three)).as("a commit never passes the dropped frame").isFalse();
            sender.offer(envelope(4));
            final long four = delivery.mark();
            await(() -> producer.history().size() == 3, "frame 4 handed to the producer");
            producer.completeNext();
            assertThat(delivery.passed(four)).as("nor any later mark").isFalse();
            assertThat(said.toString(StandardCharsets.UTF_8)).contains("a frame was lost")
                    .contains("no longer committed past");
        } finally {
            sender.close(1_000);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldNeverPassAMarkAfterAFrameTheBrokerRefused() throws Exception {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        final FrameSender sender = new FrameSender(p -> producer, Map.of(), "frames", 10, notices);
        try {
            final CheckpointGate delivery = sender.deliveryGate();
            sender.offer(envelope(1));
            final long one = delivery.mark();
            sender.offer(envelope(2));
            final long two = delivery.mark();
            await(() -> producer.history().size() == 2, "two frames handed to the producer");
            producer.completeNext();
            assertThat(producer.errorNext(new RecordTooLargeException("test: too large"))).isTrue();
            await(() -> sender.failed() == 1, "the refusal counted");
            assertThat(delivery.passed(one)).isTrue();
            assertThat(delivery.passed(two)).isFalse();
        } finally {
            sender.close(1_000);
        }
    }
    /**
     * An idle instance whose frames' broker is away offers a heartbeat a tick; once they fill the
     * buffer they are dropped. A heartbeat carries no counts: its drop loses no line's frame, so
     * it must not hold the commits back for the rest of the run once the broker is back.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldPassMarksAfterADroppedHeartbeatOnceTheFramesAreAcknowledged() throws Exception {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        final FrameSender sender = new FrameSender(p -> producer, Map.of(), "frames", 1, notices);
        try {
            final CheckpointGate delivery = sender.deliveryGate();
            sender.offer(envelope(1));
            assertThat(sender.offer(new FrameEnvelope("web-1", "run-a", 2, 1_001, null)))
                    .as("the buffer of 1 is full: the heartbeat is dropped").isFalse();
            final long two = delivery.mark();
            await(() -> producer.history().size() == 1, "frame 1 handed to the producer");
            producer.completeNext();
            assertThat(delivery.passed(two)).as("the dropped heartbeat held no line's counts").isTrue();
            sender.offer(envelope(3));
            final long three = delivery.mark();
            await(() -> producer.history().size() == 2, "frame 3 handed to the producer");
            producer.completeNext();
            assertThat(delivery.passed(three)).as("nor does it hold later marks").isTrue();
            assertThat(sender.dropped()).as("still counted as dropped").isEqualTo(1);
            assertThat(said.toString(StandardCharsets.UTF_8)).doesNotContain("a frame was lost");
        } finally {
            sender.close(1_000);
        }
    }
}
