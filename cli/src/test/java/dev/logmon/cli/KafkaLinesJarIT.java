package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.fleet.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The runnable jar reading {@code -s kafka:TOPIC} from a real broker (in this test JVM) with
 * {@code --once}: it reads to the end offsets present at the start, prints the final snapshot,
 * commits, and exits 0; a second run of the same group finds nothing new.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaLinesJarIT {
    @TempDir
    static Path dir;
    static KafkaTestCluster cluster;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = KafkaTestCluster.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void produce(final String topic, final int partitions, final List<String> values) throws Exception {
        cluster.kit().admin().createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        cluster.produceAll(topic, partitions, values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList());
    }

    private record Result(int exit, JsonNode last, String err) {
    }

    private static Result runJar(final String... args) throws Exception {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final Path out = Files.createTempFile(dir, "out", ".jsonl");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> cmd = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the run ends by itself").isTrue();
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        final String errText = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(lines).as(errText).isNotEmpty();
        return new Result(p.exitValue(), CliRun.JSON.readTree(lines.get(lines.size() - 1)), errText);
    }

    private static String line(final SplittableRandom rnd, final int i, final int status) {
        return "10.0.0." + rnd.nextInt(50) + " - - [17/May/2015:10:05:" + String.format("%02d", i % 60)
                + " +0000] \"GET /sec" + rnd.nextInt(5) + "/x HTTP/1.1\" " + status + " " + rnd.nextInt(900) + " \"-\" \"ua\"";
    }

    @Test
    void shouldReadATopicToItsEndWithOnceCommitAndFindNothingNewTheSecondTime() throws Exception {
        final SplittableRandom rnd = new SplittableRandom(1919);
        final List<String> values = new java.util.ArrayList<>();
        long errors = 0;
        for (int i = 0; i < 3_000; i++) {
            final int status = rnd.nextInt(10) == 0 ? 503 : 200;
            errors += status == 503 ? 1 : 0;
            values.add(line(rnd, i, status));
        }
        produce("web", 3, values);
        final Result r = runJar("-s", "kafka:web", "--kafka-bootstrap", cluster.bootstrapServers(), "--kafka-group",
                "replay", "--once", "--sink", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.last().path("final").asBoolean()).isTrue();
        assertThat(r.last().path("windows").path("lifetime").path("hits").asLong()).as(r.err()).isEqualTo(3_000);
        assertThat(r.last().path("windows").path("lifetime").path("status").path("5xx").asLong()).isEqualTo(errors);
        final JsonNode source = r.last().path("sources").get(0);
        assertThat(source.path("path").asString()).startsWith("kafka:web (group replay, partitions 0-2");
        assertThat(source.path("state").asString()).isEqualTo("done");
        final Map<TopicPartition, OffsetAndMetadata> committed = cluster.kit().admin().listConsumerGroupOffsets("replay")
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(3_000);

        final Result again = runJar("-s", "kafka:web", "--kafka-bootstrap", cluster.bootstrapServers(), "--kafka-group",
                "replay", "--once", "--sink", "json");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.last().path("windows").path("lifetime").path("hits").asLong()).isZero();
        assertThat(again.last().path("lines").path("read").asLong()).isZero();
    }

    @Test
    void shouldReadFilebeatEnvelopesWithTheValueField() throws Exception {
        final SplittableRandom rnd = new SplittableRandom(1920);
        final List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            final String l = line(rnd, i, 200).replace("\"", "\\\"");
            values.add("{\"@timestamp\":\"2015-05-17T10:05:00.000Z\",\"message\":\"" + l + "\",\"host\":{\"name\":\"web-1\"}}");
        }
        values.add("{\"event\":{\"original\":\"x\"}}");
        produce("beats", 2, values);
        final Result r = runJar("-s", "kafka:beats", "--kafka-bootstrap", cluster.bootstrapServers(),
                "--kafka-value-field", "message", "--once", "--sink", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.last().path("windows").path("lifetime").path("hits").asLong()).isEqualTo(200);
        assertThat(r.last().path("lines").path("malformedByReason").path("noField").asLong()).isEqualTo(1);
    }
}
