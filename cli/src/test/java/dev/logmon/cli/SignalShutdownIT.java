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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM while following a file under load (RELIABILITY row 35): the real jar stops its readers,
 * drains the ring, writes a final snapshot that counts every line it read, and exits 0 in bounded
 * time.
 */
class SignalShutdownIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldWriteAFinalSnapshotAndExitZeroOnSigtermDuringLoad() throws Exception {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final Path log = dir.resolve("access.log");
        Files.createFile(log);
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(java, "-jar", jar.toString(), "-s", log.toString(), "--sink", "json",
                "--every", "1").redirectError(dir.resolve("stderr").toFile()).start();
        final List<JsonNode> lines = new CopyOnWriteArrayList<>();
        final List<String> raw = new CopyOnWriteArrayList<>(); // for the failure message
        final Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    raw.add(line);
                    lines.add(CliRun.JSON.readTree(line));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicLong written = new AtomicLong();
        final Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                final TrafficGenerator gen = new TrafficGenerator(5);
                final byte[] buf = new byte[TrafficGenerator.MAX_LINE_BYTES];
                while (writing.get()) {
                    for (int i = 0; i < 500; i++) {
                        out.write(buf, 0, gen.writeLine(System.currentTimeMillis() / 1000, buf));
                    }
                    out.flush();
                    written.addAndGet(500);
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lines.stream().noneMatch(n -> n.at("/lines/parsed").asLong() > 10_000) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }

        // SIGTERM while lines keep arriving. Process.destroy() would also close our end of the
        // child's stdout and lose the final snapshot; the handle only sends the signal.
        assertThat(p.toHandle().destroy()).isTrue();
        final long stoppedAt = System.nanoTime();
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("exits within 15 s of SIGTERM").isTrue();
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        writing.set(false);
        writer.join();
        reader.join(5_000);

        assertThat(p.exitValue()).as("stderr: " + Files.readString(dir.resolve("stderr"))).isZero();
        assertThat(tookMs).isLessThan(15_000);
        final JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("final").asBoolean()).as("the last line is the final snapshot; stderr: "
                + Files.readString(dir.resolve("stderr")) + "; raw lines: " + raw.size() + " last: "
                + raw.get(raw.size() - 1)).isTrue();
        final long read = last.at("/lines/read").asLong();
        assertThat(read).isPositive().isLessThanOrEqualTo(written.get());
        assertThat(last.at("/lines/parsed").asLong() + last.at("/lines/malformed").asLong()).isEqualTo(read);
        assertThat(last.at("/sources/0/linesRead").asLong()).isEqualTo(read);
    }
}
