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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A followed file that cannot be opened at start, then becomes readable (RELIABILITY row 7): the
 * real jar says so once on stderr, shows the source as {@code denied}, keeps retrying, and reads
 * the file when its permissions are restored, losing nothing. Root reads any file whatever its
 * mode, so as root the jar runs as {@code nobody} through {@code setpriv}; as another user it runs
 * as that user.
 */
class PermissionDeniedIT {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldWaitForAnUnreadableFileAndReadAllOfItOnceItIsReadable() throws Exception {
        final boolean root = "root".equals(System.getProperty("user.name"));
        final Path setpriv = Path.of("/usr/bin/setpriv");
        assumeThat(!root || Files.isExecutable(setpriv))
                .as("as root the test needs setpriv (util-linux) to run the jar as nobody").isTrue();
        // A copy of the jar in a directory anybody may enter, so nobody can read it wherever the clone is.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path jar = Files.copy(Path.of("target/logmon-cli.jar").toAbsolutePath(), dir.resolve("logmon-cli.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        final Path log = dir.resolve("access.log");
        append(log, 0, 100);
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("---------"));

        final List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-jar", jar.toString(), "-s", log.toString(), "--from-start",
                "--sink", "json", "--every", "1", "--poll", "100"));
        final Path stderr = dir.resolve("stderr");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("HOME", dir.toString());
        final Process p = builder.start();
        final List<JsonNode> snapshots = new CopyOnWriteArrayList<>();
        final List<String> other = new CopyOnWriteArrayList<>(); // stdout lines that are not JSON
        final Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonNode node = null;
                    try {
                        node = CliRun.JSON.readTree(line);
                    } catch (RuntimeException notJson) {
                        // kept below for the failure message; the reader goes on
                    }
                    if (node != null && node.isObject()) {
                        snapshots.add(node);
                    } else {
                        other.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            await(snapshots, n -> "denied".equals(n.at("/sources/0/state").asString()), p, stderr, other);
            // Still denied a few polls later, with nothing counted and the notice given once.
            TimeUnit.MILLISECONDS.sleep(500);
            assertThat(snapshots.get(snapshots.size() - 1).at("/windows/lifetime/hits").asLong()).isZero();

            Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
            await(snapshots, n -> n.at("/windows/lifetime/hits").asLong() == 100, p, stderr, other);
            append(log, 100, 20);
            await(snapshots, n -> n.at("/windows/lifetime/hits").asLong() == 120, p, stderr, other);
        } finally {
            p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of stdout)
            p.waitFor(15, TimeUnit.SECONDS);
            reader.join(5_000);
        }

        final String err = Files.readString(stderr);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err.lines().filter(l -> l.contains("permission denied")))
                .containsExactly("logmon: cannot open " + log + ": permission denied; retrying");
        final JsonNode last = snapshots.get(snapshots.size() - 1);
        assertThat(last.get("final").asBoolean()).isTrue();
        assertThat(last.at("/windows/lifetime/hits").asLong()).isEqualTo(120);
        assertThat(last.at("/lines/malformed").asLong()).isZero();
        assertThat(last.at("/sources/0/state").asString()).isNotEqualTo("denied");
        assertThat(other).as("stdout lines that are not JSON").isEmpty();
    }

    private static void await(final List<JsonNode> snapshots, final Predicate<JsonNode> condition, final Process p,
                              final Path stderr, final List<String> other) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (snapshots.stream().noneMatch(condition)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                final boolean alive = p.isAlive();
                if (alive) {
                    // Once failed in a full verify with one snapshot in 20 s and the process alive;
                    // SIGQUIT makes the JVM print its threads to stdout, where `other` collects them.
                    new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
                    TimeUnit.SECONDS.sleep(1);
                }
                throw new AssertionError("condition not met (alive: " + alive + "); " + snapshots.size()
                        + " snapshots, the last: " + (snapshots.isEmpty() ? "none" : snapshots.get(snapshots.size() - 1))
                        + "; stderr: " + Files.readString(stderr) + "; other stdout (thread dump):\n" + String.join("\n", other));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Appends {@code count} Common lines for hosts 10.0.0.{first}... stamped now. */
    private static void append(final Path log, final int first, final int count) throws IOException {
        final StringBuilder sb = new StringBuilder();
        final String now = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss xx", Locale.ROOT)
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        for (int i = first; i < first + count; i++) {
            sb.append("10.0.").append(i / 250).append('.').append(i % 250 + 1).append(" - - [").append(now)
                    .append("] \"GET /p/").append(i).append(" HTTP/1.1\" 200 ").append(i).append('\n');
        }
        Files.writeString(log, sb, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
