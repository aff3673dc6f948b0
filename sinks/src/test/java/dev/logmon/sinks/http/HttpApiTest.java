package dev.logmon.sinks.http;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.sinks.Await;
import dev.logmon.sinks.Snapshots;
import dev.logmon.sinks.json.SnapshotJsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API on its real (Jetty) server bound to 127.0.0.1 on an ephemeral port. */
@Timeout(60)
public class HttpApiTest {
    /** One sample line of the Prometheus text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpApiSink sink;
    private HttpApiServer server;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(final HttpApiSink s, final ApiToken token) throws IOException {
        sink = s;
        server = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), sink, token);
    }

    private URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    /** The status of a request; the body is not read (a stream of events never ends). */
    private int status(final String path, final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        final HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }

    private HttpResponse<String> get(final String path, final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static Snapshot snapshot(final long second, final long hits, final boolean last) {
        final WindowView w = Snapshots.window(10, hits, hits / 10.0, List.of(new SectionCount("/api", hits, 0, 0)),
                List.of(new HostCount("10.0.0.1", hits * 100, hits)));
        final Snapshot base = Snapshots.snapshot(w, w, w);
        return new Snapshot(second, last, base.lines(), w, w, w, base.alert(), 0, base.sources(), base.deliveries());
    }

    public static AlertEvent alert(final long second, final boolean on) {
        return new AlertEvent(on, second, second, false, 12.5, 2, 10, AlertRuleKind.ABSOLUTE,
                on ? "High traffic generated an alert" : "Alert Off");
    }

    /** Reads an SSE stream into (event, data) pairs until {@code count} arrived. */
    private CompletableFuture<List<String[]>> events(final int count, final String... headers) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri("/events"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).thenApply(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            final List<String[]> out = new ArrayList<>();
            try (Stream<String> lines = r.body()) {
                final var it = lines.iterator();
                String event = null;
                while (out.size() < count && it.hasNext()) {
                    final String line = it.next();
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        out.add(new String[] {event, line.substring(6)});
                    }
                }
            }
            return out;
        });
    }

    @Test
    void shouldServeTheLatestSnapshotAsJsonThatReadsBack() throws Exception {
        start(new HttpApiSink(10), null);
        assertThat(get("/snapshot").statusCode()).isEqualTo(503);

        sink.onSnapshot(snapshot(100, 5, false));
        sink.onSnapshot(snapshot(101, 7, false));
        final HttpResponse<String> r = get("/snapshot");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(SnapshotJsonReader.readSnapshot(r.body()).lifetime().hits()).isEqualTo(7);
        assertThat(SnapshotJsonReader.readSnapshot(r.body()).second()).isEqualTo(101);
    }

    @Test
    void shouldStreamSnapshotsAndAlertsInTheOrderTheyHappened() throws Exception {
        start(new HttpApiSink(10), null);
        sink.onSnapshot(snapshot(99, 1, false));
        final CompletableFuture<List<String[]>> client = events(6);
        Await.until("client connected", () -> sink.clients() == 1);

        sink.onSnapshot(snapshot(100, 2, false));
        sink.onAlert(alert(100, true));
        sink.onSnapshot(snapshot(101, 3, false));
        sink.onAlert(alert(101, false));
        sink.onSnapshot(snapshot(102, 4, true));
        final List<String[]> got = client.get();

        assertThat(got).extracting(e -> e[0])
                .containsExactly("snapshot", "snapshot", "alert", "snapshot", "alert", "snapshot");
        assertThat(SnapshotJsonReader.readSnapshot(got.get(0)[1]).second()).isEqualTo(99);
        assertThat(SnapshotJsonReader.readAlert(got.get(2)[1])).isEqualTo(alert(100, true));
        assertThat(SnapshotJsonReader.readAlert(got.get(4)[1]).on()).isFalse();
        assertThat(SnapshotJsonReader.readSnapshot(got.get(5)[1]).last()).isTrue();
    }

    /** Reads an SSE stream on a thread of its own, counting events as they arrive. */
    private final class Reader {
        final List<String[]> events = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> done;

        Reader() {
            done = http.sendAsync(HttpRequest.newBuilder(uri("/events")).build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(r -> {
                        try (Stream<String> lines = r.body()) {
                            String event = null;
                            for (final var it = lines.iterator(); it.hasNext(); ) {
                                final String line = it.next();
                                if (line.startsWith("event: ")) {
                                    event = line.substring(7);
                                } else if (line.startsWith("data: ")) {
                                    events.add(new String[] {event, line.substring(6)});
                                }
                            }
                        }
                    });
        }
    }

    @Test
    void shouldNotLetAStalledClientBlockOtherClientsOrThePipeline() throws Exception {
        start(new HttpApiSink(10, 8, 32, 60_000), null);
        // a client that sends its request and never reads a byte
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.address().getPort()));
            final OutputStream o = stalled.getOutputStream();
            o.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            Await.until("stalled client connected", () -> sink.clients() == 1);
            final Reader healthy = new Reader();
            Await.until("healthy client connected", () -> sink.clients() == 2);

            final List<Snapshot> big = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                big.add(bigSnapshot(i));
            }
            final int snapshots = 3_000;
            long slowestCallNanos = 0;
            for (int i = 0; i < snapshots; i++) {
                final long t0 = System.nanoTime();
                sink.onSnapshot(big.get(i % big.size()));
                if (i == snapshots / 2) {
                    sink.onAlert(alert(i, true));
                }
                slowestCallNanos = Math.max(slowestCallNanos, System.nanoTime() - t0);
                final int expected = i + 1 + (i >= snapshots / 2 ? 1 : 0);
                // the healthy client keeps up: it gets every event while the stalled one falls behind
                Await.until("healthy client got event " + expected, () -> healthy.events.size() >= expected);
            }

            assertThat(healthy.events.stream().filter(e -> "alert".equals(e[0])).count()).isEqualTo(1);
            assertThat(healthy.events).hasSize(snapshots + 1);
            assertThat(slowestCallNanos / 1_000_000).as("ms of the slowest sink call: never waits for a client")
                    .isLessThan(2_000);
            Await.until("the stalled client is disconnected as too slow", () -> sink.tooSlowClients() == 1);
            assertThat(sink.droppedSnapshots()).isGreaterThan(0);
            assertThat(sink.clients()).isEqualTo(1);
            // what the server sent before giving up can still be read; then the stream ends
            final InputStream in = stalled.getInputStream();
            final byte[] buf = new byte[65_536];
            try {
                while (in.read(buf) >= 0) {
                    // drain
                }
            } catch (IOException reset) {
                // a reset also ends it
            }
        }
    }

    private static Snapshot bigSnapshot(final int i) {
        final List<SectionCount> sections = new ArrayList<>();
        final List<HostCount> hosts = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            sections.add(new SectionCount("/section-with-a-long-name-" + k + "-" + i, 1000 - k, 0, 0));
            hosts.add(new HostCount("host-with-a-long-name-" + k + ".example.org", 100_000 - k, 10));
        }
        final WindowView w = Snapshots.window(10, 100, 10, sections, hosts);
        final Snapshot base = Snapshots.snapshot(w, w, w);
        return new Snapshot(1_000 + i, false, base.lines(), w, w, w, base.alert(), 0, base.sources(), base.deliveries());
    }

    @Test
    void shouldExposeMetricsInThePrometheusTextFormat() throws Exception {
        start(new HttpApiSink(10), null);
        final Snapshot plain = snapshot(100, 1234, false);
        final WindowView ten = Snapshots.withVisitors(plain.tenSeconds(), 77,
                List.of(new dev.logmon.core.snapshot.SourceCount("/var/log/a.log", 1000, 5, 0, 0),
                        new dev.logmon.core.snapshot.SourceCount("/var/log/b.log", 234, 5, 0, 0)));
        sink.onSnapshot(new Snapshot(plain.second(), false, plain.lines(), ten, plain.twoMinutes(), plain.lifetime(),
                plain.alert(), 0, plain.sources(), plain.deliveries()));

        final HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        final Map<String, Double> samples = parsePrometheus(r.body());
        assertThat(samples.get("logmon_hits_total")).isEqualTo(1234.0);
        assertThat(samples.get("logmon_lines_malformed_total{reason=\"badStatus\"}")).isEqualTo(2.0);
        assertThat(samples.get("logmon_status_hits_total{class=\"2xx\"}")).isEqualTo(1224.0);
        assertThat(samples.get("logmon_window_hits_per_second{window=\"10s\"}")).isEqualTo(123.4);
        assertThat(samples.get("logmon_alert_on")).isEqualTo(1.0);
        assertThat(samples.get("logmon_window_visitors{window=\"10s\"}")).isEqualTo(77.0);
        assertThat(samples.get("logmon_window_visitors{window=\"2m\"}")).isEqualTo(0.0);
        assertThat(samples.get("logmon_source_window_hits{source=\"/var/log/b.log\",window=\"10s\"}")).isEqualTo(234.0);
        assertThat(samples.get("logmon_source_lag_bytes{source=\"/var/log/a.log\"}")).isEqualTo(12.0);
        assertThat(samples.get("logmon_source_state{source=\"/var/log/a.log\",state=\"following\"}")).isEqualTo(1.0);
        assertThat(samples.get("logmon_notifications_total{outcome=\"sent\",sink=\"webhook\"}")).isEqualTo(3.0);
        assertThat(samples.get("logmon_api_event_clients")).isEqualTo(0.0);
    }

    /** Parses every sample line strictly; any line that is neither a comment nor a sample fails. */
    static Map<String, Double> parsePrometheus(final String text) {
        final Map<String, Double> samples = new TreeMap<>();
        for (final String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            final Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a Prometheus sample line: %s", line).isTrue();
            samples.put(m.group(1) + (m.group(2) == null ? "" : sortedLabels(m.group(2))), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private static String sortedLabels(final String labels) {
        final List<String> parts = new ArrayList<>(List.of(labels.substring(1, labels.length() - 1).split(",")));
        Collections.sort(parts);
        return "{" + String.join(",", parts) + "}";
    }

    @Test
    void shouldAnswerHealthWithATinyJson() throws Exception {
        start(new HttpApiSink(10), ApiToken.of("s3cret"));

        final HttpResponse<String> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"status\":\"ok\"");
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.body()).path("snapshotTime").isNull()).isTrue();
    }

    @Test
    void shouldAskForTheTokenWhenOneIsConfigured() throws Exception {
        start(new HttpApiSink(10), ApiToken.of("s3cret"));
        sink.onSnapshot(snapshot(100, 5, false));

        for (final String path : new String[] {"/snapshot", "/metrics", "/events"}) {
            assertThat(status(path)).as(path).isEqualTo(401);
            assertThat(status(path, "Authorization", "Bearer wrong")).as(path).isEqualTo(401);
            assertThat(status(path, "Authorization", "Bearer s3cret")).as(path).isEqualTo(200);
        }
        final HttpResponse<String> denied = get("/snapshot");
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(denied.body()).doesNotContain("s3cret");
        assertThat(ApiToken.of("s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldAnswer404And405() throws Exception {
        start(new HttpApiSink(10), null);

        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(uri("/snapshot")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }
}
