package dev.logmon.fleet;

import java.nio.file.Path;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft cluster (combined broker and controller) inside the test JVM: the tests
 * meet a real broker, its protocol and its failures, with no Docker.
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
