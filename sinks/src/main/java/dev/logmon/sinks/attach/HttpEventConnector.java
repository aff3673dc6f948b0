package dev.logmon.sinks.attach;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Opens a service's {@code /events} with the JDK {@link HttpClient}, sending the bearer token if any. */
public final class HttpEventConnector implements EventStreamClient.Connector {
    private final HttpClient http;
    private final URI events;
    private final String token;

    /**
     * @param base  the service, e.g. {@code http://127.0.0.1:9900} (a path prefix is kept)
     * @param token the bearer token, or null
     */
    public HttpEventConnector(final URI base, final String token) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final String path = base.getPath() == null ? "" : base.getPath();
        this.events = base.resolve((path.endsWith("/") ? path : path + "/") + "events");
        this.token = token;
    }

    /** The URI of the stream. */
    public URI uri() {
        return events;
    }

    @Override
    public EventStreamClient.Lines open() throws IOException {
        final HttpRequest.Builder b = HttpRequest.newBuilder(events).header("Accept", "text/event-stream");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        final HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("HTTP " + r.statusCode() + (r.statusCode() == 401 ? ": the token was refused or is missing" : ""));
        }
        final BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        return new EventStreamClient.Lines() {
            @Override
            public String next() throws IOException {
                return reader.readLine();
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // closing a broken stream: nothing left to release
                }
            }
        };
    }
}
