package dev.logmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.logmon.core.TestLines;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerReadings;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.engine.WaitStrategyName;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;

/**
 * Three instances (real pipelines reading their own files, each with the kafka sink) and an
 * aggregator, through a real broker: the aggregate's totals, status classes and top lists equal an
 * independent count over the union of the files; a host 11th on every instance but 1st overall
 * is found.
 */
class FleetAggregateTest {
    private static final int INSTANCES = 3;
    private static final int LINES = 3_000;
    private static final int SECONDS = 90;
    private static final int[] STATUSES = {200, 200, 200, 201, 204, 301, 304, 400, 403, 404, 500, 503, 101, 999};
    /** The host ranked 11th on every instance (its bytes below each instance's ten heavy hosts), 1st overall. */
    private static final String ELEVENTH = "10.8.8.8";

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(said, true, StandardCharsets.UTF_8);

    /** An independent count of what the files hold. */
    private static final class Count {
        long hits;
        long bytes;
        final long[] status = new long[6];
        final Map<String, Long> sections = new HashMap<>();
        final Map<String, Long> hostBytes = new HashMap<>();

        void add(final String host, final String path, final int status, final long size) {
            hits++;
            bytes += size;
            final int cls = status >= 100 && status < 600 ? status / 100 - 1 : 5;
            this.status[cls]++;
            sections.merge(path.substring(0, path.indexOf('/', 1)), 1L, Long::sum);
            hostBytes.merge(host, size, Long::sum);
        }
    }

