package dev.logmon.cli;

import dev.logmon.cli.demo.TrafficGenerator;
import dev.logmon.core.state.StateFile;
import dev.logmon.fleet.KafkaTestCluster;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many servers with the real jar and a real broker (issue 19): three instances follow their own
 * growing files with {@code --sink kafka --state-dir}, one aggregate reads their frames; one
 * instance is killed with {@code kill -9} and started again with its state. The aggregate loses
 * nothing, and counts twice at most the lines the killed instance read after its last saved
 * state (README "Many servers": the bound is about --state-every of traffic).
 */
@Timeout(300)
class FleetKillIT {
    private static final int INSTANCES = 3;
    private static final int BURST = 100;
    private static final long PAUSE_MS = 50;

    @TempDir
    Path dir;

    /** Appends generated lines until stopped; remembers how many were written when. */
    private static final class Writer {
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicLong written = new AtomicLong();
        final ConcurrentSkipListMap<Long, Long> writtenAt = new ConcurrentSkipListMap<>();
        final Thread thread;

        Writer(final Path log, final int seed) {
            thread = new Thread(() -> {
                final TrafficGenerator gen = new TrafficGenerator(seed);
                final byte[] buf = new byte[TrafficGenerator.MAX_LINE_BYTES];
                try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    while (writing.get()) {
                        for (int i = 0; i < BURST; i++) {
                            out.write(buf, 0, gen.writeLine(System.currentTimeMillis() / 1000, buf));
                        }
                        out.flush();
                        writtenAt.put(System.nanoTime(), written.addAndGet(BURST));
                        TimeUnit.MILLISECONDS.sleep(PAUSE_MS);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "log-writer-" + seed);
            thread.start();
        }

        void stop() throws InterruptedException {
            writing.set(false);
            thread.join();
        }

        /** Lines written between {@code fromNanos} and {@code toNanos}. */
        long between(final long fromNanos, final long toNanos) {
            final var before = writtenAt.floorEntry(fromNanos);
            final var upTo = writtenAt.floorEntry(toNanos);
            return (upTo == null ? 0 : upTo.getValue()) - (before == null ? 0 : before.getValue());
        }
    }

    /** The threads of a process (jcmd), to see where it is when it falls behind. */
    private static String threads(final Process p) {
        try {
            final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            final Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            final String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "no thread dump: " + e;
        }
    }

    /** Lifetime hits of the last save in {@code stateDir}, -1 while there is none (or it is being replaced). */
    private long savedHits(final Path stateDir) {
        try {
            // read a copy: StateFile.read tidies its directory's leftovers, which would race the
            // live instance's writer (saves are replaced by rename, so the copy is one whole save)
            final Path copy = Files.createDirectories(dir.resolve("state-copy"));
            Files.copy(StateFile.in(stateDir), StateFile.in(copy), StandardCopyOption.REPLACE_EXISTING);
            final StateFile.Saved saved = StateFile.read(copy, 100_000);
            return saved == null ? -1 : saved.lifetime().hits;
        } catch (IOException | StateFile.CorruptStateException none) {
            return -1;
        }
    }

    private long awaitSavedHits(final Path stateDir, final LongPredicate ok, final long timeoutMs)
            throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long hits = savedHits(stateDir);
        while (!ok.test(hits) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            hits = savedHits(stateDir);
        }
        return hits;
    }

    private List<String> instance(final String bootstrap, final int k, final Path log) {
        return List.of("-s", log.toString(), "--from-start", "--sink", "kafka,json", "--every", "1",
                "--kafka-bootstrap", bootstrap, "--kafka-topic", "frames", "--instance-id", "web-" + k,
                "--state-dir", dir.resolve("state-" + k).toString(), "--state-every", "1s");
    }

