package dev.logmon.cli;

import dev.logmon.cli.demo.TrafficGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real service under {@code -Xmx64m} with a state file that is not one: a 5 GiB sparse file,
 * a link to {@code /dev/zero}, a FIFO. Each must give one clear warning and a fresh start
 * (no OOM, no "array size too large", no hang at start), count the log, stop on SIGTERM and
 * replace the bad file with a good state.
 */
class BadStateFileIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sparse-5g", "dev-zero", "fifo"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldWarnStartAfreshAndReplaceABadStateFile(final String kind) throws Exception {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final Path log = dir.resolve("access.log");
        final TrafficGenerator gen = new TrafficGenerator(11);
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(gen.nextLine(System.currentTimeMillis() / 1000).stripTrailing());
        }
        Files.write(log, lines, StandardCharsets.UTF_8);
        final Path stateDir = Files.createDirectories(dir.resolve("state"));
        final Path state = stateDir.resolve("logmon.state");
        switch (kind) {
            case "sparse-5g" -> {
                try (RandomAccessFile f = new RandomAccessFile(state.toFile(), "rw")) {
                    f.setLength(5L << 30);
                }
            }
            case "dev-zero" -> Files.createSymbolicLink(state, Path.of("/dev/zero"));
            case "fifo" -> {
                final Process mk = new ProcessBuilder("mkfifo", state.toString()).start();
                Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "no mkfifo here");
            }
            default -> throw new IllegalArgumentException(kind);
        }
        final Path out = dir.resolve("out.jsonl");
        final Path err = dir.resolve("err.txt");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final long start = System.nanoTime();
        final Process p = new ProcessBuilder(java, "-Xmx64m", "-jar", jar.toString(), "serve", "--listen", "127.0.0.1:0",
                "-s", log.toString(), "--from-start", "--sink", "json", "--every", "1", "--state-dir", stateDir.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lifetimeHits(out) < 50 && p.isAlive() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            final long countedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(lifetimeHits(out)).as("counted the log; stderr:\n" + Files.readString(err)).isEqualTo(50);
            assertThat(p.toHandle().destroy()).isTrue();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            final String text = Files.readString(err);
            assertThat(p.exitValue()).as(text).isZero();
            assertThat(text).doesNotContain("OutOfMemoryError").doesNotContain("array size");
            assertThat(text.lines().filter(l -> l.contains("ignoring the state file")).toList()).as(text)
                    .singleElement().asString().startsWith("logmon: warning: ").endsWith("; starting afresh");
            assertThat(Files.isRegularFile(state, LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(Files.readString(state)).as("replaced by a good state").contains("totals 50 ");
            System.out.printf("bad state file %s: warned, counted 50 lines %d ms after start (-Xmx64m); warning: %s%n",
                    kind, countedMs, text.lines().filter(l -> l.contains("ignoring the state file")).findFirst().orElse(""));
        } finally {
            p.destroyForcibly();
        }
    }

    private static long lifetimeHits(final Path out) throws IOException {
        if (!Files.exists(out)) {
            return -1;
        }
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            try {
                final JsonNode n = CliRun.JSON.readTree(lines.get(i));
                return n.at("/windows/lifetime/hits").asLong();
            } catch (RuntimeException partial) {
                // the line being written
            }
        }
        return -1;
    }
}
