package dev.logmon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar as a service: {@code serve} in its own JVM, stopped with SIGTERM
 * ({@link Process#destroy()}), must write its final snapshot and exit 0; the jar must carry what
 * {@code attach} and {@code /metrics} load at run time.
 */
@Timeout(120)
class ServeJarIT {
    private static final Pattern LISTENING = Pattern.compile("API on http://127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    Path dir;

    @Test
    void shouldServeFromTheJarAndExitZeroWithAFinalSnapshotOnSigterm() throws Exception {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getEntry("tools/jackson/databind/json/JsonMapper.class")).as("attach's JSON reader").isNotNull();
            assertThat(zip.getEntry("io/prometheus/metrics/core/metrics/CounterWithCallback.class")).isNotNull();
        }
        final Path log = dir.resolve("access.log");
        Files.write(log, List.of(
                "127.0.0.1 - - [09/May/2018:16:00:39 +0000] \"GET /report HTTP/1.0\" 200 123",
                "127.0.0.1 - - [09/May/2018:16:00:40 +0000] \"GET /api/user HTTP/1.0\" 200 234"));
        final Path out = dir.resolve("out.jsonl");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "-s", log.toString(), "--from-start",
                "--listen", "127.0.0.1:0", "--sink", "json")
                .redirectOutput(out.toFile()).start();
        try {
            final BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; port < 0 && (line = err.readLine()) != null; ) {
                final Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as("the address printed at start").isPositive();
            final HttpClient http = HttpClient.newHttpClient();
            final HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/snapshot"))
                    .timeout(Duration.ofSeconds(10)).build();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long hits = -1;
            while (hits != 2 && System.nanoTime() < deadline) {
                final HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    hits = CliRun.JSON.readTree(r.body()).get("windows").get("lifetime").get("hits").asLong();
                }
                if (hits != 2) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
            assertThat(hits).isEqualTo(2);

            p.destroy();

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            final List<String> lines = Files.readAllLines(out);
            final JsonNode last = CliRun.JSON.readTree(lines.get(lines.size() - 1));
            assertThat(last.get("final").asBoolean()).isTrue();
            assertThat(last.get("windows").get("lifetime").get("hits").asLong()).isEqualTo(2);
        } finally {
            p.destroyForcibly();
        }
    }
}
