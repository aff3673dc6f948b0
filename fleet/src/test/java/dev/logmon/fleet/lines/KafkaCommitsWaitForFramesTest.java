package dev.logmon.fleet.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.engine.WaitStrategyName;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import dev.logmon.fleet.FramePublisher;
import dev.logmon.fleet.FrameSender;
import dev.logmon.fleet.KafkaConnection;
import dev.logmon.fleet.KafkaTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -s kafka:TOPIC} with {@code --sink kafka}, against real brokers: lines on one cluster,
 * frames to another. While the frames cannot be delivered (their broker is away) the lines are
 * counted but no offset of theirs is committed; once the frames are acknowledged the commits catch
 * up to the topic's ends. Without that, a crash meanwhile would have lost those lines from the
 * fleet view.
 */
class KafkaCommitsWaitForFramesTest {
    private static final String LINES = "gated-lines";
    private static final int PARTITIONS = 2;
    private static final String GROUP = "gated";

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(said, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldCommitTheLinesOffsetsOnlyOnceTheirFramesAreAcknowledged(@TempDir final Path dir) throws Exception {
        try (KafkaTestCluster lines = KafkaTestCluster.start(Files.createDirectories(dir.resolve("lines")));
             KafkaTestCluster frames = KafkaTestCluster.start(Files.createDirectories(dir.resolve("frames")))) {
            final KafkaLinesHarness h = new KafkaLinesHarness(lines);
            h.createTopic(LINES, PARTITIONS);
            frames.kit().admin().createTopics(Set.of(new NewTopic("frames", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            final Settings s = new Settings();
            s.sources.add(KafkaLineSources.SCHEME + LINES);
            final KafkaLineSources provider = new KafkaLineSources(new KafkaConnection(lines.bootstrapServers(),
                    Map.of("session.timeout.ms", "10000", "heartbeat.interval.ms", "500")), GROUP, null);
            s.providers.add(provider);
            s.timeMode = TimeMode.ARRIVAL;
            s.shards = 1;
            s.ringSize = 1_024;
            s.topCapacity = 1_000;
            s.everySeconds = 1;
            s.threshold = 1e9;
            s.alertRule = AlertRuleKind.ABSOLUTE;
            s.waitStrategy = WaitStrategyName.SLEEPING;
            assertThat(s.conclude()).isEmpty();
            final RecordingPublisher out = new RecordingPublisher();
            final Pipeline pipeline = new Pipeline(s, out, Clock.SYSTEM, notices, new HandlerErrors(notices));
            final FrameSender sender = FrameSender.start(new KafkaConnection(frames.bootstrapServers(),
                    Map.of("reconnect.backoff.max.ms", "500")), "frames", 600, notices);
            pipeline.addCombinerHook(new FramePublisher("web-1", "run-1", sender, s.topCapacity, pipeline::labelOffsetSeconds));
            pipeline.addCombinerHook(provider.gateCommits(sender.deliveryGate()));
            pipeline.start();
            try {
                // frames deliverable: commits follow the counted lines to the ends
                produce(lines.bootstrapServers(), 0, 400);
                awaitHits(out, 400);
                awaitCommittedAtEnds(h, "frames deliverable");

                final BrokerServer broker = frames.kit().brokers().values().iterator().next();
                broker.shutdown();
                broker.awaitShutdown();
                final Map<Integer, Long> before = h.committed(GROUP, LINES, PARTITIONS);
                produce(lines.bootstrapServers(), 400, 600);
                awaitHits(out, 1_000);
                // the ticks that counted them are merged within a second or two: ungated, the
                // commits would reach the ends now; gated they stay where the frames were acked
                final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                while (System.nanoTime() < until) {
                    assertThat(h.committed(GROUP, LINES, PARTITIONS))
                            .as("no commit moves while the frames of the lines cannot be delivered (ends %s); said: %s",
                                    h.ends(LINES, PARTITIONS), said)
                            .isEqualTo(before);
                    Thread.sleep(200);
                }
                assertThat(before).isNotEqualTo(h.ends(LINES, PARTITIONS));
                assertThat(sender.waiting()).as("frames held for the broker").isPositive();

                broker.startup();
                awaitCommittedAtEnds(h, "frames acknowledged again");
                assertThat(sender.dropped()).isZero();
                assertThat(sender.failed()).isZero();
            } finally {
                assertThat(pipeline.finish(30_000)).isTrue();
                sender.close(5_000);
            }
            assertThat(out.last().lifetime().hits()).as("each line counted once; said: %s", said).isEqualTo(1_000);
        }
    }

    /** Lines {@code from..from+count-1}, round-robin over the partitions, every send checked. */
    static void produce(final String bootstrap, final int from, final int count) throws Exception {
        final Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            final List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                final String line = "10.0.0." + (i % 250) + " - - [07/Dec/2026:06:00:00 +0000] \"GET /s" + (i % 7)
                        + "/x HTTP/1.1\" 200 " + i;
                sends.add(p.send(new ProducerRecord<>(LINES, i % PARTITIONS, null, line.getBytes(StandardCharsets.UTF_8))));
            }
            p.flush();
            for (final Future<RecordMetadata> f : sends) {
                f.get(60, TimeUnit.SECONDS); // a failed send fails the test, never a silent short topic
            }
        }
    }

    private void awaitHits(final RecordingPublisher out, final long hits) throws InterruptedException {
        assertThat(KafkaLinesHarness.await(90_000, () -> out.last() != null && out.last().lifetime().hits() >= hits))
                .as("%d lines counted (now %s); said: %s", hits, out.last() == null ? "none" : out.last().lifetime().hits(), said)
                .isTrue();
    }

    private void awaitCommittedAtEnds(final KafkaLinesHarness h, final String when) throws Exception {
        final Map<Integer, Long> ends = h.ends(LINES, PARTITIONS);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Map<Integer, Long> committed = h.committed(GROUP, LINES, PARTITIONS);
        while (!committed.equals(ends) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            committed = h.committed(GROUP, LINES, PARTITIONS);
        }
        assertThat(committed).as("%s: committed at the ends; said: %s", when, said).isEqualTo(ends);
    }
}
