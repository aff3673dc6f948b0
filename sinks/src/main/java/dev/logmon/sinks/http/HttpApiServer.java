package dev.logmon.sinks.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API of {@code logmon-cli serve}, on the JDK's {@link HttpServer} with a small executor
 * of its own (2 threads: requests are short; each {@code /events} stream is handed to its own
 * writer thread and frees the request thread at once).
 *
 * <ul>
 *   <li>{@code GET /snapshot}: the latest snapshot (the JSON lines form plus {@code secondHits});
 *       503 before the first one</li>
 *   <li>{@code GET /events}: server-sent events, {@code event: snapshot} and {@code event: alert}</li>
 *   <li>{@code GET /metrics}: Prometheus text exposition</li>
 *   <li>{@code GET /health}: {@code {"status":"ok",...}}; never needs the token</li>
 * </ul>
 *
 * With a token every other path answers 401 unless the request carries
 * {@code Authorization: Bearer TOKEN}.
 */
public final class HttpApiServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpApiSink sink;
    private final ApiToken token;
    private final long started = System.nanoTime();

    private HttpApiServer(final HttpServer server, final ExecutorService executor, final HttpApiSink sink,
                          final ApiToken token) {
        this.server = server;
        this.executor = executor;
        this.sink = sink;
        this.token = token;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen (port 0 picks a free one: see {@link #address()})
     * @param token   the bearer token asked for, or null for none
     * @throws IOException when the address cannot be bound
     */
    public static HttpApiServer start(final InetSocketAddress address, final HttpApiSink sink, final ApiToken token)
            throws IOException {
        final HttpServer server = HttpServer.create(address, 64);
        final AtomicInteger n = new AtomicInteger();
        final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            final Thread t = new Thread(r, "logmon-http-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        final HttpApiServer api = new HttpApiServer(server, executor, sink, token);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The address bound (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(final HttpExchange ex) throws IOException {
        try {
            final String path = ex.getRequestURI().getPath();
            final boolean known = switch (path) {
                case "/snapshot", "/events", "/metrics", "/health" -> true;
                default -> false;
            };
            if (!known) {
                send(ex, 404, "application/json", error("no such path: try /snapshot, /events, /metrics or /health"));
                return;
            }
            final String method = ex.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "application/json", error("only GET"));
                return;
            }
            if (token != null && !"/health".equals(path)
                    && !token.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"logmon\"");
                send(ex, 401, "application/json", error("a bearer token is needed"));
                return;
            }
            switch (path) {
                case "/snapshot" -> snapshot(ex);
                case "/events" -> events(ex);
                case "/metrics" -> metrics(ex);
                default -> health(ex);
            }
        } catch (IOException | RuntimeException e) {
            ex.close();
            throw e;
        }
    }

    private void snapshot(final HttpExchange ex) throws IOException {
        final byte[] json = sink.latestJson();
        if (json == null) {
            ex.getResponseHeaders().set("Retry-After", "1");
            send(ex, 503, "application/json", error("no snapshot yet"));
            return;
        }
        send(ex, 200, "application/json", json);
    }

    private void events(final HttpExchange ex) throws IOException {
        if ("HEAD".equals(ex.getRequestMethod())) {
            send(ex, 200, "text/event-stream", new byte[0]);
            return;
        }
        if (!sink.acceptsClients()) {
            ex.getResponseHeaders().set("Retry-After", "5");
            send(ex, 503, "application/json", error("too many /events clients, or stopping"));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        final OutputStream body = ex.getResponseBody();
        if (!sink.subscribe(body, ex::close)) {
            body.write(": closed, or too many clients\n\n".getBytes(StandardCharsets.US_ASCII));
            ex.close();
        }
    }

    private void metrics(final HttpExchange ex) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            sink.metrics().write(out);
        } catch (RuntimeException e) {
            send(ex, 500, "application/json", error("metrics failed: " + e.getClass().getSimpleName()));
            return;
        }
        send(ex, 200, ApiMetrics.CONTENT_TYPE, out.toByteArray());
    }

    private void health(final HttpExchange ex) throws IOException {
        final var s = sink.latest();
        final String body = "{\"status\":\"ok\",\"uptimeSeconds\":"
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
                + ",\"snapshotTime\":" + (s == null ? "null" : "\"" + Instant.ofEpochSecond(s.second()) + "\"")
                + ",\"eventClients\":" + sink.clients() + "}";
        send(ex, 200, "application/json", body.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] error(final String message) {
        return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(final HttpExchange ex, final int code, final String type, final byte[] body)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        final boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** Stops listening (open streams should have been ended by closing the sink first). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
