package dev.logmon.fleet;

import dev.logmon.core.state.CheckpointGate;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender's thread outlives a send that fails in an unexpected way (no broker needed). */
class FrameSenderFailureTest {

    private static FrameEnvelope envelope(final long seq) {
        return new FrameEnvelope("web-1", "run-a", seq, 1_000 + seq, new byte[] {(byte) seq});
    }

    /** Throws an unchecked exception Kafka does not declare on the first send, then sends. */
    private static final class OnceBroken extends MockProducer<byte[], byte[]> {
        final AtomicInteger calls = new AtomicInteger();

        OnceBroken() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(final ProducerRecord<byte[], byte[]> r, final Callback cb) {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalArgumentException("a bug somewhere in a client or interceptor");
            }
            return super.send(r, cb);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldHandAnErrorEndingTheSendersThreadToTheRunsFatalErrorHandling() throws Exception {
        final java.util.concurrent.CompletableFuture<Throwable> seen = new java.util.concurrent.CompletableFuture<>();
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(final ProducerRecord<byte[], byte[]> r, final Callback cb) {
                throw new OutOfMemoryError("test: no heap for the record");
            }
        };
        final FrameSender sender = new FrameSender(p -> producer, Map.of(), "frames", 10,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), (t, e) -> seen.complete(e));
        sender.offer(envelope(1));
        assertThat(seen.get(20, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class);
        sender.close(1_000);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldCountAnUnexpectedSendFailureAndGoOnSendingAndLetSavesThrough() throws Exception {
        final OnceBroken producer = new OnceBroken();
        final ByteArrayOutputStream said = new ByteArrayOutputStream();
        final FrameSender sender = new FrameSender(p -> producer, Map.of(), "frames", 10,
                new PrintStream(said, true, StandardCharsets.UTF_8));
        final CheckpointGate gate = sender.checkpointGate();
        for (long seq = 1; seq <= 3; seq++) {
            assertThat(sender.offer(envelope(seq))).isTrue();
        }
        final long mark = gate.mark();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!gate.passed(mark) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(gate.passed(mark)).as("a save after the failure is not held back; sent %d failed %d waiting %d",
                sender.sent(), sender.failed(), sender.waiting()).isTrue();
        assertThat(sender.failed()).isEqualTo(1);
        assertThat(sender.sent()).isEqualTo(2);
        assertThat(sender.waiting()).isZero();
        assertThat(producer.history()).extracting(r -> r.value()[0]).containsExactly((byte) 2, (byte) 3);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("could not be sent");
        // the thread is still there: a later envelope goes out too
        assertThat(sender.offer(envelope(4))).isTrue();
        final long later = gate.mark();
        while (!gate.passed(later) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(sender.sent()).isEqualTo(3);
        sender.close(5_000);
    }
}
