package dev.logmon.cli;

import dev.logmon.cli.demo.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real jar following a file while libfaketime steps its wall clock forward an hour, then back
 * five minutes (RELIABILITY row 41; the monotonic clock is left alone). Snapshots go on once a
 * second, with no stall and no catch-up burst; the lifetime counts the seconds that passed; no
 * line is late; the labels follow the wall clock; each step is one line on stderr. Skipped where
 * libfaketime is not installed ({@code apt-get install faketime}).
 */
class FakeTimeStepIT {
    private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepSnapshotsAndRatesOnTheMonotonicClockWhenTheWallClockSteps() throws Exception {
        assumeTrue(Files.isRegularFile(LIBFAKETIME), "libfaketime is not installed: skipping");
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final Path log = Files.createFile(dir.resolve("access.log"));
        final Path offset = dir.resolve("faketime");
        Files.writeString(offset, "+0\n");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "-s", log.toString(), "--sink", "json",
                "--every", "1", "--threshold", "5").redirectError(dir.resolve("stderr").toFile());
        pb.environment().put("LD_PRELOAD", LIBFAKETIME.toString());
        pb.environment().put("FAKETIME_TIMESTAMP_FILE", offset.toString());
        pb.environment().put("FAKETIME_NO_CACHE", "1");
        pb.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        final long started = System.nanoTime();
        final Process p = pb.start();
        final List<JsonNode> snapshots = new CopyOnWriteArrayList<>();
        final Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    final JsonNode n = CliRun.JSON.readTree(line);
                    if ("snapshot".equals(n.path("type").asString())) {
                        snapshots.add(n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        final AtomicBoolean writing = new AtomicBoolean(true);
        final Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                final TrafficGenerator gen = new TrafficGenerator(41);
                final byte[] buf = new byte[TrafficGenerator.MAX_LINE_BYTES];
                while (writing.get()) {
                    for (int i = 0; i < 20; i++) {
                        out.write(buf, 0, gen.writeLine(System.currentTimeMillis() / 1000, buf));
                    }
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try {
            awaitSnapshots(snapshots, 3);
            final long before = second(snapshots.get(snapshots.size() - 1));
            Files.writeString(offset, "+1h\n");
            awaitSnapshots(snapshots, snapshots.size() + 4);
            final long forward = second(snapshots.get(snapshots.size() - 1));
            Files.writeString(offset, "+55m\n");
            awaitSnapshots(snapshots, snapshots.size() + 4);
            final long back = second(snapshots.get(snapshots.size() - 1));
            writing.set(false);
            writer.join();
            assertThat(p.toHandle().destroy()).isTrue(); // SIGTERM: final snapshot, exit 0
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            final long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
            final String err = Files.readString(dir.resolve("stderr"));
            assertThat(p.exitValue()).as(err).isZero();
            final JsonNode last = snapshots.get(snapshots.size() - 1);
            assertThat(last.path("final").asBoolean()).isTrue();
            assertThat(snapshots.size()).as("a snapshot a second, no catch-up burst (%d s passed)", elapsed)
                    .isLessThanOrEqualTo((int) elapsed + 2);
            assertThat(last.at("/windows/lifetime/seconds").asLong()).as("the seconds that passed")
                    .isLessThanOrEqualTo(elapsed);
            assertThat(last.at("/lines/late").asLong()).as("no line late after the step back").isZero();
            assertThat(forward - before).as("labels follow the step forward").isBetween(3_600L, 3_660L);
            assertThat(back - before).as("and the step back").isBetween(3_300L, 3_360L);
            assertThat(err).contains("stepped forward by 3600 s").contains("stepped back by 300 s");
            assertThat(snapshots).as("steady traffic: the relative alert never turns on")
                    .allMatch(n -> "off".equals(n.at("/alert/state").asString()));
        } finally {
            writing.set(false);
            p.destroyForcibly();
        }
    }

    private static long second(final JsonNode snapshot) {
        return Instant.parse(snapshot.path("time").asString()).getEpochSecond();
    }

    private static void awaitSnapshots(final List<JsonNode> snapshots, final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (snapshots.size() < count && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(count);
    }
}
