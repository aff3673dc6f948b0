package dev.logmon.sinks.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The HTTP API of {@code logmon-cli serve}, on Eclipse Jetty's core server (no servlets) with
 * limits no client can get around ({@link ApiLimits}): a deadline for a request's headers, an idle
 * timeout, a bounded thread pool that no request blocks (every write is asynchronous), a cap on
 * connections in all and per remote address, a cap on request headers and no request bodies.
 * Each connection serves one request ({@code Connection: close}), so the header deadline bounds
 * every request, and no connection is kept waiting for a next one.
 *
 * <ul>
 *   <li>{@code GET /snapshot}: the latest snapshot (the JSON lines form plus {@code secondHits});
 *       503 before the first one</li>
 *   <li>{@code GET /events}: server-sent events, {@code event: snapshot} and {@code event: alert}</li>
 *   <li>{@code GET /metrics}: Prometheus text exposition</li>
 *   <li>{@code GET /health}: {@code {"status":"ok",...}}; never needs the token</li>
 *   <li>{@code GET /history}: with {@code --state-dir}, the stored history over a range ({@link ApiHistory})</li>
 *   <li>{@code GET /}: the browser dashboard, whose files ({@link DashboardAssets}) need no token either</li>
 * </ul>
 *
 * Every answer carries a strict Content-Security-Policy, {@code X-Content-Type-Options: nosniff}
 * and {@code Referrer-Policy: no-referrer}.
 * With a token every other path answers 401 unless the request carries
 * {@code Authorization: Bearer TOKEN}. An IPv4 address listens on IPv4 only; an IPv6 address on
 * IPv6 only unless {@code dualStack} is asked for (then the IPv6 wildcard takes both).
 */
public final class HttpApiServer implements AutoCloseable {
    /** How often {@code /events} clients are checked for stalled writes and keep-alives. */
    private static final long SWEEP_MS = 250;

    private final Server server;
    private final Scheduler scheduler;
    private final BoundConnector connector;
    private final HttpApiSink sink;
    private final ApiToken token;
    private final ConnectionGuard guard;
    private final ApiHistory history;
    private final long started = System.nanoTime();
    private volatile boolean closed;

    private HttpApiServer(final Server server, final Scheduler scheduler, final BoundConnector connector,
                          final HttpApiSink sink, final ApiToken token, final ConnectionGuard guard,
                          final ApiHistory history) {
        this.server = server;
        this.scheduler = scheduler;
        this.connector = connector;
        this.sink = sink;
        this.token = token;
        this.guard = guard;
        this.history = history;
    }

    /** Binds with the default limits, on the address's own family only, and starts serving. */
    public static HttpApiServer start(final InetSocketAddress address, final HttpApiSink sink, final ApiToken token)
            throws IOException {
        return start(address, false, sink, token, ApiLimits.DEFAULTS);
    }

    /**
     * Binds and starts serving.
     *
     * @param address   where to listen (port 0 picks a free one: see {@link #address()})
     * @param dualStack with the IPv6 wildcard: take IPv4 clients too
     * @param token     the bearer token asked for, or null for none
     * @param limits    timeouts and caps
     * @throws IOException when the address cannot be bound
     */
    public static HttpApiServer start(final InetSocketAddress address, final boolean dualStack, final HttpApiSink sink,
                                      final ApiToken token, final ApiLimits limits) throws IOException {
        return start(address, dualStack, sink, token, limits, null);
    }