    /** Writes instance {@code k}'s file: random traffic, ten heavy hosts of its own, and the shared 11th host. */
    private static Path write(final Path dir, final int k, final long seed, final Count count) throws Exception {
        final SplittableRandom rnd = new SplittableRandom(seed + k);
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            final long second = TestLines.T0 + (long) i * SECONDS / LINES;
            final String host;
            final long size;
            if (i % 100 == 0) {
                host = "10.9." + k + "." + (i / 100 % 10); // ten heavy hosts, 3 lines x 1,000,000 each
                size = 1_000_000;
            } else if (i % 100 == 50 && i < 1_000) {
                host = ELEVENTH; // 10 lines x 250,000 = 2.5 M here, 7.5 M overall
                size = 250_000;
            } else {
                host = "10.0.0." + rnd.nextInt(200);
                size = rnd.nextLong(0, 5_000);
            }
            final String path = "/s" + rnd.nextInt(40) + "/p" + rnd.nextInt(3);
            final int status = STATUSES[rnd.nextInt(STATUSES.length)];
            lines.add(TestLines.line(host, second, path, status, size));
            count.add(host, path, status, size);
        }
        final Path file = dir.resolve("access-" + k + ".log");
        Files.write(file, lines, StandardCharsets.ISO_8859_1);
        return file;
    }

    private static Settings settings(final Path file) {
        final Settings s = new Settings();
        s.sources.add(file.toString());
        s.once = true;
        s.timeMode = TimeMode.LOG;
        s.topCapacity = 1_000;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        s.waitStrategy = WaitStrategyName.SLEEPING;
        assertThat(s.conclude()).isEmpty();
        return s;
    }

    private static final SnapshotPublisher NOWHERE = new SnapshotPublisher() {
        @Override
        public void publishSnapshot(final Snapshot snapshot) {
        }

        @Override
        public void publishAlert(final AlertEvent alert) {
        }
    };

    /** Runs one instance to its end with the kafka sink; returns its last snapshot's lifetime hits. */
    private long runInstance(final Path file, final String id, final KafkaConnection kafka) throws Exception {
        final Settings settings = settings(file);
        final Pipeline p = new Pipeline(settings, NOWHERE, Clock.SYSTEM, notices, new HandlerErrors(notices));
        final FrameSender sender = FrameSender.start(kafka, "frames", FrameSender.DEFAULT_CAPACITY, notices);
        p.addCombinerHook(new FramePublisher(id, UUID.randomUUID().toString(), sender, settings.topCapacity,
                p::labelOffsetSeconds));
        p.start();
        assertThat(p.awaitSources(60_000)).isTrue();
        assertThat(p.finish(60_000)).isTrue();
        assertThat(sender.close(60_000)).as("every frame of %s acknowledged; said: %s", id, said).isTrue();
        return p.latest().lifetime().hits();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldEqualAnIndependentCountOverTheUnionOfTheFiles(@TempDir Path dir) throws Exception {
        final long seed = System.nanoTime();
        final String why = "seed " + seed;
        final Count count = new Count();
        final List<Path> files = new ArrayList<>();
        for (int k = 0; k < INSTANCES; k++) {
            files.add(write(dir, k, seed, count));
        }
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir.resolve("kafka"))) {
            cluster.kit().admin().createTopics(Set.of(new NewTopic("frames", 3, (short) 1))).all().get();
            final KafkaConnection kafka = new KafkaConnection(cluster.bootstrapServers(), Map.of());

            final List<Throwable> failures = new CopyOnWriteArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            for (int k = 0; k < INSTANCES; k++) {
                final Path file = files.get(k);
                final String id = "web-" + k;
                final Thread t = new Thread(() -> {
                    try {
                        assertThat(runInstance(file, id, kafka)).isEqualTo(LINES);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "instance-" + k);
                threads.add(t);
                t.start();
            }
            for (final Thread t : threads) {
                t.join();
            }
            assertThat(failures).as(why).isEmpty();

            final List<Snapshot> published = new CopyOnWriteArrayList<>();
            final SnapshotPublisher out = new SnapshotPublisher() {
                @Override
                public void publishSnapshot(final Snapshot snapshot) {
                    published.add(snapshot);
                }

                @Override
                public void publishAlert(final AlertEvent alert) {
                }
            };
            final FleetMerger merger = new FleetMerger(10_000, 5, 60_000,
                    ex -> CombinerSetup.builder(ex, 10_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e9, 10), out)
                            .top(10).everySeconds(1),
                    CombinerReadings.NONE);
            final Aggregator aggregator = new Aggregator(kafka, "frames", true, merger, notices, System::currentTimeMillis);
            aggregator.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (merger.latest() == null || merger.latest().lifetime().hits() < count.hits) {
                assertThat(System.nanoTime() - deadline).as("aggregate reaches %d hits (%s)", count.hits, why).isNegative();
                Thread.sleep(50);
            }
            assertThat(aggregator.stop(30_000)).isTrue();
            final Snapshot last = published.get(published.size() - 1);
            assertThat(last.last()).isTrue();
            final WindowView all = last.lifetime();
            assertThat(all.hits()).as(why).isEqualTo(count.hits);
            assertThat(all.bytes()).as(why).isEqualTo(count.bytes);
            assertThat(all.status()).as(why).isEqualTo(new StatusCounts(count.status[0], count.status[1],
                    count.status[2], count.status[3], count.status[4], count.status[5]));
            assertThat(all.topErrorBound()).as("exact top lists, " + why).isZero();
            for (final SectionCount s : all.sections()) {
                assertThat(s.hits()).as("section %s, %s", s.section(), why).isEqualTo(count.sections.get(s.section()));
            }
            assertThat(all.sections().stream().map(SectionCount::hits).toList()).as(why)
                    .isEqualTo(topValues(count.sections, all.sections().size()));
            for (final HostCount h : all.hosts()) {
                assertThat(h.bytes()).as("host %s, %s", h.host(), why).isEqualTo(count.hostBytes.get(h.host()));
            }
            assertThat(all.hosts().stream().map(HostCount::bytes).toList()).as(why)
                    .isEqualTo(topValues(count.hostBytes, all.hosts().size()));
            assertThat(all.hosts().get(0).host()).as("the host 11th on every instance is 1st overall, " + why)
                    .isEqualTo(ELEVENTH);
            assertThat(last.lines().late()).as("every frame in its second's window, " + why).isZero();

            assertThat(last.instances()).extracting(InstanceStatus::id).containsExactly("web-0", "web-1", "web-2");
            for (final InstanceStatus i : last.instances()) {
                assertThat(i.duplicates()).isZero();
                assertThat(i.missing()).isZero();
                assertThat(i.lastSecond()).isGreaterThanOrEqualTo(TestLines.T0 + SECONDS - 1);
            }
        }
    }

    private static List<Long> topValues(final Map<String, Long> counts, final int n) {
        return counts.values().stream().sorted(Comparator.reverseOrder()).limit(n).toList();
    }
}
