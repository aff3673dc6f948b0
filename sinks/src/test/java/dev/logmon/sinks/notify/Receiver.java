package dev.logmon.sinks.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on 127.0.0.1 (JDK {@code HttpServer}) that answers from a script:
 * each request takes the next scripted reply, and 200 once the script is used up.
 */
final class Receiver implements AutoCloseable {
    /** One scripted answer; {@code hang} never answers (until the receiver closes). */
    record Reply(int status, Map<String, String> headers, String body, boolean hang) {
        static Reply code(final int status) {
            return new Reply(status, Map.of(), "", false);
        }

        static Reply hanging() {
            return new Reply(0, Map.of(), "", true);
        }
    }

    final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        final Thread t = new Thread(r, "test-receiver");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Reply> script = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    /** Bodies of the requests answered with 2xx, in arrival order. */
    final List<String> delivered = new CopyOnWriteArrayList<>();
    /** Every request's body, whatever it was answered. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger count = new AtomicInteger();

    Receiver(final Reply... replies) throws IOException {
        this(0, replies);
    }

    Receiver(final int port, final Reply... replies) throws IOException {
        script.addAll(List.of(replies));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    void then(final Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** Forgets what is left of the script: every further request gets 200. */
    void clearScript() {
        script.clear();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(final String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void handle(final HttpExchange ex) throws IOException {
        final String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        requests.add(body);
        count.incrementAndGet();
        final Reply reply = script.isEmpty() ? Reply.code(200) : script.poll();
        if (reply.hang()) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (reply.status() >= 200 && reply.status() < 300) {
            delivered.add(body);
        }
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        final byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
