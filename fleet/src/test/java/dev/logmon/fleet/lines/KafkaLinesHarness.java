package dev.logmon.fleet.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.combine.CombinerHook;
import dev.logmon.core.combine.LifetimeTotals;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.engine.WaitStrategyName;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.source.LinePublisher;
import dev.logmon.core.source.Source;
import dev.logmon.core.source.SourceProvider;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.LogWatermark;
import dev.logmon.core.time.TimeMode;
import dev.logmon.fleet.KafkaConnection;
import dev.logmon.fleet.KafkaTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** A real broker, a producer, and whole pipelines reading a topic through {@link KafkaLineSource}. */
final class KafkaLinesHarness {
    final KafkaTestCluster cluster;
    final Admin admin;

    KafkaLinesHarness(final KafkaTestCluster cluster) {
        this.cluster = cluster;
        this.admin = cluster.kit().admin();
    }

    void createTopic(final String topic, final int partitions) throws Exception {
        admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    /** Sends each value (to partition {@code i % partitions} when partitions > 0, else by key); returns once the topic holds all. */
    void produce(final String topic, final List<byte[]> values, final int partitions) throws Exception {
        cluster.produceAll(topic, partitions, values);
    }

    static List<byte[]> bytes(final List<String> lines) {
        return lines.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The group's committed offset per partition of the topic (0 when none). */
    Map<Integer, Long> committed(final String group, final String topic, final int partitions) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> m =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        final Map<Integer, Long> out = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            final OffsetAndMetadata om = m.get(new TopicPartition(topic, p));
            out.put(p, om == null ? 0L : om.offset());
        }
        return out;
    }

    /** The end offset per partition. */
    Map<Integer, Long> ends(final String topic, final int partitions) throws Exception {
        final Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            q.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        final Map<Integer, Long> out = new HashMap<>();
        admin.listOffsets(q).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    /** Waits for {@code condition}, polling; false at the deadline. */
    static boolean await(final long timeoutMs, final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** One logmon run reading {@code kafka:TOPIC}, with what its combiner counted per (partition, offset). */
    final class Run {
        final RecordingPublisher out = new RecordingPublisher();
        final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
        final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);
        final HandlerErrors errors = new HandlerErrors(notices);
        final Pipeline pipeline;
        /** (partition << 40 | offset) → times the combiner saw a line of it; combiner thread, read after finish. */
        final Map<Long, Integer> counted = new HashMap<>();
        volatile KafkaLineSource source;
        private final Runnable afterBatch;

        Run(final String topic, final String group, final String valueField, final boolean once, final int ringSize) {
            this(topic, group, valueField, once, ringSize, once ? TimeMode.LOG : TimeMode.ARRIVAL);
        }

        Run(final String topic, final String group, final String valueField, final boolean once, final int ringSize,
            final TimeMode timeMode) {
            this(topic, group, valueField, once, ringSize, timeMode, Map.of(), null);
        }

        /** With consumer properties over the harness's and a hook run after each published batch. */
        Run(final String topic, final String group, final String valueField, final boolean once, final int ringSize,
            final TimeMode timeMode, final Map<String, String> consumer, final Runnable afterBatch) {
            this.afterBatch = afterBatch;
            final Map<String, String> props = new HashMap<>(Map.of("session.timeout.ms", "10000", "heartbeat.interval.ms", "500"));
            props.putAll(consumer);
            final Settings s = new Settings();
            s.sources.add(KafkaLineSources.SCHEME + topic);
            final KafkaLineSources real = new KafkaLineSources(new KafkaConnection(cluster.bootstrapServers(), props),
                    group, valueField);
            s.providers.add(new Recording(real));
            s.once = once;
            s.timeMode = timeMode;
            s.shards = 2;
            s.ringSize = ringSize;
            s.topCapacity = 10_000;
            s.top = 20;
            s.everySeconds = 1;
            s.threshold = 1e9;
            s.alertRule = AlertRuleKind.ABSOLUTE;
            s.waitStrategy = WaitStrategyName.SLEEPING;
            assertThat(s.conclude()).isEmpty();
            pipeline = new Pipeline(s, out, Clock.SYSTEM, notices, errors);
        }

        Run start() {
            pipeline.start();
            return this;
        }

        SourceStatus status() {
            return pipeline.sourceStatuses().get(0);
        }

        String notices() {
            return noticeBytes.toString(StandardCharsets.UTF_8);
        }

        long hits() {
            return out.last() == null ? 0 : out.last().lifetime().hits();
        }

        /** Lines the combiner saw, counting repeats. */
        long countedLines() {
            return counted.values().stream().mapToLong(Integer::longValue).sum();
        }

        /** The source that counts what the combiner sees of it, around the real one. */
        private final class Recording implements SourceProvider {
            private final KafkaLineSources real;

            Recording(final KafkaLineSources real) {
                this.real = real;
            }

            @Override
            public boolean reads(final String name) {
                return real.reads(name);
            }

            @Override
            public String problem(final String name, final boolean once) {
                return real.problem(name, once);
            }

            @Override
            public Source create(final int id, final String name, final LinePublisher lines, final int maxLineBytes,
                                 final boolean once, final LogWatermark watermark, final PrintStream notices) {
                final KafkaLineSource k = (KafkaLineSource) real.create(id, name, lines, maxLineBytes, once, watermark, notices);
                k.afterBatch = afterBatch;
                source = k;
                return new Counting(k);
            }
        }

        private final class Counting implements Source, CombinerHook {
            private final KafkaLineSource k;

            Counting(final KafkaLineSource k) {
                this.k = k;
            }

            @Override
            public void run() {
                k.run();
            }

            @Override
            public void stop() {
                k.stop();
            }

            @Override
            public SourceStatus status() {
                return k.status();
            }

            @Override
            public long linesRead() {
                return k.linesRead();
            }

            @Override
            public void onLine(final LogEvent event) {
                counted.merge((long) PartitionEpochs.partition(event.generation) << 40 | event.lineStart, 1, Integer::sum);
                k.onLine(event);
            }

            @Override
            public void onTickMerged(final long tick, final boolean last, final LifetimeTotals totals) {
                k.onTickMerged(tick, last, totals);
            }
        }
    }
}
