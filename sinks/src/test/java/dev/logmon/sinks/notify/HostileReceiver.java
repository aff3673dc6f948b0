package dev.logmon.sinks.notify;

import java.io.ByteArrayOutputStream;
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
 * A webhook receiver on a raw {@link ServerSocket} on 127.0.0.1 that misbehaves on purpose: it
 * reads each request whole, then answers in one of the {@link Mode}s, one thread per connection.
 * Counts the bytes it manages to write and the connections the client closed on it.
 */
final class HostileReceiver implements AutoCloseable {
    /** How it answers every request. */
    enum Mode {
        /** 200 with a chunked body that never ends. */
        ENDLESS_200,
        /** 400 announcing a 3 GB body, then streaming it. */
        HUGE_400,
        /** 200 announcing 100,000 bytes, 10 sent, then the connection closed. */
        CUT_200,
        /** 503 announcing 100,000 bytes, 10 sent, then the connection closed. */
        CUT_503,
        /** Never answers (until closed). */
        HANG
    }

    private static final byte[] CHUNK = new byte[16_384];

    static {
        Arrays.fill(CHUNK, (byte) 'x');
    }

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Requests read whole. */
    final AtomicInteger requests = new AtomicInteger();
    /** Body bytes written to clients, all connections. */
    final AtomicLong bytesWritten = new AtomicLong();
    /** Connections on which a write failed: the client closed while the body still flowed. */
    final AtomicInteger closedByClient = new AtomicInteger();
    private volatile boolean closed;

    HostileReceiver(final Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread acceptor = new Thread(this::accept, "hostile-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
    }

    private void accept() {
        while (!closed) {
            try {
                final Socket s = server.accept();
                open.add(s);
                final Thread t = new Thread(() -> serve(s), "hostile-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(final Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (readRequest(in)) {
                requests.incrementAndGet();
                if (!answer(out)) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                closedByClient.incrementAndGet();
            }
        }
    }

    /** Reads headers and a Content-Length body; false at the end of the stream. */
    private static boolean readRequest(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            final byte[] h = head.toByteArray();
            final int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        if (b < 0) {
            return false;
        }
        long length = 0;
        for (final String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        in.readNBytes((int) length);
        return true;
    }

    /** Answers one request; false when the connection is to be dropped. */
    private boolean answer(final OutputStream out) throws IOException {
        switch (mode) {
            case ENDLESS_200 -> {
                out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"));
                final byte[] size = ascii(Integer.toHexString(CHUNK.length) + "\r\n");
                while (!closed) {
                    out.write(size);
                    out.write(CHUNK);
                    out.write(ascii("\r\n"));
                    bytesWritten.addAndGet(CHUNK.length);
                }
                return false;
            }
            case HUGE_400 -> {
                out.write(ascii("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: "
                        + (3L << 30) + "\r\n\r\nthe receiver says no\r\n"));
                while (!closed) {
                    out.write(CHUNK);
                    bytesWritten.addAndGet(CHUNK.length);
                }
                return false;
            }
            case CUT_200, CUT_503 -> {
                out.write(ascii((mode == Mode.CUT_200 ? "HTTP/1.1 200 OK" : "HTTP/1.1 503 Service Unavailable")
                        + "\r\nContent-Length: 100000\r\n\r\n0123456789"));
                out.flush();
                bytesWritten.addAndGet(10);
                return false;
            }
            case HANG -> {
                while (!closed) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return false;
                    }
                }
                return false;
            }
            default -> throw new IllegalStateException(mode.name());
        }
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
