package dev.logmon.fleet;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.logmon.core.text.TextSafety;

/**
 * {@code logmon-cli aggregate}: reads the frames topic (every partition, as a consumer group of
 * its own) and feeds each record to a {@link FleetMerger} on one thread, which also runs the
 * combiner's ticks. Records that are not logmon envelopes, and frames that do not decode, are
 * counted and said once, never merged.
 *
 * <pre>
 *   poll (200 ms) -> for each record: envelope? -> merger.accept
 *                 -> merger.advance(now)            (every poll, records or not)
 *   close         -> wakeup, then merger.finish: the final tick and snapshot
 * </pre>
 */
public final class Aggregator {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FleetMerger merger;
    private final PrintStream notices;
    private final LongSupplier clockMs;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long records;
    private volatile long foreign;
    private volatile Throwable failure;
    private boolean foreignSaid;
    private boolean damageSaid;

    /**
     * @param connection where Kafka is
     * @param topic      the frames topic
     * @param fromStart  read the topic from its first record (else only what arrives from now on)
     * @param merger     the merge, owned by this aggregator's thread from {@link #start()} on
     * @param notices    one-line notices
     * @param clockMs    the wall clock in milliseconds
     */
    public Aggregator(final KafkaConnection connection, final String topic, final boolean fromStart,
                      final FleetMerger merger, final PrintStream notices, final LongSupplier clockMs) {
        final Map<String, Object> p = connection.clientProperties();
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "logmon-aggregate");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "logmon-aggregate-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromStart ? "earliest" : "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        this.merger = merger;
        this.notices = notices;
        this.clockMs = clockMs;
        this.thread = new Thread(this::run, "logmon-aggregate");
        thread.setDaemon(true);
    }

    /** Starts reading. */
    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                final ConsumerRecords<byte[], byte[]> batch;
                try {
                    batch = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    notices.println("logmon-cli aggregate: kafka: " + TextSafety.oneLine(String.valueOf(e.getMessage())));
                    sleepQuietly(1_000);
                    continue;
                }
                final long now = clockMs.getAsLong();
                for (final ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    final FrameEnvelope e;
                    try {
                        e = FrameEnvelope.of(r.headers(), r.value());
                    } catch (IllegalArgumentException ex) {
                        foreign++;
                        if (!foreignSaid) {
                            foreignSaid = true;
                            notices.println("logmon-cli aggregate: skipping records that are not logmon frames ("
                                    + ex.getMessage() + ", partition " + r.partition() + " offset " + r.offset() + ")");
                        }
                        continue;
                    }
                    merger.accept(e, now);
                    if (!damageSaid && merger.damaged() > 0) {
                        damageSaid = true;
                        notices.println("logmon-cli aggregate: skipping a frame that does not decode ("
                                + TextSafety.oneLine(merger.lastDamage()) + "); counted, said once");
                    }
                }
                merger.advance(clockMs.getAsLong());
            }
            merger.finish(clockMs.getAsLong());
        } catch (RuntimeException | Error e) {
            failure = e;
            notices.println("logmon-cli aggregate: stopped: " + TextSafety.oneLine(String.valueOf(e)));
        } finally {
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                // closing a consumer of a broker that is away: nothing was committed, nothing to lose
            }
            done.countDown();
        }
    }

    private static void sleepQuietly(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops reading, closes every open second and publishes the final snapshot.
     *
     * @return true when the final snapshot was published within {@code timeoutMs}
     */
    public boolean stop(final long timeoutMs) throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        return done.await(timeoutMs, TimeUnit.MILLISECONDS) && failure == null;
    }

    /** True once the thread ended on an unexpected error. */
    public boolean failed() {
        return failure != null;
    }

    /** Records read. */
    public long records() {
        return records;
    }

    /** Records that were not logmon envelopes. */
    public long foreign() {
        return foreign;
    }

    /** The merge. */
    public FleetMerger merger() {
        return merger;
    }
}
