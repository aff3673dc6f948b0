package dev.logmon.cli;

import dev.logmon.core.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus server (Debian's {@code prometheus}, on loopback) scrapes {@code serve} with
 * the bearer token and answers our hit count through its query API. Skipped where the binary is
 * absent ({@code .ci/run} installs it).
 */
@Timeout(180)
class PrometheusScrapeIT {
    @TempDir
    Path dir;

    private static Path prometheus() {
        for (final String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            final Path p = Path.of(d, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldLetARealPrometheusScrapeOurHitCount() throws Exception {
        final Path binary = prometheus();
        assumeTrue(binary != null, "prometheus is not installed (apt-get install prometheus): skipping");
        final Path log = dir.resolve("burst.log");
        assertThat(CliRun.run("generate", "-d", log.toString(), "-l", "0", "--count", "5000", "--seed", "5",
                "--start", "2026-01-01T00:00:00Z", "--log-rate", "20").exitCode).isZero();
        final Path token = dir.resolve("token");
        Files.writeString(token, "scrape-t0ken\n");

        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CommandLine cl = Main.commandLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.SYSTEM, InputStream.nullInputStream(), Map.of());
        final ServeCommand serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("serve", "-s",
                log.toString(), "--once", "--listen", "127.0.0.1:0", "--api-token-file", token.toString()));
        Process prom = null;
        try {
            final InetSocketAddress at = serve.awaitAddress(30_000);
            assertThat(at).as(err.toString(StandardCharsets.UTF_8)).isNotNull();
            final int promPort = freePort();
            final Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "scrape_configs:",
                    "  - job_name: logmon",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + at.getPort() + "']",
                    "    authorization:",
                    "      type: Bearer",
                    "      credentials_file: " + token,
                    ""));
            prom = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final URI query = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode("logmon_hits_total{job=\"logmon\"}", StandardCharsets.UTF_8));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String value = null;
            while (!"5000".equals(value) && System.nanoTime() < deadline && prom.isAlive()) {
                try {
                    final HttpResponse<String> r = http.send(HttpRequest.newBuilder(query)
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    // While it starts, Prometheus answers 503 with a plain-text body: not yet, not JSON.
                    if (r.statusCode() == 200) {
                        final JsonNode result = CliRun.JSON.readTree(r.body()).path("data").path("result");
                        value = result.size() == 1 ? result.get(0).path("value").get(1).asString() : null;
                    } else {
                        value = null;
                    }
                } catch (java.io.IOException notYet) {
                    value = null;
                }
                if (!"5000".equals(value)) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
            assertThat(value).as("logmon_hits_total as Prometheus scraped it; its log:\n%s",
                    Files.exists(dir.resolve("prometheus.log")) ? Files.readString(dir.resolve("prometheus.log")) : "")
                    .isEqualTo("5000");
        } finally {
            if (prom != null) {
                prom.destroy();
                if (!prom.waitFor(20, TimeUnit.SECONDS)) {
                    prom.destroyForcibly();
                }
            }
            serve.stop();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        }
    }
}
