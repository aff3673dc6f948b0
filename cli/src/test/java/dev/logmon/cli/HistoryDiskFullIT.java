package dev.logmon.cli;

import dev.logmon.cli.demo.TrafficGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disk full under {@code --state-dir} for real (RELIABILITY row 42), end to end: the service
 * follows a log in log time with its state directory on a 1 MiB tmpfs (root only; skipped with a
 * message elsewhere); the disk is filled while 20 minutes crossing a UTC midnight are written,
 * then freed. After SIGTERM, {@code logmon-cli history} must read every minute written, before,
 * during and after, and the state must have been saved again.
 */
@Timeout(180)
class HistoryDiskFullIT {
    private static final int LINES_PER_MINUTE = 10;

    @TempDir
    Path dir;

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    private static int run(final String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static void await(final String what, final BooleanSupplier ok) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static String read(final Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Appends {@code minutes} minutes of lines from {@code first} (epoch second of a minute). */
    private static long appendMinutes(final Path log, final TrafficGenerator gen, final long first, final int minutes)
            throws IOException {
        final StringBuilder b = new StringBuilder();
        for (int m = 0; m < minutes; m++) {
            for (int i = 0; i < LINES_PER_MINUTE; i++) {
                b.append(gen.nextLine(first + 60L * m + i * (60 / LINES_PER_MINUTE)).stripTrailing()).append('\n');
            }
        }
        Files.writeString(log, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return (long) minutes * LINES_PER_MINUTE;
    }

    @Test
    void shouldReadEveryMinuteWrittenBeforeDuringAndAfterADiskFull() throws Exception {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        mount = Files.createDirectories(dir.resolve("mnt"));
        if (run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()) != 0) {
            mount = null;
            Assumptions.assumeTrue(false, "cannot mount a tmpfs here (needs root): disk-full test skipped");
        }
        final Path state = mount.resolve("state");
        final Path log = dir.resolve("access.log");
        final Path out = dir.resolve("out.jsonl");
        final Path err = dir.resolve("err.txt");
        final TrafficGenerator gen = new TrafficGenerator(17);
        final long midnight = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        final long first = midnight - 30 * 60; // 23:30 of the day before yesterday: both days in the past
        long written = appendMinutes(log, gen, first, 20); // 23:30 .. 23:49

        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--listen", "127.0.0.1:0",
                "-s", log.toString(), "--from-start", "--time", "log", "--sink", "json", "--every", "60",
                "--state-dir", state.toString(), "--state-every", "1s")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        final Path filler = mount.resolve("filler");
        long filled = 0;
        try {
            final Path day1 = state.resolve("history").resolve(LocalDate.ofEpochDay(first / 86_400) + ".lmh");
            await("the first minutes in the history", () -> Files.exists(day1) && day1.toFile().length() > 10_000);
            try (OutputStream o = Files.newOutputStream(filler)) {
                final byte[] block = new byte[4_096];
                while (true) {
                    o.write(block);
                    filled += block.length;
                }
            } catch (IOException full) {
                // the disk is full
            }
            written += appendMinutes(log, gen, first + 20 * 60, 20); // 23:50 .. 00:09: midnight while full
            await("the writer meeting the full disk: " + read(err), () -> read(err).contains("No space left"));
            Files.delete(filler);
            written += appendMinutes(log, gen, first + 40 * 60, 20); // 00:10 .. 00:29
            await("the writer recovering: " + read(err), () -> read(err).contains("writing again"));
        } finally {
            Files.deleteIfExists(filler);
            p.toHandle().destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        final String stderr = read(err);
        assertThat(p.exitValue()).as(stderr).isZero();

        final CliRun history = CliRun.run("history", "--state-dir", state.toString(), "--every", "1m");
        assertThat(history.exitCode).as(history.err).isZero();
        assertThat(history.err).as("no day or stretch skipped").isEmpty();
        final List<JsonNode> buckets = history.jsonLines();
        final List<Long> minutesWithHits = new ArrayList<>();
        long hits = 0;
        for (final JsonNode b : buckets) {
            final long h = b.at("/windows/2m/hits").asLong();
            hits += h;
            if (h > 0) {
                minutesWithHits.add(b.at("/windows/2m/hits").asLong());
            }
        }
        assertThat(minutesWithHits).as("every minute written reads back; serve said:\n" + stderr).hasSize(60);
        assertThat(hits).isEqualTo(written);
        assertThat(minutesWithHits).allMatch(h -> h == LINES_PER_MINUTE);
        assertThat(Files.readString(state.resolve("logmon.state"))).as("the state saved again once space returned")
                .contains("totals " + written + " ");
        System.out.printf("history disk-full (serve on a 1 MiB tmpfs, filler %d bytes): %d minutes / %d lines written, "
                + "history read %d minutes / %d hits; serve said: %s%n", filled, 60, written, minutesWithHits.size(),
                hits, stderr.lines().filter(l -> l.contains("history:") || l.contains("state")).toList());
    }
}
