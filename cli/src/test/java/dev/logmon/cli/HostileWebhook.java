package dev.logmon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver on a raw socket on 127.0.0.1 that answers every request the same bad way
 * ({@link Mode}); one thread per connection. For the real jar's tests (RELIABILITY row 40).
 */
final class HostileWebhook implements AutoCloseable {
    /** How every request is answered. */
    enum Mode {
        /** 200 with a chunked body that never ends. */
        ENDLESS_200,
        /** 400 announcing 3 GB, then streaming it. */
        HUGE_400,
        /** 503 announcing 100,000 bytes, 10 sent, then the connection closed (retried). */
        CUT_503,
        /** Reads the request and never answers. */
        HANG
    }

    private static final byte[] CHUNK = new byte[16_384];

    static {
        Arrays.fill(CHUNK, (byte) 'x');
    }

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Requests read. */
    final AtomicInteger requests = new AtomicInteger();
    /** Body bytes pushed to the client, all connections. */
    final AtomicLong bytesWritten = new AtomicLong();
    private volatile boolean closed;

    HostileWebhook(final Mode mode) throws IOException {
        this.mode = mode;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    final Socket s = server.accept();
                    open.add(s);
                    final Thread c = new Thread(() -> serve(s), "hostile-webhook-conn");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "hostile-webhook");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
    }

    private void serve(final Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            final String head = readHead(in);
            if (head == null) {
                return;
            }
            for (final String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(15).strip()));
                }
            }
            requests.incrementAndGet();
            switch (mode) {
                case ENDLESS_200 -> {
                    out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
                    while (!closed) {
                        out.write(ascii(Integer.toHexString(CHUNK.length) + "\r\n"));
                        out.write(CHUNK);
                        out.write(ascii("\r\n"));
                        bytesWritten.addAndGet(CHUNK.length);
                    }
                }
                case HUGE_400 -> {
                    out.write(ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: " + (3L << 30) + "\r\n\r\nno.\r\n"));
                    while (!closed) {
                        out.write(CHUNK);
                        bytesWritten.addAndGet(CHUNK.length);
                    }
                }
                case CUT_503 -> {
                    out.write(ascii("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100000\r\n\r\n0123456789"));
                    out.flush();
                }
                case HANG -> {
                    while (!closed && in.read() >= 0) {
                        // hold the connection, say nothing
                    }
                }
                default -> throw new IllegalStateException(mode.name());
            }
        } catch (IOException e) {
            // the client went away: what a receiver sees when logmon drops a body it does not want
        }
    }

    private static String readHead(final InputStream in) throws IOException {
        final StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                return b.toString();
            }
        }
        return null;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (final Socket s : open) {
            s.close();
        }
    }
}
