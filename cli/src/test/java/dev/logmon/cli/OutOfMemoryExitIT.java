package dev.logmon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code OutOfMemoryError} in the real jar (RELIABILITY row 44): 400,000 lines whose hosts
 * and sections are all distinct, kept exactly by {@code --top-capacity 1000000}, under a 64 MB
 * heap. Whichever thread runs out first (a pipeline thread, or the main thread waiting on the run),
 * the run must end with one line naming it and exit code 1 within seconds, not hang.
 */
class OutOfMemoryExitIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldExitOneNamingTheThreadWhenAPipelineThreadRunsOutOfMemory() throws Exception {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final Path log = dir.resolve("distinct.log");
        final DateTimeFormatter stamp = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        final long start = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < 400_000; i++) {
                final int ip = (1 << 24) + i;
                w.write((ip >>> 24 & 255) + "." + (ip >>> 16 & 255) + "." + (ip >>> 8 & 255) + "." + (ip & 255)
                        + " - - [" + stamp.format(Instant.ofEpochSecond(start + i / 1000)) + "] \"GET /s" + i
                        + "/page HTTP/1.1\" 200 " + (100 + i % 900) + " \"-\" \"test\"\n");
            }
        }
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Path stderr = dir.resolve("stderr");
        final Process p = new ProcessBuilder(java, "-Xmx64m", "-jar", jar.toString(), "-s", log.toString(), "--once",
                "--sink", "json", "--top-capacity", "1000000")
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(stderr.toFile()).start();
        final boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        final String err = Files.readString(stderr);
        assertThat(exited).as("exits, never hangs; stderr: %s", err).isTrue();
        assertThat(p.exitValue()).as("stderr: %s", err).isEqualTo(1);
        final List<String> fatal = err.lines().filter(l -> l.startsWith("logmon: fatal error in thread ")).toList();
        assertThat(fatal).as("stderr: %s", err).hasSize(1);
        // a pipeline thread, or the main thread waiting on the run: whichever allocates when the
        // heap is gone; either way the same single line
        assertThat(fatal.get(0)).matches(
                "logmon: fatal error in thread (logmon-[a-z]+-\\w+|main): OutOfMemoryError: .*; ending the run");
        assertThat(err).as("no raw stack trace of the main thread").doesNotContain("Exception in thread");
    }
}
