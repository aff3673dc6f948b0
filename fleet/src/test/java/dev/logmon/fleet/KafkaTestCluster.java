package dev.logmon.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft cluster (combined broker and controller) inside the test JVM: the tests
 * meet a real broker, its protocol and its failures, with no Docker. Shared with the cli's ITs
 * through fleet's test jar.
 */
public final class KafkaTestCluster implements AutoCloseable {
    private final KafkaClusterTestKit kit;

    private KafkaTestCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    /** Formats and starts a one-node cluster under {@code dir}, waiting until the broker is ready. */
    public static KafkaTestCluster start(Path dir) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(dir)
                .build();
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            kit.close();
            throw e;
        }
        return new KafkaTestCluster(kit);
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    public KafkaClusterTestKit kit() {
        return kit;
    }

    /**
     * Writes every value to {@code topic} (value {@code i} to partition {@code i % partitions} when
     * partitions &gt; 0, else by the default partitioner) and returns only once the topic holds all of
     * them: each send's outcome is checked, a failed one is sent again (with a line on stderr
     * naming why), and the end offsets must have grown by exactly {@code values.size()}.
     *
     * <p>{@code flush()} alone is not enough: it waits for the sends to <em>finish</em>, not to
     * succeed. On a loaded machine a batch of the in-process broker has been seen to expire after
     * the producer's delivery timeout, and the records were silently missing from the topic (a test
     * then saw a consumer count "too few" lines, all of which it had read).
     */
    public void produceAll(final String topic, final int partitions, final List<byte[]> values) throws Exception {
        final int parts;
        try (Admin admin = kit.admin()) {
            parts = partitions > 0 ? partitions : admin.describeTopics(List.of(topic))
                    .allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        }
        final Map<Integer, Long> before = endOffsets(topic, parts);
        final Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
                // a stuck batch fails in 20 s and is sent again, rather than after the default 2 minutes
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            pending.add(i);
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int round = 1; !pending.isEmpty(); round++) {
                if (round > 5) {
                    throw new AssertionError("the test broker did not take " + pending.size() + " of " + values.size()
                            + " records to " + topic + " in 5 rounds");
                }
                final Map<Integer, Exception> failed = new ConcurrentHashMap<>();
                for (final int i : pending) {
                    p.send(new ProducerRecord<>(topic, partitions > 0 ? i % partitions : null, null, values.get(i)),
                            (meta, e) -> {
                                if (e != null) {
                                    failed.put(i, e);
                                }
                            });
                }
                p.flush();
                if (!failed.isEmpty()) {
                    final Exception first = failed.values().iterator().next();
                    System.err.println("KafkaTestCluster.produceAll: " + failed.size() + " of " + pending.size()
                            + " sends to " + topic + " failed in round " + round + " (" + first + "); sending them again");
                }
                pending = new ArrayList<>(new java.util.TreeSet<>(failed.keySet()));
            }
        }
        final Map<Integer, Long> after = endOffsets(topic, parts);
        long grown = 0;
        for (int q = 0; q < parts; q++) {
            grown += after.get(q) - before.get(q);
        }
        if (grown != values.size()) {
            throw new AssertionError(topic + " grew by " + grown + " records, not the " + values.size() + " sent");
        }
    }

    /** The end offset of each partition of {@code topic}. */
    public Map<Integer, Long> endOffsets(final String topic, final int partitions) throws Exception {
        final Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            q.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        final Map<Integer, Long> out = new HashMap<>();
        try (Admin admin = kit.admin()) {
            admin.listOffsets(q).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        }
        return out;
    }

    /** Stops the cluster and deletes its files; a failure to stop is a test failure, not a checked one. */
    @Override
    public void close() {
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException("the test Kafka cluster did not stop cleanly", e);
        }
    }
}
