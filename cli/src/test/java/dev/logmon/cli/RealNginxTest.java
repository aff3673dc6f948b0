package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Lines written by a real nginx (Debian package {@code nginx}, installed by {@code .ci/run}): the
 * test starts it on 127.0.0.1 on a free port with a custom {@code log_format} holding
 * {@code $request_time} and {@code $http_x_forwarded_for}, proxying one location to a JDK HTTP
 * server here that sleeps a known time per request, sends a few hundred requests with the JDK
 * HttpClient, stops nginx, and replays its access log through the command with the same format
 * string. Skipped with a message where nginx is absent or cannot start.
 */
@Timeout(120)
class RealNginxTest {
    private static final String FORMAT = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
            + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_time \"$http_x_forwarded_for\"";
    private static final int API = 120;
    private static final int MISSING = 60;
    private static final int ERRORS = 40;
    private static final int SLOW = 100;

    @TempDir
    Path dir;

    private Process nginx;
    private HttpServer backend;

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null && nginx.isAlive()) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
            nginx.destroyForcibly();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    private static Path nginxBinary() {
        final Path binary = LocalNginx.binary();
        assumeTrue(binary != null, "nginx is not installed (apt-get install -y nginx): skipping");
        return binary;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldMatchWhatWasSentToARealNginx() throws Exception {
        final Path binary = nginxBinary();
        // the backend sleeps the milliseconds named in the path: /slow/<ms>
        backend = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 64);
        backend.setExecutor(Executors.newFixedThreadPool(8));
        backend.createContext("/", exchange -> {
            final String[] parts = exchange.getRequestURI().getPath().split("/");
            try {
                Thread.sleep(Long.parseLong(parts[parts.length - 1]));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            final byte[] body = "slow".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();

        final int port = freePort();
        final Path log = dir.resolve("access.log");
        nginx = LocalNginx.start(binary, dir,
                "  log_format timed '" + FORMAT + "';",
                "  access_log " + log + " timed;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location /api/ { return 200 'fine'; }",
                "    location /missing/ { return 404; }",
                "    location /err/ { return 503; }",
                "    location /slow/ { proxy_pass http://127.0.0.1:" + backend.getAddress().getPort() + "; }",
                "  }");
        final boolean up = awaitPort(port, nginx);
        assumeTrue(up, () -> "nginx could not start here: skipping (" + read(dir.resolve("nginx.out")) + " "
                + read(dir.resolve("nginx-error.log")) + ")");

        final SplittableRandom random = new SplittableRandom(2026);
        final List<HttpRequest> requests = new ArrayList<>();
        final String base = "http://127.0.0.1:" + port;
        for (int i = 0; i < API; i++) {
            requests.add(HttpRequest.newBuilder(URI.create(base + "/api/item/" + i + "?q=" + i))
                    .header("X-Forwarded-For", "198.51.100." + (i % 4) + ", 10.0.0.1").build());
        }
        for (int i = 0; i < MISSING; i++) {
            requests.add(HttpRequest.newBuilder(URI.create(base + "/missing/" + i)).build());
        }
        for (int i = 0; i < ERRORS; i++) {
            requests.add(HttpRequest.newBuilder(URI.create(base + "/err/" + i)).POST(
                    HttpRequest.BodyPublishers.ofString("x")).build());
        }
        for (int i = 0; i < SLOW; i++) {
            requests.add(HttpRequest.newBuilder(URI.create(base + "/slow/" + random.nextInt(5, 121))).build());
        }
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        final HttpClient client = HttpClient.newBuilder().executor(pool).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        final List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
        final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(8);
        for (final HttpRequest r : requests) {
            inFlight.acquire();
            responses.add(client.sendAsync(r, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((x, e) -> inFlight.release()));
        }
        for (final CompletableFuture<HttpResponse<Void>> f : responses) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        nginx.destroy(); // SIGTERM: nginx finishes and closes its log
        assertThat(nginx.waitFor(10, TimeUnit.SECONDS)).isTrue();
        final int total = API + MISSING + ERRORS + SLOW;
        assertThat(Files.readAllLines(log)).hasSize(total);

        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--log-format", FORMAT, "--top", "10");

        assertThat(run.exitCode).as(run.err).isZero();
        final JsonNode last = run.last();
        assertThat(last.at("/lines/read").asLong()).isEqualTo(total);
        assertThat(last.at("/lines/parsed").asLong()).as(read(log)).isEqualTo(total);
        final JsonNode life = last.at("/windows/lifetime");
        assertThat(life.at("/status/2xx").asLong()).isEqualTo(API + SLOW);
        assertThat(life.at("/status/4xx").asLong()).isEqualTo(MISSING);
        assertThat(life.at("/status/5xx").asLong()).isEqualTo(ERRORS);
        assertThat(section(life, "/api").get("hits").asLong()).isEqualTo(API);
        assertThat(section(life, "/missing").get("4xxShare").asDouble()).isEqualTo(1.0);
        assertThat(section(life, "/missing").get("hits").asLong()).isEqualTo(MISSING);
        assertThat(section(life, "/err").get("5xx").asLong()).isEqualTo(ERRORS);
        assertThat(section(life, "/err").get("5xxShare").asDouble()).isEqualTo(1.0);
        assertThat(life.at("/latency/count").asLong()).isEqualTo(total);

        // The request times nginx wrote, read here independently of logmon: every /slow one is at
        // least the backend's sleep named in its path, and logmon's percentiles match the exact ones
        // within histogram precision (2 significant digits overall, 1 per section: ~1% and ~7%).
        final List<Double> all = new ArrayList<>();
        final List<Double> slowTimes = new ArrayList<>();
        final java.util.regex.Pattern line = java.util.regex.Pattern.compile("\"[A-Z]+ (/[a-z]+)/(\\S*) HTTP/1\\.[01]\" "
                + "\\d{3} \\d+ \"[^\"]*\" \"[^\"]*\" (\\d+\\.\\d{3}) ");
        for (final String l : Files.readAllLines(log)) {
            final java.util.regex.Matcher m = line.matcher(l);
            assertThat(m.find()).as(l).isTrue();
            final double ms = Double.parseDouble(m.group(3)) * 1000;
            all.add(ms);
            if (m.group(1).equals("/slow")) {
                slowTimes.add(ms);
                assertThat(ms).as(l).isGreaterThanOrEqualTo(Long.parseLong(m.group(2)) - 1.0);
            }
        }
        final JsonNode slow = section(life, "/slow").get("latency");
        assertThat(slow.get("count").asLong()).isEqualTo(SLOW);
        for (final String[] p : new String[][] {{"p50", "50"}, {"p90", "90"}, {"p99", "99"}, {"max", "100"}}) {
            assertWithin(life.at("/latency/" + p[0]).asDouble(), percentile(all, Double.parseDouble(p[1])), 0.01);
            assertWithin(slow.get(p[0]).asDouble(), percentile(slowTimes, Double.parseDouble(p[1])), 0.07);
        }
        assertWithin(life.at("/latency/p99.9").asDouble(), percentile(all, 99.9), 0.01);

        // --host-from xff: the /api requests came "from" 198.51.100.0..3, the rest from 127.0.0.1
        final JsonNode hosts = CliRun.run("-s", log.toString(), "--once", "--log-format", FORMAT, "--host-from", "xff")
                .last().at("/windows/lifetime/hosts");
        final List<String> names = new ArrayList<>();
        hosts.forEach(h -> names.add(h.get("host").asString()));
        assertThat(names).containsExactlyInAnyOrder("127.0.0.1", "198.51.100.0", "198.51.100.1", "198.51.100.2",
                "198.51.100.3");
    }

    /** Equal within the histogram's relative precision, or 1 us (its resolution) near zero. */
    private static void assertWithin(final double observedMs, final double exactMs, final double precision) {
        assertThat(observedMs).isBetween(exactMs * (1 - precision) - 0.001, exactMs * (1 + precision) + 0.001);
    }

    /** The smallest value with at least p% of the values at or below it (HdrHistogram's definition). */
    private static double percentile(final List<Double> values, final double p) {
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        final int rank = Math.max(1, (int) Math.ceil(p / 100.0 * sorted.size()));
        return sorted.get(Math.min(rank, sorted.size()) - 1);
    }

    private static JsonNode section(final JsonNode window, final String name) {
        for (final JsonNode s : window.get("sections")) {
            if (s.get("section").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no section " + name + " in " + window.get("sections"));
    }

    private static boolean awaitPort(final int port, final Process p) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return false;
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return s.isConnected();
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static String read(final Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
