package dev.logmon.cli;

import dev.logmon.cli.demo.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code logmon-cli} launcher at the top of the repository, as users run it: its JVM flags
 * (the JIT hint among them) must not write a byte of their own to stdout, which scripts read as
 * JSON lines, nor to stderr, and the method its JIT hint names must still exist (a renamed method
 * would silently turn the hint off).
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "logmon-cli").toAbsolutePath().normalize();
    private static final Pattern DONT_INLINE = Pattern.compile("dontinline,([\\w.$]+)::(\\w+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldWriteOnlyJsonLinesThroughTheLauncher() throws Exception {
        assertThat(LAUNCHER).as("the launcher script").isExecutable();
        final int count = 20_000;
        final Path log = dir.resolve("access.log");
        try (OutputStream out = Files.newOutputStream(log)) {
            final TrafficGenerator gen = new TrafficGenerator(3);
            final byte[] buf = new byte[TrafficGenerator.MAX_LINE_BYTES];
            for (int i = 0; i < count; i++) {
                out.write(buf, 0, gen.writeLine(1_767_225_600L + i / 100, buf));
            }
        }
        final Path stdout = dir.resolve("stdout");
        final Path stderr = dir.resolve("stderr");
        final ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "-s", log.toString(), "--from-start",
                "--once", "--sink", "json").redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().remove("LOGMON_JAVA_OPTS");
        // the java running these tests, so the launcher does not depend on the PATH of the build
        final String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        pb.environment().put("PATH", javaBin + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        final Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        assertThat(p.exitValue()).as("exit code; stderr: %s", Files.readString(stderr)).isZero();
        // stderr holds only the format auto-detection chose (issue 16: said on stderr, never on stdout)
        assertThat(Files.readString(stderr)).as("stderr (a 'building the runnable jar' line means a source"
                + " was edited after the jar was packaged: the launcher rebuilt it)").isEqualTo("logmon: " + log
                + ": log format combined (detected: 16 of its first 16 lines); name another with --log-format\n");

        final List<JsonNode> snapshots = new ArrayList<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            snapshots.add(CliRun.JSON.readTree(line)); // throws on anything that is not JSON
        }
        assertThat(snapshots).isNotEmpty();
        final JsonNode last = snapshots.get(snapshots.size() - 1);
        assertThat(last.at("/final").asBoolean()).isTrue();
        assertThat(last.at("/lines/parsed").asLong()).isEqualTo(count);
    }

    @Test
    void shouldNameAMethodThatExistsInItsJitHint() throws Exception {
        final String script = Files.readString(LAUNCHER);
        final Matcher m = DONT_INLINE.matcher(script);
        assertThat(m.find()).as("a dontinline hint in %s", LAUNCHER).isTrue();
        final Class<?> type = Class.forName(m.group(1));
        final String name = m.group(2);
        assertThat(Arrays.stream(type.getDeclaredMethods()).map(Method::getName)).as("methods of %s", type).contains(name);
    }
}
