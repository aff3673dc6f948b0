package dev.logmon.fleet.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.TestLines;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.time.TimeMode;
import dev.logmon.fleet.KafkaTestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The broker goes away under a following {@code -s kafka:TOPIC} and comes back. */
class KafkaBrokerOutageTest {

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldSayTheBrokerIsUnreachableWithoutCrashingAndReadOnWhenItIsBack(@TempDir final Path dir) throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir)) {
            final KafkaLinesHarness kafka = new KafkaLinesHarness(cluster);
            final String topic = "outage";
            kafka.createTopic(topic, 2);
            final SplittableRandom rnd = new SplittableRandom(19_005);
            kafka.produce(topic, lines(rnd, 200), 2);
            final KafkaLinesHarness.Run run = kafka.new Run(topic, "g-outage", null, false, 256).start();
            assertThat(KafkaLinesHarness.await(60_000, () -> run.hits() == 200)).as(run.notices()).isTrue();
            assertThat(KafkaLinesHarness.await(60_000, () -> committed(kafka, topic) == 200)).as(run.notices()).isTrue();

            final BrokerServer broker = cluster.kit().brokers().values().iterator().next();
            broker.shutdown();
            broker.awaitShutdown();
            assertThat(KafkaLinesHarness.await(90_000, () -> run.status().state() == SourceState.WAITING))
                    .as(run.notices()).isTrue();
            assertThat(run.notices()).contains("kafka:" + topic + ": cannot reach the Kafka cluster at "
                    + cluster.bootstrapServers());
            assertThat(run.errors.count()).isZero();

            broker.startup();
            cluster.kit().waitForReadyBrokers();
            kafka.produce(topic, lines(rnd, 100), 2);
            assertThat(KafkaLinesHarness.await(120_000, () -> run.hits() >= 300)).as(run.notices()).isTrue();
            assertThat(run.pipeline.finish(60_000)).isTrue();
            // the lines of before the outage were committed: never read twice; those after it at
            // most twice (a rebalance as the member rejoins may come before their commit)
            assertThat(run.out.last().lifetime().hits()).as(run.notices()).isBetween(300L, 400L);
            assertThat(committed(kafka, topic)).isEqualTo(300);
            assertThat(run.errors.count()).isZero();
            assertThat(run.notices()).contains("the broker and topic are back");
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldStopWithinTheSignalBudgetWhileTheBrokerIsAway(@TempDir final Path dir) throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir)) {
            final KafkaLinesHarness kafka = new KafkaLinesHarness(cluster);
            final String topic = "outage";
            kafka.createTopic(topic, 2);
            // log time, every line of one second: none is counted before the final tick, so the
            // stop always has offsets to commit (and the cluster is away when it tries)
            final List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                values.add(TestLines.line("10.9.0." + i, TestLines.T0, "/s" + i % 7, 200, i)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            kafka.produce(topic, values, 2);
            final KafkaLinesHarness.Run run = kafka.new Run(topic, "g-stop", null, false, 256, TimeMode.LOG).start();
            assertThat(KafkaLinesHarness.await(60_000, () -> run.source != null && run.source.linesRead() == 100))
                    .as(run.notices()).isTrue();
            final BrokerServer broker = cluster.kit().brokers().values().iterator().next();
            broker.shutdown();
            broker.awaitShutdown();
            assertThat(KafkaLinesHarness.await(90_000, () -> run.status().state() == SourceState.WAITING))
                    .as(run.notices()).isTrue();
            // SIGINT/SIGTERM give the pipeline 5 s: the final commit and the consumer's close (which
            // revokes the partitions: no second commit there) must not take it all
            final long t0 = System.nanoTime();
            final boolean finished = run.pipeline.finish(5_000);
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println("stop with the cluster away: " + ms + " ms");
            assertThat(finished).as(run.notices() + " (the stop took " + ms + " ms)").isTrue();
            assertThat(run.out.last().lifetime().hits()).isEqualTo(100);
            assertThat(run.notices()).contains("cannot commit the counted offsets");
            assertThat(run.errors.count()).isZero();
        }
    }

    private static long committed(final KafkaLinesHarness kafka, final String topic) {
        try {
            return kafka.committed("g-outage", topic, 2).values().stream().mapToLong(Long::longValue).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<byte[]> lines(final SplittableRandom rnd, final int n) {
        final List<String> out = new ArrayList<>();
        final long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < n; i++) {
            out.add(TestLines.randomLine(rnd, now, 100));
        }
        return KafkaLinesHarness.bytes(out);
    }
}
