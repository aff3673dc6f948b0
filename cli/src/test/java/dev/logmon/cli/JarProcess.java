package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import tools.jackson.databind.JsonNode;

/**
 * One process of the real runnable jar ({@code target/logmon-cli.jar}, {@code -Xmx256m}) for the
 * ITs that start, kill and restart it: stdout (JSON lines) and stderr go to files in the test's
 * directory, read back while it runs.
 */
final class JarProcess {
    final Process process;
    final Path out;
    final Path err;

    /**
     * Starts {@code java -jar logmon-cli.jar COMMAND...}.
     *
     * @param dir     where {@code NAME.jsonl} (stdout) and {@code NAME.err} (stderr) are written
     * @param name    the files' name
     * @param command the jar's arguments
     */
    JarProcess(final Path dir, final String name, final List<String> command) throws IOException {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        out = dir.resolve(name + ".jsonl");
        err = dir.resolve(name + ".err");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> args = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString()));
        args.addAll(command);
        process = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Every line written to stdout so far. */
    List<String> lines() throws IOException {
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    /** The last whole snapshot line, or null. */
    JsonNode last() throws IOException {
        final List<String> lines = lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            try {
                return CliRun.JSON.readTree(lines.get(i));
            } catch (RuntimeException partial) {
                // the line being written
            }
        }
        return null;
    }

    /** The last snapshot's lifetime hits, or -1 before the first one. */
    long hits() throws IOException {
        final JsonNode n = last();
        return n == null ? -1 : n.at("/windows/lifetime/hits").asLong();
    }

    /** Waits until the hits satisfy {@code ok}, the time is up, or the process ended; the last hits read. */
    long awaitHits(final LongPredicate ok, final long timeoutMs) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long hits = hits();
        while (!ok.test(hits) && System.nanoTime() < deadline && process.isAlive()) {
            TimeUnit.MILLISECONDS.sleep(100);
            hits = hits();
        }
        return hits;
    }

    /** SIGTERM, then the process must exit 0 within a minute; its last snapshot. */
    JsonNode sigterm() throws Exception {
        process.toHandle().destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        assertThat(process.exitValue()).as(stderr()).isZero();
        return last();
    }

    /** What the process wrote to stderr so far. */
    String stderr() throws IOException {
        return Files.exists(err) ? Files.readString(err) : "";
    }
}
