package dev.logmon.cli;

import dev.logmon.core.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code logmon-cli serve} in-process, its API on 127.0.0.1 at a free port. */
@Timeout(120)
class ServeCommandTest {
    private static final Pattern HITS = Pattern.compile("(?m)^logmon_hits_total ([0-9.eE+]+)$");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A serve command running on its own thread. */
    private static final class Service implements AutoCloseable {
        final ServeCommand command;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Service(final Map<String, String> env, final String... args) {
            final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            final CommandLine cl = Main.commandLine(o, e, Clock.SYSTEM, InputStream.nullInputStream(), env);
            command = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
            final String[] all = new String[args.length + 1];
            all[0] = "serve";
            System.arraycopy(args, 0, all, 1, args.length);
            final Thread t = new Thread(() -> exit.complete(cl.execute(all)), "serve-under-test");
            t.setDaemon(true);
            t.start();
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            command.stop();
            try {
                exit.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("serve did not stop: " + err(), e);
            }
        }
    }

    private static void await(final String what, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private HttpResponse<String> get(final InetSocketAddress at, final String path, final String... headers) {
        try {
            final HttpRequest.Builder b = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + at.getPort() + path)).timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldServeTheHitCountOfAReplayAsMetricsAndTheFinalSnapshot() throws Exception {
        final Path log = dir.resolve("burst.log");
        assertThat(CliRun.run("generate", "-d", log.toString(), "-l", "0", "--count", "12000", "--seed", "3",
                "--start", "2026-01-01T00:00:00Z", "--log-rate", "20", "--burst", "600:180:4").exitCode).isZero();
        final Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "t0ken-for-tests\n");

        try (Service s = new Service(Map.of(), "-s", log.toString(), "--once", "--listen", "127.0.0.1:0",
                "--api-token-file", tokenFile.toString())) {
            final InetSocketAddress at = s.command.awaitAddress(30_000);
            assertThat(at).as(s.err()).isNotNull();
            assertThat(s.err()).contains("API on http://127.0.0.1:" + at.getPort()).doesNotContain("t0ken");
            final String auth = "Bearer t0ken-for-tests";
            await("the final snapshot", () -> {
                final HttpResponse<String> r = get(at, "/snapshot", "Authorization", auth);
                return r.statusCode() == 200 && CliRun.JSON.readTree(r.body()).get("final").asBoolean();
            });
            final JsonNode snapshot = CliRun.JSON.readTree(get(at, "/snapshot", "Authorization", auth).body());
            final HttpResponse<String> metrics = get(at, "/metrics", "Authorization", auth);

            assertThat(snapshot.get("windows").get("lifetime").get("hits").asLong()).isEqualTo(12_000);
            assertThat(snapshot.get("secondHits").isArray()).isTrue();
            assertThat(metrics.statusCode()).isEqualTo(200);
            final Matcher m = HITS.matcher(metrics.body());
            assertThat(m.find()).as(metrics.body()).isTrue();
            assertThat(Double.parseDouble(m.group(1))).isEqualTo(12_000.0);
            assertThat(metrics.body()).contains("logmon_lines_malformed_total{reason=\"badStatus\"} 0");
            assertThat(get(at, "/metrics").statusCode()).isEqualTo(401);
            assertThat(get(at, "/health").statusCode()).isEqualTo(200);
            assertThat(s.exit).isNotDone();
        }
    }

