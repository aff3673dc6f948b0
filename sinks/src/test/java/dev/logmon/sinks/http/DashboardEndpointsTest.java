package dev.logmon.sinks.http;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.history.HistoryStore;
import dev.logmon.core.history.MinuteRecord;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.sinks.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser dashboard's side of the API: the page and its files, their headers, /history, the thinned stream. */
@Timeout(60)
class DashboardEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpApiServer server;
    private HttpApiSink sink;
    private ApiHistory history;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        if (server != null) {
            server.close();
        }
        if (history != null) {
            history.close();
        }
    }

    private void start(final HttpApiSink s, final ApiToken token, final ApiHistory h) throws IOException {
        sink = s;
        history = h;
        server = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false, sink, token,
                ApiLimits.DEFAULTS, h);
    }

    private HttpResponse<String> get(final String path, final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeThePageAndItsFilesWithoutTheTokenAndWithStrictHeaders() throws Exception {
        start(new HttpApiSink(10), ApiToken.of("s3cret"), null);

        final HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        final String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        // relative URLs only (a reverse proxy may serve the page at a sub-path), nothing inline, nothing remote
        assertThat(page.body()).contains("src=\"dashboard.js\"", "href=\"dashboard.css\"")
                .doesNotContain("src=\"/", "href=\"/", "http://", "https://", "style=", "<style", "onclick", "onload");
        assertThat(page.body().split("<script", -1)).hasSize(2);

        final HttpResponse<String> js = get("/dashboard.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "document.write",
                "new Function", "fetch('/", "fetch(\"/");
        assertThat(get("/dashboard.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/favicon.svg").statusCode()).isEqualTo(200);
        // the data still needs the token; the API's answers carry the same headers
        final HttpResponse<String> denied = get("/snapshot");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(get("/history?since=0&until=60&every=60").statusCode()).isEqualTo(401);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerHistory404WithoutAStore() throws Exception {
        start(new HttpApiSink(10), null, null);

        final HttpResponse<String> r = get("/history?since=0&until=60&every=60");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("--state-dir");
        assertThat(get("/health").body()).endsWith(",\"history\":false}");
    }

    private static MinuteRecord minute(final long minute, final long hits) {
        final long[] status = {0, hits, 0, 0, 0, 0};
        return new MinuteRecord(minute, hits, hits * 100, status, new long[MalformedReason.values().length],
                List.of(new SectionCount("/api", hits, 0, 0)), List.of(new HostCount("10.0.0.1", hits * 100, hits)), 0,
                new byte[0], new byte[0]);
    }

    @Test
    void shouldAnswerAHistoryRangeInBucketsWithTheRangesPanels() throws Exception {
        final Path store = dir.resolve("history");
        final long t0 = 1_767_225_600L; // 2026-01-01T00:00:00Z
        try (HistoryStore s = new HistoryStore(store)) {
            for (int i = 0; i < 10; i++) {
                s.append(minute(t0 + 60L * i, i + 1));
            }
        }
        start(new HttpApiSink(10), null, new ApiHistory(store, 10, 1_000));

        assertThat(get("/health").body()).endsWith(",\"history\":true}");
        final HttpResponse<String> r = get("/history?since=" + t0 + "&until=" + (t0 + 600) + "&every=300");

        assertThat(r.statusCode()).isEqualTo(200);
        final JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("every").asLong()).isEqualTo(300);
        assertThat(j.get("points")).hasSize(2);
        assertThat(j.get("points").get(0).get(0).asLong()).isEqualTo(t0 + 299);
        assertThat(j.get("points").get(0).get(1).asLong()).isEqualTo(1 + 2 + 3 + 4 + 5);
        assertThat(j.get("points").get(1).get(1).asLong()).isEqualTo(6 + 7 + 8 + 9 + 10);
        assertThat(j.get("snapshot").get("windows").get("lifetime").get("hits").asLong()).isEqualTo(55);
        assertThat(j.get("snapshot").get("windows").get("lifetime").get("sections").get(0).get("section").asString())
                .isEqualTo("/api");

        final JsonNode empty = JSON.readTree(get("/history?since=0&until=600&every=60").body());
        assertThat(empty.get("points")).isEmpty();
        assertThat(empty.get("snapshot").isNull()).isTrue();
        for (final String bad : new String[] {"", "?since=0&until=600", "?since=0&until=600&every=61",
            "?since=600&until=0&every=60", "?since=x&until=600&every=60", "?since=0&until=999999999&every=60"}) {
            final HttpResponse<String> b = get("/history" + bad);
            assertThat(b.statusCode()).as(bad).isEqualTo(400);
            assertThat(b.body()).as(bad).startsWith("{\"error\":");
        }
    }

    @Test
    void shouldSendAtMostOneSnapshotASecondToEventClientsButAlwaysTheLatest() throws Exception {
        start(new HttpApiSink(10).snapshotsAtMostEvery(1_000), null, null);
        sink.onSnapshot(HttpApiTest.snapshot(99, 1, false));
        final List<String> data = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> reader = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + "/events")).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
                    try (Stream<String> lines = r.body()) {
                        lines.filter(l -> l.startsWith("data: ")).forEach(l -> data.add(l.substring(6)));
                    }
                });
        Await.until("client connected and got the latest", () -> data.size() == 1);

        // a replay: a hundred snapshots within far less than a second
        final long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            sink.onSnapshot(HttpApiTest.snapshot(100 + i, 2 + i, false));
        }
        final long pushedMs = (System.nanoTime() - t0) / 1_000_000;
        Await.until("the latest snapshot arrives after the interval", () -> data.size() >= 2
                && data.get(data.size() - 1).contains("\"hits\":101"));

        if (pushedMs < 900) {
            // the one on connect, a burst of at most two, then the latest when a token is back
            assertThat(data).as("snapshots sent for 100 pushed within %d ms", pushedMs).hasSizeLessThanOrEqualTo(4);
        }
        assertThat(data).as("no snapshot twice").doesNotHaveDuplicates();
        assertThat(get("/snapshot").body()).contains("\"hits\":101");
        // the final snapshot goes at once
        sink.onSnapshot(HttpApiTest.snapshot(300, 500, true));
        Await.until("the final snapshot", () -> data.get(data.size() - 1).contains("\"final\":true"));
        reader.cancel(true);
    }

    @Test
    void shouldPassALiveFeedOfOneSnapshotASecondWithJitterWithoutLossOrRepeat() throws Exception {
        start(new HttpApiSink(10).snapshotsAtMostEvery(1_000), null, null);
        final List<String> data = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> reader = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + "/events")).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
                    try (Stream<String> lines = r.body()) {
                        lines.filter(l -> l.startsWith("data: ")).forEach(l -> data.add(l.substring(6)));
                    }
                });
        Await.until("client connected", () -> sink.clients() == 1);

        // a live feed: one a second, a little early now and then, and two at once after a pause
        final long[] gapsMs = {0, 1_000, 950, 1_000, 980, 1_700, 300, 1_000};
        for (int i = 0; i < gapsMs.length; i++) {
            Thread.sleep(gapsMs[i]); // the feed's own pace, not a wait for a result
            sink.onSnapshot(HttpApiTest.snapshot(100 + i, 1_000 + i, false));
            final int expected = i + 1;
            Await.until("snapshot " + expected + " sent", () -> data.size() >= expected);
        }
        assertThat(data).hasSize(gapsMs.length).doesNotHaveDuplicates();
        reader.cancel(true);
    }
}
