package dev.logmon.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances of a fleet for the aggregate's tests: for each id, a generated log replayed by the
 * real jar with {@code --once --sink kafka}, which publishes its frames to the topic and exits.
 */
final class FleetPublish {
    private FleetPublish() {
    }

    /**
     * Publishes {@code lines[k]} generated lines as instance {@code ids[k]} (all at once, one
     * process each) and waits until every one exited 0.
     */
    static void instances(final Path dir, final String bootstrap, final String topic, final List<String> ids,
                          final long[] lines) throws Exception {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<Process> runs = new ArrayList<>();
        final List<Path> errs = new ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            final Path log = dir.resolve("instance-" + k + ".log");
            final StringWriter quiet = new StringWriter();
            assertThat(new CommandLine(new GenerateCommand()).setOut(new PrintWriter(quiet))
                    .setErr(new PrintWriter(quiet)).execute("-d", log.toString(), "-l", "0", "--count",
                            Long.toString(lines[k]), "--seed", Integer.toString(21 + k), "--log-rate", "200",
                            "--start", "2026-01-01T00:00:00Z")).as(quiet.toString()).isZero();
            final Path err = dir.resolve("instance-" + k + ".err");
            errs.add(err);
            runs.add(new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "-s", log.toString(), "--once",
                    "--sink", "kafka", "--kafka-bootstrap", bootstrap, "--kafka-topic", topic, "--instance-id",
                    ids.get(k)).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start());
        }
        for (int k = 0; k < runs.size(); k++) {
            final Process p = runs.get(k);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("instance %s published within 120 s", ids.get(k)).isTrue();
            assertThat(p.exitValue()).as("instance %s: %s", ids.get(k), Files.readString(errs.get(k))).isZero();
        }
    }
}
