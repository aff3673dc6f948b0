package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.fleet.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real jar with {@code -s kafka:TOPIC --sink kafka}: the frames topic refuses every frame
 * with lines in it (its {@code max.message.bytes} is tiny), so the frames of the lines read are
 * lost; the lines are counted, but the group's offsets are never committed past them, not even
 * at a clean stop (README "Lines from Kafka": a lost frame holds the commits, and a restart reads
 * those lines again).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaLinesFramesLostIT {
    @TempDir
    Path dir;

    @Test
    void shouldNotCommitTheLinesWhoseFramesWereLost() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir.resolve("kafka"))) {
            final Admin admin = cluster.kit().admin();
            admin.createTopics(Set.of(new NewTopic("web", 2, (short) 1),
                    new NewTopic("frames", 1, (short) 1).configs(Map.of("max.message.bytes", "200"))))
                    .all().get(30, TimeUnit.SECONDS);
            final String bootstrap = cluster.bootstrapServers();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap), new StringSerializer(), new StringSerializer())) {
                final List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    sends.add(p.send(new ProducerRecord<>("web", i % 2, null, "10.0.0." + (i % 200)
                            + " - - [07/Dec/2026:06:00:00 +0000] \"GET /a/" + i + " HTTP/1.1\" 200 " + i + " \"-\" \"ua\"")));
                }
                p.flush();
                for (final Future<RecordMetadata> f : sends) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
            final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
            assertThat(jar).as("the shaded jar (built by package)").exists();
            final Path out = dir.resolve("out.jsonl");
            final Path err = dir.resolve("err.txt");
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final Process run = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "-s", "kafka:web",
                    "--kafka-bootstrap", bootstrap, "--kafka-group", "lost", "--sink", "kafka,json", "--every", "1",
                    "--kafka-topic", "frames", "--instance-id", "web-1")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                long hits = -1;
                while (hits < 500 && System.nanoTime() < deadline && run.isAlive()) {
                    TimeUnit.MILLISECONDS.sleep(100);
                    hits = lastHits(out);
                }
                assertThat(hits).as("the lines are counted; %s", Files.readString(err)).isEqualTo(500);
                // the ticks that counted them are long merged: ungated, the offsets would be committed by now
                TimeUnit.SECONDS.sleep(3);
                assertThat(committed(admin)).as("no offset committed past lines whose frames were lost; %s",
                        Files.readString(err)).isZero();
                // the notice follows the producer's refusal, which a loaded machine can deliver late
                final long noticeBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.readString(err).contains("a frame was lost") && System.nanoTime() < noticeBy) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                assertThat(Files.readString(err)).contains("a frame was lost");
                assertThat(committed(admin)).as("still nothing committed; %s", Files.readString(err)).isZero();
            } finally {
                run.toHandle().destroy();
                assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            }
            assertThat(committed(admin)).as("nor by the final commit at the clean stop; %s", Files.readString(err)).isZero();
        }
    }

    private static long lastHits(final Path out) throws Exception {
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            try {
                final JsonNode n = CliRun.JSON.readTree(lines.get(i));
                return n.at("/windows/lifetime/hits").asLong();
            } catch (RuntimeException partial) {
                // the line being written
            }
        }
        return -1;
    }

    private static long committed(final Admin admin) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> m =
                admin.listConsumerGroupOffsets("lost").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return m.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
