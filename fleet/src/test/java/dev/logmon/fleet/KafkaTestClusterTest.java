package dev.logmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The in-process broker the fleet tests stand on: records go in and come back out in order. */
class KafkaTestClusterTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldCarryRecordsThroughARealBroker(@TempDir Path dir) throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir)) {
            cluster.kit().admin().createTopics(Set.of(new NewTopic("smoke", 1, (short) 1))).all().get();
            final List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                values.add(("line " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            cluster.produceAll("smoke", 0, values); // one partition: the order is kept
            Map<String, Object> consumerConfig = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "smoke-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("smoke"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (seen.size() < 100 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
            }
            assertThat(seen).hasSize(100);
            assertThat(seen.get(0)).isEqualTo("line 0");
            assertThat(seen.get(99)).isEqualTo("line 99");
        }
    }
}
