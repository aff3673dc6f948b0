package dev.logmon.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The smallest SMTP server a mail client accepts, on 127.0.0.1: it says yes to everything
 * (except recipients listed as refused, which get 550) and keeps each message's DATA.
 */
final class LocalSmtp implements AutoCloseable {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> recipients = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread thread;

    LocalSmtp() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "test-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                converse(s);
            } catch (IOException e) {
                // closed, or a client gone: next connection
            }
        }
    }

    private void converse(final Socket s) throws IOException {
        final BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        final OutputStream out = s.getOutputStream();
        reply(out, "220 localhost test SMTP");
        String line;
        while ((line = in.readLine()) != null) {
            final String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
            switch (cmd) {
                case "EHLO", "HELO" -> reply(out, "250 localhost");
                case "RCPT" -> {
                    if (line.contains("refused@")) {
                        reply(out, "550 no such user");
                    } else {
                        recipients.add(line.substring(line.indexOf(':') + 1).strip());
                        reply(out, "250 OK");
                    }
                }
                case "DATA" -> {
                    reply(out, "354 go ahead");
                    final StringBuilder data = new StringBuilder();
                    String d;
                    while ((d = in.readLine()) != null && !".".equals(d)) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append('\n');
                    }
                    messages.add(data.toString());
                    reply(out, "250 queued");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "250 OK");
            }
        }
    }

    private static void reply(final OutputStream out, final String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
