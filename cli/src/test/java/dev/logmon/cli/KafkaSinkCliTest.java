package dev.logmon.cli;

import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.fleet.KafkaTestCluster;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --sink kafka} and {@code aggregate} on the command line: their checks, and a replay's frames in a real topic. */
class KafkaSinkCliTest {

    @Test
    void shouldNameEveryMissingKafkaSettingOfTheSinkWithoutPrintingASecret() {
        final CliRun run = CliRun.run("-s", "x.log", "--once", "--sink", "kafka",
                "--kafka-property", "sasl.jaas.config=TOPSECRET", "--kafka-buffer", "0");
        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).contains("--sink kafka needs --kafka-bootstrap HOST:PORT")
                .contains("--sink kafka needs --kafka-topic TOPIC")
                .contains("--kafka-buffer must be 1 to 1000000 frames: 0")
                .doesNotContain("TOPSECRET");
    }

    @Test
    void shouldRefuseABadTopicName() {
        final CliRun run = CliRun.run("-s", "x.log", "--once", "--sink", "kafka", "--kafka-bootstrap", "k:9092",
                "--kafka-topic", "no spaces");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--kafka-topic no spaces: a Kafka topic name is");
    }

    @Test
    void shouldCheckTheAggregatesOptions() {
        final CliRun run = CliRun.run("aggregate", "--sink", "json,kafka", "--lateness", "1500ms", "--gone-after", "0",
                "--rule", "name=x kind=nope");
        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).contains("--sink must be tui, json, webhook or email: kafka")
                .contains("logmon-cli aggregate needs --kafka-bootstrap HOST:PORT")
                .contains("logmon-cli aggregate needs --kafka-topic TOPIC")
                .contains("--lateness must be whole seconds")
                .contains("--gone-after must be a duration")
                .contains("--rule 1 (x): unknown kind nope");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldPublishEveryLineOfAReplayInTheFramesOfTheTopic(@TempDir final Path dir) throws Exception {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            lines.add(TestLines.line("10.0.0." + i % 50, TestLines.T0 + i / 20, "/s" + i % 7 + "/x", 200 + i % 4, 100));
        }
        lines.add("not a log line");
        final Path log = dir.resolve("access.log");
        Files.write(log, lines, StandardCharsets.ISO_8859_1);
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir.resolve("kafka"))) {
            cluster.kit().admin().createTopics(Set.of(new NewTopic("frames", 1, (short) 1))).all().get();
            final CliRun run = CliRun.run("-s", log.toString(), "--once", "--sink", "json,kafka",
                    "--kafka-bootstrap", cluster.bootstrapServers(), "--kafka-topic", "frames", "--instance-id", "web-9");
            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(run.err).contains("frames to kafka topic frames as instance web-9");
            final String[] out = run.out.strip().split("\n");
            final JsonNode last = CliRun.JSON.readTree(out[out.length - 1]);
            assertThat(last.at("/kafka/failed").asLong()).isZero();

            long hits = 0;
            long malformed = 0;
            final Frame frame = new Frame(1_000);
            final FrameCodec codec = new FrameCodec();
            final Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of("frames"));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((hits < 2_000 || malformed < 1) && System.nanoTime() < deadline) {
                    for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("web-9");
                        if (r.value() != null && r.value().length > 0) {
                            codec.decode(r.value(), frame);
                            hits += frame.hits;
                            malformed += frame.malformedTotal();
                        }
                    }
                }
            }
            assertThat(hits).isEqualTo(2_000);
            assertThat(malformed).isEqualTo(1);
        }
    }
}
