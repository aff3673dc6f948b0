package dev.logmon.cli;

import dev.logmon.cli.demo.DemoLog;
import dev.logmon.cli.options.MonitorOptions;
import dev.logmon.cli.options.ServiceOptions;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one place a run is assembled and stopped: start order, undo on a failed step, side-effect-free validation. */
@Timeout(60)
class MonitorRunTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(err, true, StandardCharsets.UTF_8);

    private Settings settings(final String... args) {
        final MonitorOptions options = new MonitorOptions();
        new CommandLine(options).parseArgs(args);
        final List<String> problems = new ArrayList<>();
        final Settings s = options.settings(problems, Map.of(), true, 1_767_225_600L);
        assertThat(problems).isEmpty();
        return s;
    }

    @Test
    void shouldWriteNothingWhileValidatingTheDemo() {
        final Settings s = settings("--demo", "--once", "--sink", "json");
        assertThat(s.sources).as("a stand-in, not a generated file").containsExactly(Settings.STDIN);
    }

    @Test
    void shouldCloseTheBoundApiWhenALaterStepFails() throws Exception {
        final Path log = Files.writeString(dir.resolve("access.log"), "");
        final Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        final ServiceOptions.Plan api = new ServiceOptions.Plan(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), false, null, true);
        final MonitorRun.Builder run = MonitorRun.builder("logmon-cli serve", settings("-s", log.toString(), "--once"),
                        Clock.SYSTEM, notices, new HandlerErrors(notices))
                .sinks(EnumSet.noneOf(SinkKind.class), notices, null, false)
                .api(api)
                .history(notADirectory.resolve("history"), 86_400);
        assertThatThrownBy(run::start).isInstanceOf(MonitorRun.StartFailure.class)
                .hasMessageStartingWith("cannot create the history directory");
        assertThat(err.toString(StandardCharsets.UTF_8)).as("the API was bound before the history step")
                .contains("logmon-cli serve: API on http://127.0.0.1:" + port);
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the failed start closed the API it had bound").isEqualTo(port);
        }
    }

    @Test
    void shouldStopInOrderAndOnlyOnce() throws Exception {
        final Path log = Files.writeString(dir.resolve("access.log"),
                "127.0.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET /a/b HTTP/1.1\" 200 5\n");
        final ByteArrayOutputStream json = new ByteArrayOutputStream();
        final MonitorRun run = MonitorRun.builder("logmon-cli", settings("-s", log.toString(), "--once", "--sink", "json"),
                        Clock.SYSTEM, notices, new HandlerErrors(notices))
                .sinks(EnumSet.of(SinkKind.JSON), new PrintStream(json, true, StandardCharsets.UTF_8), null, false)
                .start();
        assertThat(run.pipeline().awaitSources(30_000)).isTrue();
        assertThat(run.stop(30_000, 30_000)).as("final snapshot published").isTrue();
        assertThat(run.finishing()).isTrue();
        final String out = json.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().reduce((a, b) -> b).orElseThrow()).contains("\"final\":true");
        assertThat(run.stop(1, 1)).as("a second stop returns the first one's outcome").isTrue();
        assertThat(json.toString(StandardCharsets.UTF_8)).as("nothing written after the stop").isEqualTo(out);
    }

    @Test
    void shouldWriteTheDemoLogAtStartAndDeleteItAtStop() throws Exception {
        final Settings s = settings("--demo", "--once", "--sink", "json");
        final ByteArrayOutputStream json = new ByteArrayOutputStream();
        final MonitorRun run = MonitorRun.builder("logmon-cli", s, Clock.SYSTEM, notices, new HandlerErrors(notices))
                .sinks(EnumSet.of(SinkKind.JSON), new PrintStream(json, true, StandardCharsets.UTF_8), null, false)
                .demo(true)
                .start();
        final Path demo = Path.of(s.sources.get(0));
        assertThat(demo).as("the run, not the validation, wrote the demo's log").isRegularFile();
        assertThat(Files.size(demo)).isPositive();
        assertThat(run.pipeline().awaitSources(60_000)).isTrue();
        assertThat(run.stop(60_000, 30_000)).isTrue();
        assertThat(demo).as("deleted at the stop").doesNotExist();
        assertThat(json.toString(StandardCharsets.UTF_8)).contains("\"read\":" + DemoLog.LINES);
    }
}
