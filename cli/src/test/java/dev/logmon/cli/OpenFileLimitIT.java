package dev.logmon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * More followed files than the open file limit allows (the real jar under {@code ulimit -n}): the
 * limit is said once with the number of files waiting, the open files are read, and the others are
 * opened as inactive files close ({@code --close-inactive}), until every line of every file is read.
 */
class OpenFileLimitIT {
    private static final int FILES = 200;
    private static final String LINE = "10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"GET /a/b HTTP/1.1\" 200 5 \"-\" \"t/1\"\n";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldSayTheLimitOnceAndReadEveryFileAsDescriptorsFreeUp() throws Exception {
        final Path bash = Path.of("/bin/bash");
        assumeThat(Files.isExecutable(bash)).as("needs bash for ulimit").isTrue();
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the JVM raises its soft limit to the hard one unless told not to; ulimit -n sets both
        command.addAll(List.of("-XX:-MaxFDLimit", "-XX:-UsePerfData", "-jar",
                Path.of("target/logmon-cli.jar").toAbsolutePath().toString()));
        for (int i = 0; i < FILES; i++) {
            final Path f = dir.resolve("f" + i + ".log");
            Files.writeString(f, LINE);
            command.add("-s");
            command.add(f.toString());
        }
        command.addAll(List.of("--from-start", "--close-inactive", "1s", "--sink", "json", "--every", "1"));
        final Path stderr = dir.resolve("stderr");
        final List<String> shell = List.of(bash.toString(), "-c", "ulimit -n 128 && exec \"$@\"", "logmon");
        final List<String> all = new ArrayList<>(shell);
        all.addAll(command);
        final Process p = new ProcessBuilder(all).redirectError(stderr.toFile()).start();
        final List<JsonNode> snapshots = new CopyOnWriteArrayList<>();
        final Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    try {
                        final JsonNode node = CliRun.JSON.readTree(line);
                        if (node != null && node.isObject()) {
                            snapshots.add(node);
                        }
                    } catch (RuntimeException notJson) {
                        // not a snapshot
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (snapshots.stream().noneMatch(n -> n.at("/windows/lifetime/hits").asLong() == FILES)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("not every file read (alive: " + p.isAlive() + "); the last snapshot's hits: "
                            + (snapshots.isEmpty() ? "none" : snapshots.get(snapshots.size() - 1).at("/windows/lifetime/hits"))
                            + "; stderr: " + Files.readString(stderr));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } finally {
            p.toHandle().destroy();
            p.waitFor(15, TimeUnit.SECONDS);
            reader.join(5_000);
        }
        final String err = Files.readString(stderr);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err.lines().filter(l -> l.contains("too many open files")).count()).as(err).isEqualTo(1);
        assertThat(err).as("said once for all, not once per file").doesNotContain("Too many open files; retrying");
        final JsonNode last = snapshots.get(snapshots.size() - 1);
        assertThat(last.at("/windows/lifetime/hits").asLong()).isEqualTo(FILES);
        assertThat(last.at("/lines/malformed").asLong()).isZero();
    }
}