    /**
     * Binds and starts serving, with {@code /history} answered from {@code history} (null: 404).
     *
     * @see #start(InetSocketAddress, boolean, HttpApiSink, ApiToken, ApiLimits)
     */
    public static HttpApiServer start(final InetSocketAddress address, final boolean dualStack, final HttpApiSink sink,
                                      final ApiToken token, final ApiLimits limits, final ApiHistory history)
            throws IOException {
        final QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads(), 2, 60_000, 0,
                new BlockingArrayQueue<>(limits.maxQueuedTasks()), null);
        pool.setName("logmon-http");
        pool.setDaemon(true);
        final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("logmon-http-timer", true);
        final Server server = new Server(pool, scheduler, null);
        server.setStopTimeout(1_000);
        final HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(limits.maxRequestHeaderBytes());
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setPersistentConnectionsEnabled(false);
        final BoundConnector connector = new BoundConnector(server, address, new HttpConnectionFactory(config));
        connector.setIdleTimeout(limits.idleTimeoutMs());
        connector.setReuseAddress(true);
        connector.setAcceptQueueSize(1_024);
        connector.setAcceptedSendBufferSize(limits.sendBufferBytes());
        final boolean ipv6Only = !dualStack && !(address.getAddress() instanceof Inet4Address);
        final ConnectionGuard guard = new ConnectionGuard(scheduler, limits.headerDeadlineMs(),
                limits.maxConnectionsPerAddress(), ipv6Only, sink.counters());
        connector.addEventListener(guard);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setErrorHandler(new ApiErrorHandler());
        final HttpApiServer api = new HttpApiServer(server, scheduler, connector, sink, token, guard, history);
        server.setHandler(api.new ApiHandler());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // not started: nothing to stop
            }
            if (e instanceof IOException io) {
                throw new IOException(io.getCause() != null ? io.getCause().getMessage() : io.getMessage(), io);
            }
            throw new IOException(e.getMessage(), e);
        }
        api.scheduleSweep();
        return api;
    }

    /** The address bound (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return connector.bound;
    }

    /** Connections from {@code address} the server has accepted and not yet closed (tests wait on it). */
    int connectionsFrom(final InetAddress address) {
        return guard.openFrom(address);
    }

    private void scheduleSweep() {
        scheduler.schedule(() -> {
            if (!closed) {
                try {
                    sink.sweep();
                } finally {
                    scheduleSweep();
                }
            }
        }, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    /** A connector bound to exactly the family of its address (the JDK's default socket would be dual-stack). */
    private static final class BoundConnector extends ServerConnector {
        private final InetSocketAddress address;
        private volatile InetSocketAddress bound;

        BoundConnector(final Server server, final InetSocketAddress address, final HttpConnectionFactory factory) {
            super(server, 1, 1, factory);
            this.address = address;
            setHost(address.getAddress().getHostAddress());
            setPort(address.getPort());
        }

        @Override
        protected ServerSocketChannel openAcceptChannel() throws IOException {
            final ServerSocketChannel channel = ServerSocketChannel.open(address.getAddress() instanceof Inet4Address
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, getReuseAddress());
                channel.bind(address, getAcceptQueueSize());
                bound = (InetSocketAddress) channel.getLocalAddress();
                return channel;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /** Every request: path, method, body, token, then the endpoint. Never blocks. */
    private final class ApiHandler extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(final Request request, final Response response, final Callback callback) {
            final Connection connection = request.getConnectionMetaData().getConnection();
            guard.requestStarted(connection);
            final String path = Request.getPathInContext(request);
            secure(response);
            final DashboardAssets.Asset asset = DashboardAssets.at(path);
            final boolean known = switch (path) {
                case "/snapshot", "/events", "/metrics", "/health", "/history" -> true;
                default -> asset != null;
            };
            if (!known) {
                send(request, response, callback, 404, "application/json",
                        error("no such path: try /, /snapshot, /events, /metrics, /history or /health"));
                return true;
            }
            final String method = request.getMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                send(request, response, callback, 405, "application/json", error("only GET"));
                return true;
            }
            if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
                send(request, response, callback, 413, "application/json", error("no request body is taken"));
                return true;
            }
            if (asset != null) {
                // the page and its files hold no data: the page asks for the token when /events answers 401
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                send(request, response, callback, 200, asset.type(), asset.bytes());
                return true;
            }
            if (token != null && !"/health".equals(path)
                    && !token.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"logmon\"");
                send(request, response, callback, 401, "application/json", error("a bearer token is needed"));
                return true;
            }
            switch (path) {
                case "/snapshot" -> snapshot(request, response, callback);
                case "/events" -> events(request, response, callback, connection);
                case "/metrics" -> metrics(request, response, callback);
                case "/history" -> history(request, response, callback);
                default -> health(request, response, callback);
            }
            return true;
        }
    }

    private void snapshot(final Request request, final Response response, final Callback callback) {
        final byte[] json = sink.latestJson();
        if (json == null) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            send(request, response, callback, 503, "application/json", error("no snapshot yet"));
            return;
        }
        send(request, response, callback, 200, "application/json", json);
    }

    private void events(final Request request, final Response response, final Callback callback,
                        final Connection connection) {
        if ("HEAD".equals(request.getMethod())) {
            send(request, response, callback, 200, "text/event-stream; charset=utf-8", new byte[0]);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put("X-Accel-Buffering", "no");
        final EventClient client = sink.subscribe(response, callback, () -> connection.getEndPoint().close());
        if (client == null) {
            response.reset();
            secure(response);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            send(request, response, callback, 503, "application/json",
                    error("too many /events clients keeping up, or stopping"));
            return;
        }
        request.addFailureListener(client::failed);
    }

    private void history(final Request request, final Response response, final Callback callback) {
        if (history == null) {
            send(request, response, callback, 404, "application/json",
                    error("no history: serve keeps one with --state-dir"));
            return;
        }
        final String query = request.getHttpURI().getQuery();
        try {
            history.worker().execute(() -> {
                ApiHistory.Answer a;
                try {
                    a = history.query(query);
                } catch (RuntimeException e) {
                    a = new ApiHistory.Answer(500, error("history query failed: " + e.getClass().getSimpleName()));
                }
                send(request, response, callback, a.status(), "application/json", a.body());
            });
        } catch (RejectedExecutionException busy) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            send(request, response, callback, 503, "application/json", error("history queries are busy"));
        }
    }

    /**
     * The headers every answer carries, the error handler's too: no sniffing, no referrer, nothing
     * inline, no framing, and no storing in any cache (the data answers may be behind a token, which
     * a caching reverse proxy would not know; the dashboard's files replace it with {@code no-cache}).
     */
    static void secure(final Response response) {
        response.getHeaders().put("Content-Security-Policy", DashboardAssets.POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    private void metrics(final Request request, final Response response, final Callback callback) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            sink.metrics().write(out);
        } catch (IOException | RuntimeException e) {
            send(request, response, callback, 500, "application/json",
                    error("metrics failed: " + e.getClass().getSimpleName()));
            return;
        }
        send(request, response, callback, 200, ApiMetrics.CONTENT_TYPE, out.toByteArray());
    }

    private void health(final Request request, final Response response, final Callback callback) {
        final var s = sink.latest();
        final String body = "{\"status\":\"ok\",\"uptimeSeconds\":"
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
                + ",\"snapshotTime\":" + (s == null ? "null" : "\"" + Instant.ofEpochSecond(s.second()) + "\"")
                + ",\"eventClients\":" + sink.clients() + ",\"history\":" + (history != null) + "}";
        send(request, response, callback, 200, "application/json", body.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] error(final String message) {
        return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** One whole answer, written asynchronously; HEAD gets the headers only. */
    private static void send(final Request request, final Response response, final Callback callback, final int code,
                             final String type, final byte[] body) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if ("HEAD".equals(request.getMethod()) || body.length == 0) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    /** Stops listening (open streams should have been ended by closing the sink first). */
    @Override
    public void close() {
        closed = true;
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is ending or the test is over
        }
    }
}
