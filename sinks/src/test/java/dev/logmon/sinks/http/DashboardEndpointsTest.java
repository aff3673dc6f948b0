package dev.logmon.sinks.http;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.history.HistoryStore;
import dev.logmon.core.history.MinuteRecord;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.sinks.Await;
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
        // the instances panel is there for an aggregate's snapshots, hidden until one has instances
        assertThat(page.body()).contains("<section class=\"panel wide\" id=\"panel-instances\" hidden>");

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

    /** The exact policy, asked for by the issue: nothing inline, nothing from elsewhere, no framing. */
    private static final String EXACT_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static void assertSecured(final String what, final java.net.http.HttpHeaders h) {
        assertThat(h.allValues("Content-Security-Policy")).as(what).containsExactly(EXACT_POLICY);
        assertThat(h.allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
        assertThat(h.allValues("Referrer-Policy")).as(what).containsExactly("no-referrer");
    }

    /** One raw request; the answer's head, lower-cased. */
    private String raw(final String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.setSoTimeout(10_000);
            final OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final InputStream in = s.getInputStream();
            final String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            final int end = all.indexOf("\r\n\r\n");
            return (end < 0 ? all : all.substring(0, end)).toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Test
    void shouldSendTheExactPolicyOnEveryAnswerErrorsIncludedAndLetNoCacheStoreTheData() throws Exception {
        final Path store = dir.resolve("history");
        try (HistoryStore s = new HistoryStore(store)) {
            s.append(minute(1_767_225_600L, 3));
        }
        start(new HttpApiSink(10), ApiToken.of("s3cret"), new ApiHistory(store, 10, 1_000));
        final String auth = "Bearer s3cret";

        for (final String file : new String[] {"/", "/dashboard.js", "/dashboard.css", "/favicon.svg"}) {
            final HttpResponse<String> r = get(file);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            assertSecured(file, r.headers());
            assertThat(r.headers().allValues("Cache-Control")).as(file).containsExactly("no-cache");
        }
        final HttpResponse<String> svg = get("/favicon.svg");
        assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        // 401, 404, 405, 400 and 200 of the API: same headers, and nothing a cache may keep
        final String[][] cases = {
            {"401", "GET", "/snapshot", null}, {"401", "GET", "/history?since=0&until=60&every=60", null},
            {"404", "GET", "/nope", null}, {"404", "GET", "/dashboard/index.html", null},
            {"405", "DELETE", "/snapshot", auth}, {"405", "POST", "/", null},
            {"400", "GET", "/history?since=0&until=60&every=7", auth},
            {"200", "GET", "/history?since=0&until=9999999999960&every=9999999999960", auth},
            {"200", "GET", "/health", null}, {"200", "GET", "/metrics", auth}};
        for (final String[] c : cases) {
            final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.address().getPort() + c[2])).timeout(Duration.ofSeconds(10))
                    .method(c[1], HttpRequest.BodyPublishers.noBody());
            if (c[3] != null) {
                b.header("Authorization", c[3]);
            }
            final HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            final String what = c[1] + " " + c[2];
            assertThat(r.statusCode()).as(what).isEqualTo(Integer.parseInt(c[0]));
            assertSecured(what, r.headers());
            assertThat(r.headers().allValues("Cache-Control")).as(what).containsExactly("no-store");
        }
        // answers of the server's error handler (before the API): a malformed request line, headers too large
        for (final String bad : new String[] {"GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(ApiLimits.DEFAULTS.maxRequestHeaderBytes() + 10)
                + "\r\n\r\n"}) {
            final String head = raw(bad);
            assertThat(head).as(bad.substring(0, 12)).matches("(?s)http/1\\.1 4(00|31) .*")
                    .contains("content-security-policy: " + EXACT_POLICY.toLowerCase(java.util.Locale.ROOT),
                            "x-content-type-options: nosniff", "referrer-policy: no-referrer");
        }
    }

    @Test
    void shouldAskForTheTokenOnHistoryWhenOneIsSet() throws Exception {
        final Path store = dir.resolve("history");
        final long t0 = 1_767_225_600L;
        try (HistoryStore s = new HistoryStore(store)) {
            s.append(minute(t0, 7));
        }
        start(new HttpApiSink(10), ApiToken.of("s3cret"), new ApiHistory(store, 10, 1_000));
        final String q = "/history?since=" + t0 + "&until=" + (t0 + 60) + "&every=60";

        final HttpResponse<String> none = get(q);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"logmon\"");
        assertThat(none.body()).doesNotContain("\"points\"");
        assertThat(get(q, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get(q + "&token=s3cret").statusCode()).as("a token in the URL is no token").isEqualTo(401);
        final HttpResponse<String> ok = get(q, "Authorization", "Bearer s3cret");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("points").get(0).get(1).asLong()).isEqualTo(7);
        assertThat(get("/health").statusCode()).isEqualTo(200);
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
            "?since=600&until=0&every=60", "?since=x&until=600&every=60", "?since=0&until=999999999&every=60",
            "?since=-60&until=600&every=60", "?since=0&until=99999999999999&every=60", "?since=0&until=600&every=0",
            "?since=0&until=600&every=1e3", "?since=0&until=600&every=%36%30", "?since=0&until=600&every=60.0"}) {
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
