package dev.logmon.fleet.lines;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.TestLines;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.time.TimeMode;
import dev.logmon.fleet.KafkaTestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code -s kafka:TOPIC} against a real broker in the test JVM, with whole pipelines. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaLineSourceTest {
    @TempDir
    static Path dir;
    static KafkaTestCluster cluster;
    static KafkaLinesHarness kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = KafkaTestCluster.start(dir);
        kafka = new KafkaLinesHarness(cluster);
    }

    @AfterAll
    static void stopBroker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Lines spread over {@code seconds} seconds from T0 with an independent count of what they hold. */
    private static final class Expected {
        final List<String> lines = new ArrayList<>();
        final long[] status = new long[6];
        final Map<String, Long> sections = new HashMap<>();
        long hits;

        void add(final String line, final int status, final String section) {
            lines.add(line);
            hits++;
            final int c = status / 100;
            this.status[c >= 1 && c <= 5 ? c - 1 : 5]++;
            sections.merge(section, 1L, Long::sum);
        }
    }

    private static Expected generate(final long seed, final int n, final int seconds) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int[] statuses = {200, 200, 201, 301, 304, 404, 403, 500, 503, 101, 999};
        final Expected e = new Expected();
        for (int i = 0; i < n; i++) {
            final String section = "/s" + (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 60);
            final int status = statuses[rnd.nextInt(statuses.length)];
            final long second = T0 + (long) i * seconds / n;
            e.add(TestLines.line("10.1." + rnd.nextInt(4) + "." + rnd.nextInt(250), second, section + "/p" + rnd.nextInt(9),
                    status, rnd.nextInt(5_000)), status, section);
        }
        return e;
    }

    private static void assertSameCounts(final Snapshot last, final Expected e, final String what) {
        assertThat(last.last()).as(what).isTrue();
        assertThat(last.lifetime().hits()).as(what).isEqualTo(e.hits);
        assertThat(last.lifetime().status()).as(what).isEqualTo(StatusCounts.of(e.status));
        final List<SectionCount> top = last.lifetime().sections();
        assertThat(top).as(what).isNotEmpty();
        long smallestShown = Long.MAX_VALUE;
        for (final SectionCount s : top) {
            assertThat(s.hits()).as(what + " " + s.section()).isEqualTo(e.sections.get(s.section()));
            smallestShown = Math.min(smallestShown, s.hits());
        }
        final long cut = smallestShown;
        final long largerHidden = e.sections.entrySet().stream()
                .filter(x -> top.stream().noneMatch(s -> s.section().equals(x.getKey())))
                .filter(x -> x.getValue() > cut).count();
        assertThat(largerHidden).as(what + ": a section with more hits than the top list's last is missing").isZero();
    }

    @Test
    void shouldCountEveryLineOfAFourPartitionTopicAsAnIndependentCountDoesAndCommitItAll() throws Exception {
        final long seed = 19_001;
        final String what = "seed " + seed;
        final Expected e = generate(seed, 6_000, 300);
        kafka.createTopic("access-4", 4);
        kafka.produce("access-4", KafkaLinesHarness.bytes(e.lines), 4);

        final KafkaLinesHarness.Run run = kafka.new Run("access-4", "g-count", null, true, 1024).start();
        assertThat(run.pipeline.awaitSources(120_000)).as(what + ": the --once run reaches the end offsets").isTrue();
        assertThat(run.pipeline.finish(60_000)).as(what).isTrue();

        assertSameCounts(run.out.last(), e, what + ", notices: " + run.notices());
        assertThat(run.out.last().lines().malformed()).as(what).isZero();
        assertThat(run.errors.count()).as(what).isZero();
        assertThat(run.countedLines()).as(what + ": no line counted twice").isEqualTo(e.hits);
        assertThat(run.status().state()).isEqualTo(SourceState.DONE);
        assertThat(kafka.committed("g-count", "access-4", 4)).as(what + ": everything counted is committed")
                .isEqualTo(kafka.ends("access-4", 4));

        // the group's next --once run starts at the committed offsets: nothing is counted again
        final KafkaLinesHarness.Run again = kafka.new Run("access-4", "g-count", null, true, 1024).start();
        assertThat(again.pipeline.awaitSources(120_000)).isTrue();
        assertThat(again.pipeline.finish(60_000)).isTrue();
        assertThat(again.countedLines()).as(what).isZero();
        assertThat(again.pipeline.linesRead()).as(what).isZero();
    }

    @Test
    void shouldCommitEverythingAtTheFinalTickAlthoughTheStopWokeTheConsumerAfterItsThreadEnded() throws Exception {
        // --once --time arrival: the run's stop wakes the consumer after its thread has ended by
        // itself; that wakeup must not make the final commit fail (every line read again next run)
        final long seed = 19_006;
        final Expected e = generate(seed, 500, 10);
        kafka.createTopic("woken", 2);
        kafka.produce("woken", KafkaLinesHarness.bytes(e.lines), 2);
        final KafkaLinesHarness.Run run = kafka.new Run("woken", "g-woken", null, true, 256, TimeMode.ARRIVAL).start();
        assertThat(run.pipeline.awaitSources(120_000)).as(run.notices()).isTrue();
        assertThat(run.pipeline.finish(60_000)).as(run.notices()).isTrue();
        assertThat(run.hits()).as(run.notices()).isEqualTo(e.hits);
        assertThat(run.notices()).doesNotContain("cannot commit");
        assertThat(run.source.commitFailures()).as(run.notices()).isZero();
        assertThat(kafka.committed("g-woken", "woken", 2)).as(run.notices()).isEqualTo(kafka.ends("woken", 2));
    }

    @Test
    void shouldReadEveryRecordOnceThoughThePartitionsWereLostInTheMiddleOfAOnceRun() throws Exception {
        // the consumer thread stalls past max.poll.interval.ms once, in the middle of a --once read
        // (what a loaded machine does to a slow poll loop): its heartbeat thread leaves the group,
        // the next poll finds the partitions lost and the group assigns them again; the run must
        // still count every record up to the end offsets before it ends
        final long seed = 19_011;
        final int partitions = 2;
        final Expected e = generate(seed, 3_000, 10);
        kafka.createTopic("lost", partitions);
        kafka.produce("lost", KafkaLinesHarness.bytes(e.lines), partitions);
        final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        final KafkaLinesHarness.Run run = kafka.new Run("lost", "g-lost", null, true, 256, TimeMode.ARRIVAL,
                Map.of("max.poll.interval.ms", "1500", "max.poll.records", "100"), () -> {
                    if (batches.incrementAndGet() == 3) {
                        try {
                            Thread.sleep(4_000); // past max.poll.interval.ms: the member leaves the group
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).start();
        assertThat(run.pipeline.awaitSources(120_000)).as(run.notices()).isTrue();
        assertThat(run.pipeline.finish(60_000)).as(run.notices()).isTrue();
        final Map<Integer, Long> ends = kafka.ends("lost", partitions);
        long missing = 0;
        for (int p = 0; p < partitions; p++) {
            for (long o = 0; o < ends.get(p); o++) {
                if (!run.counted.containsKey((long) p << 40 | o)) {
                    missing++;
                }
            }
        }
        final String what = "seed " + seed + ": batches " + batches.get() + ", losses " + run.source.losses()
                + ", counted " + run.countedLines()
                + ", skipped not owned " + run.source.skippedNotOwned() + ", notices: " + run.notices();
        assertThat(batches.get()).as(what).isGreaterThan(3);
        assertThat(run.source.losses()).as(what).isPositive();
        System.out.println("lost: " + what.replace('\n', ' '));
        assertThat(missing).as(what).isZero();
        assertThat(run.hits()).as(what).isGreaterThanOrEqualTo(e.hits);
        assertThat(kafka.committed("g-lost", "lost", partitions)).as(what).isEqualTo(ends);
    }

    @Test
    void shouldNotEndAOnceRunWhileAPartitionItWasReadingIsHeldByAMemberThatThenLeaves() throws Exception {
        // a second member joins the group in the middle of a --once read, takes one of the two
        // partitions (cooperative: A gives it up with part of it unread), holds it without reading
        // it for the group, then leaves; A must not end on its own partition alone: it ends when
        // the taken partition is back and read to its end (or someone committed it there)
        final long seed = 19_012;
        final int partitions = 2;
        final String topic = "taken";
        final String group = "g-taken";
        final Expected e = generate(seed, 6_000, 10);
        kafka.createTopic(topic, partitions);
        kafka.produce(topic, KafkaLinesHarness.bytes(e.lines), partitions);
        final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicBoolean bAssigned = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicReference<KafkaLinesHarness.Run> runRef = new java.util.concurrent.atomic.AtomicReference<>();
        final Thread member = new Thread(() -> holdOnePartition(topic, group, bAssigned, runRef), "member-b");
        final KafkaLinesHarness.Run run = kafka.new Run(topic, group, null, true, 256, TimeMode.ARRIVAL,
                Map.of("max.poll.records", "50"), () -> {
                    if (batches.incrementAndGet() == 2) {
                        member.start();
                    }
                    if (!bAssigned.get()) {
                        try {
                            Thread.sleep(100); // slow until B has its partition, so some of it is left unread
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        runRef.set(run);
        run.start();
        assertThat(run.pipeline.awaitSources(120_000)).as(run.notices()).isTrue();
        member.join(60_000);
        assertThat(run.pipeline.finish(60_000)).as(run.notices()).isTrue();
        final Map<Integer, Long> ends = kafka.ends(topic, partitions);
        long missing = 0;
        for (int p = 0; p < partitions; p++) {
            for (long o = 0; o < ends.get(p); o++) {
                if (!run.counted.containsKey((long) p << 40 | o)) {
                    missing++;
                }
            }
        }
        final String what = "seed " + seed + ": batches " + batches.get() + ", B assigned " + bAssigned.get()
                + ", revocations " + run.source.revocations() + ", counted " + run.countedLines()
                + ", notices: " + run.notices();
        assertThat(bAssigned.get()).as(what).isTrue();
        assertThat(run.source.revocations()).as(what).isPositive();
        assertThat(missing).as(what).isZero();
        assertThat(run.hits()).as(what).isGreaterThanOrEqualTo(e.hits);
        assertThat(kafka.committed(group, topic, partitions)).as(what).isEqualTo(ends);
    }

    /** Member B: joins, holds what it is given without reading it for the group, leaves when A's source ends or after 8 s. */
    private static void holdOnePartition(final String topic, final String group,
                                         final java.util.concurrent.atomic.AtomicBoolean assigned,
                                         final java.util.concurrent.atomic.AtomicReference<KafkaLinesHarness.Run> a) {
        final Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("group.id", group);
        config.put("enable.auto.commit", "false");
        config.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        config.put("max.poll.records", "1");
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> b = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                config, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            b.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long heldSince = 0;
            while (System.nanoTime() - deadline < 0) {
                b.poll(java.time.Duration.ofMillis(100));
                if (heldSince == 0 && !b.assignment().isEmpty()) {
                    assigned.set(true);
                    heldSince = System.nanoTime();
                }
                final KafkaLinesHarness.Run run = a.get();
                if (heldSince != 0 && (System.nanoTime() - heldSince > TimeUnit.SECONDS.toNanos(8)
                        || run.source != null && run.status().state() == SourceState.DONE)) {
                    return; // leaves the group without committing
                }
            }
        }
    }

    @Test
    void shouldTakeLinesOutOfJsonEnvelopesAndCountBrokenOnesByReason() throws Exception {
        final String line = TestLines.line("10.2.0.1", T0, "/caf\u00e9/x", 200, 10);
        final String escaped = line.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u00e9", "\\u00e9");
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            values.add("{\"@timestamp\":\"2015-05-17T10:05:00Z\",\"host\":{\"name\":\"web-" + i % 3 + "\"},\"message\":\""
                    + escaped + "\",\"tags\":[\"a\",{\"b\":\"}\"}]}"); // Filebeat-like
        }
        for (int i = 0; i < 30; i++) {
            values.add("{\"message\":\"" + escaped + "\\n\",\"source_type\":\"file\",\"file\":\"/var/log/nginx/access.log\"}"); // Vector-like
        }
        for (int i = 0; i < 7; i++) {
            values.add("{\"msg\":\"" + escaped + "\"}"); // no message field
        }
        values.add("{\"message\":17}"); // not a string: no field either
        for (int i = 0; i < 5; i++) {
            values.add(line); // a raw line where an envelope was expected
        }
        values.add("{\"message\":\"cut"); // broken JSON
        values.add("{\"message\":\"not an access log line\"}"); // extracted, then malformed by the parser
        kafka.createTopic("envelopes", 2);
        kafka.produce("envelopes", KafkaLinesHarness.bytes(values), 2);

        final KafkaLinesHarness.Run run = kafka.new Run("envelopes", "g-env", "message", true, 256).start();
        assertThat(run.pipeline.awaitSources(120_000)).isTrue();
        assertThat(run.pipeline.finish(60_000)).isTrue();
        final Snapshot last = run.out.last();
        assertThat(last.lines().parsed()).isEqualTo(70);
        assertThat(last.lifetime().hits()).isEqualTo(70);
        assertThat(last.lifetime().sections()).extracting(SectionCount::section).containsExactly("/caf\u00e9");
        final Map<MalformedReason, Long> reasons = last.lines().malformedByReason();
        assertThat(reasons.get(MalformedReason.NO_FIELD)).isEqualTo(8);
        assertThat(reasons.get(MalformedReason.NOT_JSON)).isEqualTo(6);
        assertThat(last.lines().malformed()).isEqualTo(15);
        assertThat(last.lines().read()).isEqualTo(values.size());
        assertThat(run.errors.count()).isZero();
        assertThat(kafka.committed("g-env", "envelopes", 2)).isEqualTo(kafka.ends("envelopes", 2));
    }

    @Test
    void shouldCountEveryLineAtLeastOnceThroughARebalanceWithDuplicatesWithinTheBound() throws Exception {
        final long seed = 19_003;
        final int partitions = 4;
        final int ring = 1024;
        final int perBatch = 400; // one batch about every 100 ms: about 4,000 lines a second
        final String topic = "rebalance";
        final String group = "g-rebalance";
        kafka.createTopic(topic, partitions);
        final SplittableRandom rnd = new SplittableRandom(seed);
        long produced = 0;

        final KafkaLinesHarness.Run a = kafka.new Run(topic, group, null, false, ring).start();
        produced += produceFor(topic, rnd, 10, perBatch, partitions); // ~1 s with A alone
        final KafkaLinesHarness.Run b = kafka.new Run(topic, group, null, false, ring).start();
        assertThat(KafkaLinesHarness.await(60_000, () -> {
            try {
                kafka.produce(topic, batch(rnd, perBatch), partitions);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            return b.source != null && b.status().path().contains("partitions ") && !b.status().path().contains("none")
                    && a.source.revocations() > 0;
        })).as("seed " + seed + ": B joins the group and takes partitions from A").isTrue();
        produced = kafka.ends(topic, partitions).values().stream().mapToLong(Long::longValue).sum();
        produced += produceFor(topic, rnd, 10, perBatch, partitions); // both read
        b.pipeline.finish(60_000); // B leaves: A takes its partitions back
        produced += produceFor(topic, rnd, 10, perBatch, partitions);
        final long total = produced;
        assertThat(KafkaLinesHarness.await(60_000, () -> committedSum(group, topic, partitions) == total))
                .as("seed " + seed + ": A commits up to the end").isTrue();
        assertThat(a.pipeline.finish(60_000)).isTrue();

        final Map<Long, Integer> both = new HashMap<>(a.counted);
        b.counted.forEach((k, v) -> both.merge(k, v, Integer::sum));
        final Map<Integer, Long> ends = kafka.ends(topic, partitions);
        long missing = 0;
        for (int p = 0; p < partitions; p++) {
            for (long o = 0; o < ends.get(p); o++) {
                if (!both.containsKey((long) p << 40 | o)) {
                    missing++;
                }
            }
        }
        final long seen = a.countedLines() + b.countedLines();
        final long duplicates = seen - both.size();
        // the bound: per revocation, the lines read but not yet counted (the ring, the last tick or
        // two, one poll of max.poll.records per partition set); two revocations here (B joins, B leaves)
        final long bound = 2L * (ring + 2 * 4_000 + 500);
        final String what = "seed " + seed + ": produced " + total + ", seen " + seen + ", duplicates " + duplicates
                + ", revocations A " + a.source.revocations() + " B " + b.source.revocations();
        assertThat(missing).as(what).isZero();
        assertThat(both.size()).as(what).isEqualTo(total);
        assertThat(duplicates).as(what).isBetween(0L, bound);
        assertThat(a.hits() + b.hits()).as(what).isEqualTo(seen);
        assertThat(a.errors.count() + b.errors.count()).as(what).isZero();
        System.out.println("rebalance: " + what + " (bound " + bound + ")");
    }

    private long committedSum(final String group, final String topic, final int partitions) {
        try {
            return kafka.committed(group, topic, partitions).values().stream().mapToLong(Long::longValue).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<byte[]> batch(final SplittableRandom rnd, final int n) {
        final List<String> lines = new ArrayList<>(n);
        final long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < n; i++) {
            lines.add(TestLines.randomLine(rnd, now, 300));
        }
        return KafkaLinesHarness.bytes(lines);
    }

    /** {@code batches} batches of {@code n} lines, about 100 ms apart; the lines sent. */
    private static long produceFor(final String topic, final SplittableRandom rnd, final int batches, final int n,
                                   final int partitions) throws Exception {
        for (int i = 0; i < batches; i++) {
            kafka.produce(topic, batch(rnd, n), partitions);
            Thread.sleep(100); // pacing the producer, not waiting for a result
        }
        return (long) batches * n;
    }

    @Test
    void shouldEndAOnceRunOnATopicThatDoesNotExistWithANotice() throws Exception {
        final KafkaLinesHarness.Run run = kafka.new Run("never-made", "g-none", null, true, 256).start();
        assertThat(run.pipeline.awaitSources(60_000)).as(run.notices()).isTrue();
        assertThat(run.pipeline.finish(30_000)).isTrue();
        assertThat(run.notices()).contains("kafka:never-made: no topic never-made on the cluster; nothing to read (--once)");
        assertThat(run.out.last().lines().read()).isZero();
        assertThat(run.errors.count()).isZero();
    }

    @Test
    void shouldWaitForADeletedTopicAndReadItAgainWhenItComesBack() throws Exception {
        final String topic = "comes-and-goes";
        kafka.createTopic(topic, 1);
        final SplittableRandom rnd = new SplittableRandom(19_004);
        kafka.produce(topic, batch(rnd, 100), 1);
        final KafkaLinesHarness.Run run = kafka.new Run(topic, "g-gone", null, false, 256).start();
        assertThat(KafkaLinesHarness.await(60_000, () -> run.hits() == 100)).isTrue();

        kafka.admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        assertThat(KafkaLinesHarness.await(60_000, () -> run.status().state() == SourceState.WAITING))
                .as(run.notices()).isTrue();
        assertThat(run.notices()).contains("kafka:" + topic + ": no topic " + topic);

        kafka.createTopic(topic, 1);
        kafka.produce(topic, batch(rnd, 50), 1);
        assertThat(KafkaLinesHarness.await(90_000, () -> run.hits() == 150)).as(run.notices()).isTrue();
        assertThat(run.pipeline.finish(60_000)).isTrue();
        assertThat(run.errors.count()).isZero();
        assertThat(run.out.last().lifetime().hits()).isEqualTo(150);
    }
}