    @Test
    void shouldLoseNothingAndCountTwiceAtMostTheLinesAfterTheKilledInstancesLastSavedState() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir.resolve("kafka"))) {
            cluster.kit().admin().createTopics(Set.of(new NewTopic("frames", 3, (short) 1))).all().get();
            final String bootstrap = cluster.bootstrapServers();
            final JarProcess aggregate = new JarProcess(dir, "aggregate", List.of("aggregate", "--kafka-bootstrap", bootstrap,
                    "--kafka-topic", "frames", "--from-start", "--sink", "json", "--every", "1", "--lateness", "2s",
                    "--listen", "127.0.0.1:0"));
            final List<Path> logs = new ArrayList<>();
            final List<Writer> writers = new ArrayList<>();
            final List<JarProcess> instances = new ArrayList<>();
            for (int k = 0; k < INSTANCES; k++) {
                final Path log = Files.createFile(dir.resolve("access-" + k + ".log"));
                logs.add(log);
                writers.add(new Writer(log, 11 + k));
                instances.add(new JarProcess(dir, "web-" + k, instance(bootstrap, k, log)));
            }
            final JarProcess victim = instances.get(0);
            assertThat(victim.awaitHits(h -> h > 5_000, 120_000)).as(victim.stderr()).isGreaterThan(5_000);
            // a save behind it that counts some lines: saves wait for the frames' acknowledgements,
            // so this also shows the checkpoint gate lets saves through while the broker is up
            final long savedBefore = awaitSavedHits(dir.resolve("state-0"), h -> h > 2_000, 120_000);
            assertThat(savedBefore).as("web-0 saved its state; %s", victim.stderr()).isGreaterThan(2_000);
            final long killedAt = System.nanoTime();
            victim.process.destroyForcibly();
            assertThat(victim.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            final long writtenAtKill = writers.get(0).written.get();
            // the guarantee: counted twice at most the lines read after the last saved state; the
            // killed instance cannot have read more than was written by the kill. Measured from its
            // real state file, so a loaded machine (slow saves, slow acknowledgements) widens the
            // bound only as far as the product really lagged
            final long saved = savedHits(dir.resolve("state-0"));
            assertThat(saved).as("the last save read back after the kill").isGreaterThanOrEqualTo(savedBefore);
            final long bound = writtenAtKill - saved;
            final long fiveSeconds = writers.get(0).between(killedAt - TimeUnit.SECONDS.toNanos(5), killedAt);
            TimeUnit.MILLISECONDS.sleep(500);
            final JarProcess restarted = new JarProcess(dir, "web-0-again", instance(bootstrap, 0, logs.get(0)));
            instances.set(0, restarted);
            TimeUnit.SECONDS.sleep(3);
            long total = 0;
            for (int k = 0; k < INSTANCES; k++) {
                writers.get(k).stop();
                final long written = writers.get(k).written.get();
                total += written;
                final JarProcess j = instances.get(k);
                assertThat(j.awaitHits(h -> h >= written, 120_000)).as("web-%d counts its file; %s", k, j.stderr())
                        .isEqualTo(written);
                assertThat(j.sigterm().at("/windows/lifetime/hits").asLong()).isEqualTo(written);
                assertThat(j.stderr()).doesNotContain("not acknowledged");
            }
            final long expected = total;
            final long seen = aggregate.awaitHits(h -> h >= expected, 120_000);
            if (seen < expected) {
                System.out.println("FleetKillIT: aggregate behind: " + aggregate.last() + "\n" + threads(aggregate.process));
            }
            assertThat(seen).as("the aggregate reached every line; " + aggregate.stderr()).isGreaterThanOrEqualTo(expected);
            TimeUnit.SECONDS.sleep(3); // the last frames are in: nothing more may come
            final java.util.regex.Matcher api = java.util.regex.Pattern.compile("API on (http://\\S+) ")
                    .matcher(aggregate.stderr());
            assertThat(api.find()).as("the aggregate's API address; " + aggregate.stderr()).isTrue();
            // the API's sink runs on its own thread: poll it until it shows what the JSON lines showed
            final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            final long apiDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            JsonNode served;
            do {
                final java.net.http.HttpResponse<String> snapshot = http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.group(1) + "/snapshot")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(snapshot.statusCode()).isEqualTo(200);
                served = CliRun.JSON.readTree(snapshot.body());
                TimeUnit.MILLISECONDS.sleep(200);
            } while (served.at("/windows/lifetime/hits").asLong() < expected && System.nanoTime() < apiDeadline);
            System.out.println("FleetKillIT: API time " + served.get("time") + " hits " + served.at("/windows/lifetime/hits")
                    + ", JSON time " + aggregate.last().get("time") + " hits " + aggregate.hits());
            assertThat(served.at("/windows/lifetime/hits").asLong()).as("the API serves the merged view; %s; %s",
                    served.get("time"), aggregate.stderr()).isGreaterThanOrEqualTo(expected);
            assertThat(served.get("instances")).hasSize(INSTANCES);
            final JsonNode last = aggregate.sigterm();
            final long hits = last.at("/windows/lifetime/hits").asLong();
            assertThat(hits - expected).as("counted twice: at most the lines after the last saved state (%d); %s",
                    bound, aggregate.stderr()).isBetween(0L, bound);
            assertThat(last.get("instances")).hasSize(INSTANCES);
            for (final JsonNode i : last.get("instances")) {
                assertThat(i.get("duplicates").asLong()).isZero();
                assertThat(i.get("missing").asLong()).isZero();
            }
            System.out.println("FleetKillIT: " + expected + " lines written, aggregate counted " + hits + " ("
                    + (hits - expected) + " twice; bound " + bound + " = " + writtenAtKill + " written by the kill - "
                    + saved + " in the last save; lines of the 5 s before the kill: " + fiveSeconds + ")");
        }
    }
}