    @Test
    void shouldStopWithExitZeroAndWriteTheFinalSnapshotAsJsonLines() throws Exception {
        final Path log = dir.resolve("live.log");
        Files.writeString(log, "");
        final Service s = new Service(Map.of(), "-s", log.toString(), "--listen", "127.0.0.1:0", "--sink", "json");
        final InetSocketAddress at = s.command.awaitAddress(30_000);
        await("a first snapshot", () -> get(at, "/snapshot").statusCode() == 200);

        s.close();

        assertThat(s.exit.get()).as(s.err()).isZero();
        final String[] lines = s.out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(CliRun.JSON.readTree(lines[lines.length - 1]).get("final").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "127.0.0.1", "127.0.0.1:70000", "1.2.3.4.5:80", "300.1.1.1:80", "[zz]:80",
            "example.org:80", "127.0.0.1:-1", ":9900"})
    void shouldRejectABadListenValueWithOneMessageAndExitTwo(final String listen) {
        final CliRun run = CliRun.run("serve", "-s", "x.log", "--listen", listen);

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err.lines().filter(l -> l.startsWith("logmon-cli serve: ")).toList())
                .singleElement().asString().contains("--listen");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "50ms", "2h", "soon", "-5s"})
    void shouldRejectABadStateIntervalWithOneMessageAndExitTwo(final String every) {
        final CliRun run = CliRun.run("serve", "-s", "x.log", "--state-dir", dir.resolve("st").toString(),
                "--state-every", every);

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err.lines().filter(l -> l.startsWith("logmon-cli serve: ")).toList())
                .singleElement().asString().contains("--state-every");
    }

    @Test
    void shouldRefuseAGzipFollowedWithAStateDirButTakeItInAReplay() {
        final CliRun run = CliRun.run("serve", "-s", "x.log", "-s", "old.log.GZ", "--state-dir",
                dir.resolve("st").toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err.lines().filter(l -> l.startsWith("logmon-cli serve: ")).toList()).containsExactly(
                "logmon-cli serve: --state-dir keeps no position in a .gz file (it is read whole at every start, so a "
                        + "restart would count it again): replay it on its own with --once: old.log.GZ");
        final CliRun monitor = CliRun.run("-s", "old.log.gz", "--state-dir", dir.resolve("st2").toString());
        assertThat(monitor.exitCode).as(monitor.err).isEqualTo(2);
        assertThat(monitor.err).contains("--state-dir keeps no position in a .gz file");
    }

    @Test
    void shouldNotCreateTheStateDirWhenAnotherOptionIsBad() {
        final Path st = dir.resolve("never-created");
        final CliRun serve = CliRun.run("serve", "-s", "x.log", "--state-dir", st.toString(), "--listen", "nowhere");
        final CliRun monitor = CliRun.run("-s", "x.log", "--state-dir", st.toString(), "--threshold", "-3");

        assertThat(serve.exitCode).as(serve.err).isEqualTo(2);
        assertThat(monitor.exitCode).as(monitor.err).isEqualTo(2);
        assertThat(st).doesNotExist();
    }

    @Test
    void shouldRefuseAStateDirThatIsAFile() throws Exception {
        final Path file = Files.writeString(dir.resolve("plain-file"), "x");
        final CliRun asFile = CliRun.run("serve", "-s", "x.log", "--state-dir", file.toString());
        assertThat(asFile.exitCode).as(asFile.err).isEqualTo(2);
        assertThat(asFile.err).contains("--state-dir must be a directory: " + file);
    }

    @Test
    void shouldRefuseTheDashboardSinkAndUnsetTokenVariables() {
        final CliRun run = CliRun.run("serve", "-s", "x.log", "--sink", "tui", "--api-token-env", "NO_SUCH_VAR_HERE");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("serve runs without a terminal").contains("--api-token-env NO_SUCH_VAR_HERE: the variable");
    }

    @Test
    void shouldExitOneWhenTheAddressIsTaken() throws Exception {
        final Path log = dir.resolve("a.log");
        Files.writeString(log, "");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Service s = new Service(Map.of(), "-s", log.toString(), "--listen", "127.0.0.1:" + taken.getLocalPort());

            assertThat(s.exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(s.err()).contains("cannot listen on");
        }
    }

    @Test
    void shouldWarnOnceWhenListeningBeyondLoopback() throws Exception {
        final Path log = dir.resolve("a.log");
        Files.writeString(log, "");
        try (Service s = new Service(Map.of(), "-s", log.toString(), "--listen", "0.0.0.0:0")) {
            assertThat(s.command.awaitAddress(30_000)).isNotNull();
            final List<String> warnings = new ArrayList<>(s.err().lines().filter(l -> l.contains("warning")).toList());
            assertThat(warnings).singleElement().asString().contains("reachable from other machines")
                    .contains("without a token");
            final int port = s.command.awaitAddress(30_000).getPort();
            assertThat(s.err()).contains("API on http://0.0.0.0:" + port + " (/snapshot /events /metrics /health), "
                    + "every IPv4 address of this machine");
            assertThat(get(s.command.awaitAddress(30_000), "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldPrintTheIpv6WildcardInItsShortForm() throws Exception {
        final Path log = dir.resolve("a.log");
        Files.writeString(log, "");
        try (Service s = new Service(Map.of(), "-s", log.toString(), "--listen", "[::]:0")) {
            final InetSocketAddress at = s.command.awaitAddress(30_000);
            org.junit.jupiter.api.Assumptions.assumeTrue(at != null, "no IPv6 here: " + s.err());
            assertThat(s.err()).contains("API on http://[::]:" + at.getPort() + " (/snapshot /events /metrics /health), "
                    + "every IPv6 address of this machine, IPv4 clients are closed").doesNotContain("0:0:0:0");
        }
    }
}
