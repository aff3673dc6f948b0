package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.fleet.KafkaTestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
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
 * {@code kill -9} of the real jar reading {@code -s kafka:TOPIC} (README "Lines from Kafka", at
 * least once): an instance follows a 3-partition topic (seeded lines, then a producer writing
 * about 1,000 lines a second while it runs), is killed, and is started again with the same group.
 * Across both runs every record's line is counted at least once, and the lines counted twice are
 * at most those the group had not committed at the kill.
 *
 * <p>Identity: record {@code i} has the section {@code /r<i/100>}, so the lifetime's sections give
 * a count per block of 100 consecutive records; every block must be counted at least as often as
 * it was produced (a lost range of offsets would show as a short block, duplicates of other
 * blocks cannot hide it). Every send is checked (a failed one fails the test, never a short topic).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaLinesKillIT {
    private static final String TOPIC = "web";
    private static final String GROUP = "killed";
    private static final int PARTITIONS = 3;
    private static final int SEED = 3_000;
    private static final int BLOCK = 100;
    private static final int RING = 1_024;
    /** Production rate: BURST lines every PAUSE_MS. */
    private static final int BURST = 50;
    private static final long PAUSE_MS = 50;

    @TempDir
    Path dir;

    /** Every process started, so a failed assertion leaves none running (they would hold a port and 256 MB). */
    private final List<Process> started = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void killLeftovers() throws InterruptedException {
        for (final Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The real jar, remembered so that it is killed whatever the test's outcome. */
    private JarProcess jar(final String name, final List<String> command) throws IOException {
        final JarProcess j = new JarProcess(dir, name, command);
        started.add(j.process);
        return j;
    }

    private static String line(final int i) {
        return "10.0." + (i / 250 % 250) + "." + (i % 250) + " - - [07/Dec/2026:06:00:00 +0000] \"GET /r" + (i / BLOCK)
                + "/x HTTP/1.1\" 200 " + i + " \"-\" \"ua\"";
    }

    /** Sends lines from a given index on, about 1,000 a second, until stopped; every send checked at the end. */
    private static final class Producer {
        final KafkaProducer<String, String> producer;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger next;
        final List<Future<RecordMetadata>> sends = new ArrayList<>();
        final Thread thread;
        volatile Throwable failure;

        Producer(final String bootstrap, final int from) {
            this(bootstrap, from, true);
        }

        /** @param live false for the seed: no thread writing from {@code from} on (it would send a burst twice) */
        private Producer(final String bootstrap, final int from, final boolean live) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), new StringSerializer());
            next = new AtomicInteger(from);
            running.set(live);
            thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        for (int k = 0; k < BURST; k++) {
                            final int i = next.getAndIncrement();
                            synchronized (sends) {
                                sends.add(producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, line(i))));
                            }
                        }
                        TimeUnit.MILLISECONDS.sleep(PAUSE_MS);
                    }
                } catch (InterruptedException | RuntimeException e) {
                    failure = e;
                }
            }, "kill-it-producer");
            thread.start();
        }

        /** Seeds {@code count} lines from index 0 and waits for every one. */
        static void seed(final String bootstrap, final int count) throws Exception {
            final Producer p = new Producer(bootstrap, count, false);
            p.thread.join();
            for (int i = 0; i < count; i++) {
                p.sends.add(p.producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, line(i))));
            }
            p.stop();
        }

        /** Stops, waits for every send (a failed one throws) and returns how many lines were sent in all (indexes 0..n-1). */
        int stop() throws Exception {
            running.set(false);
            thread.join();
            assertThat(failure).as("the producer thread").isNull();
            producer.flush();
            synchronized (sends) {
                for (final Future<RecordMetadata> f : sends) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
            producer.close();
            return next.get();
        }
    }

    private static Map<Integer, Long> committed(final Admin admin) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> m =
                admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        final Map<Integer, Long> out = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            final OffsetAndMetadata om = m.get(new TopicPartition(TOPIC, p));
            out.put(p, om == null ? 0L : om.offset());
        }
        return out;
    }

    private static Map<Integer, Long> ends(final Admin admin) throws Exception {
        final Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            q.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        final Map<Integer, Long> out = new HashMap<>();
        admin.listOffsets(q).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    private static long sum(final Map<Integer, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Lifetime hits per block (section {@code /rN}) in a snapshot. */
    private static Map<Integer, Long> blocks(final JsonNode snapshot) {
        final Map<Integer, Long> out = new HashMap<>();
        for (final JsonNode s : snapshot.at("/windows/lifetime/sections")) {
            final String name = s.get("section").asString();
            assertThat(name).startsWith("/r");
            out.merge(Integer.parseInt(name.substring(2)), s.get("hits").asLong(), Long::sum);
        }
        return out;
    }

    private List<String> instance(final String bootstrap) {
        return List.of("-s", "kafka:" + TOPIC, "--kafka-bootstrap", bootstrap, "--kafka-group", GROUP,
                "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=1000",
                "--sink", "json", "--every", "1", "--top", "1000", "--ring-size", Integer.toString(RING));
    }

    @Test
    void shouldCountEveryRecordAtLeastOnceAcrossAKillAndARestartOfTheSameGroup() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir.resolve("kafka"))) {
            final Admin admin = cluster.kit().admin();
            admin.createTopics(Set.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            final String bootstrap = cluster.bootstrapServers();
            Producer.seed(bootstrap, SEED);

            final JarProcess first = jar("first", instance(bootstrap));
            final Producer producer = new Producer(bootstrap, SEED);
            // the seed and about 3 s of live lines counted, then kill -9 just after a snapshot is
            // written (what it counted by then is in its output; a commit can only follow a printed tick)
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (first.hits() < SEED + 3_000 && System.nanoTime() < deadline && first.process.isAlive()) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertThat(first.hits()).as("the first run counts the seed and live lines; %s", first.stderr())
                    .isGreaterThanOrEqualTo(SEED + 3_000);
            // kill -9 just after a snapshot is written while the sink is not behind: its second was
            // closed less than 1.2 s ago, so the next tick (whose commit could run ahead of the
            // output) is not merged yet. A live sink may lag under load (snapshots wait in its
            // queue): lines committed then are counted but not yet printed, and a kill loses their output
            boolean onTime = false;
            while (!onTime && System.nanoTime() < deadline) {
                final int printed = first.lines().size();
                while (first.lines().size() == printed && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                final JsonNode fresh = first.last();
                onTime = fresh != null && java.time.Duration.between(java.time.Instant.parse(fresh.get("time").asString()),
                        java.time.Instant.now()).toMillis() < 1_200;
            }
            first.process.destroyForcibly();
            assertThat(onTime).as("a snapshot written on time to kill after").isTrue();
            assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            final Map<Integer, Long> committedAtKill = committed(admin);
            final Map<Integer, Long> endsAtKill = ends(admin);
            final JsonNode firstLast = first.last();
            final long firstHits = firstLast.at("/windows/lifetime/hits").asLong();
            // counted twice at most: what the first run may have counted past the group's commit
            final long bound = sum(endsAtKill) - sum(committedAtKill);

            final JarProcess second = jar("second", instance(bootstrap));
            TimeUnit.SECONDS.sleep(4); // the producer writes on while the group takes the dead member's partitions back
            final int total = producer.stop();
            final Map<Integer, Long> ends = ends(admin);
            assertThat(sum(ends)).as("every record is in the topic").isEqualTo(total);
            final long caughtUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            Map<Integer, Long> committed = committed(admin);
            while (!committed.equals(ends) && System.nanoTime() < caughtUp && second.process.isAlive()) {
                TimeUnit.MILLISECONDS.sleep(200);
                committed = committed(admin);
            }
            assertThat(committed).as("the second run reads and commits to the ends; %s", second.stderr()).isEqualTo(ends);
            second.process.toHandle().destroy();
            assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(second.process.exitValue()).as(second.stderr()).isZero();
            final JsonNode secondLast = second.last();
            assertThat(secondLast.path("final").asBoolean()).isTrue();
            final long secondHits = secondLast.at("/windows/lifetime/hits").asLong();

            final Map<Integer, Long> firstBlocks = blocks(firstLast);
            final Map<Integer, Long> secondBlocks = blocks(secondLast);
            final Map<Integer, Long> counted = new HashMap<>(firstBlocks);
            secondBlocks.forEach((b, n) -> counted.merge(b, n, Long::sum));
            final String figures = "total " + total + ", first run " + firstHits + " (lines.read "
                    + firstLast.at("/lines/read").asLong() + "), second run " + secondHits + " (lines.read "
                    + secondLast.at("/lines/read").asLong() + "), committed at the kill " + committedAtKill
                    + ", ends at the kill " + endsAtKill + ", first blocks " + new java.util.TreeMap<>(firstBlocks)
                    + ", second blocks " + new java.util.TreeMap<>(secondBlocks);
            if (System.getenv("KILL_IT_KEEP") != null) {
                final Path keep = Files.createDirectories(Path.of(System.getenv("KILL_IT_KEEP")));
                for (final JarProcess j : List.of(first, second)) {
                    Files.copy(j.out, keep.resolve(j.out.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.copy(j.err, keep.resolve(j.err.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (int b = 0; b * BLOCK < total; b++) {
                final long produced = Math.min(BLOCK, total - (long) b * BLOCK);
                assertThat(counted.getOrDefault(b, 0L)).as("block %d (records %d..%d) counted at least once; %s; first %s; second %s",
                        b, b * BLOCK, b * BLOCK + produced - 1, figures, first.stderr(), second.stderr())
                        .isGreaterThanOrEqualTo(produced);
            }
            final long twice = firstHits + secondHits - total;
            // the README's bound for one instance: lines read but not yet counted, about two ticks
            // of lines plus the ring plus one poll (500); at most the uncommitted at the kill
            assertThat(twice).as("counted twice: at most what the group had not committed at the kill (%d)", bound)
                    .isBetween(0L, bound);
            final long documented = 2 * 1_000L + RING + 500;
            assertThat(twice).as("within twice the documented bound (2 s of lines + ring + one poll = %d)", documented)
                    .isLessThanOrEqualTo(2 * documented);
            System.out.println("KafkaLinesKillIT: " + total + " records; first run " + firstHits + ", second run "
                    + secondHits + ": " + twice + " counted twice (uncommitted at the kill " + bound
                    + ", documented bound " + documented + ")");
        }
    }
}
