package dev.logmon.sinks.notify;

import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs a notification as JSON ({@link WebhookPayload}) with the JDK {@link HttpClient}.
 *
 * <ul>
 *   <li>2xx: delivered.</li>
 *   <li>429 and 5xx: retry, after {@code Retry-After} (seconds or an HTTP date) when the far end gives it.</li>
 *   <li>any other status (4xx, an unfollowed 3xx): rejected; the log shows the status and the first
 *       200 characters of the body, made single-line and terminal-safe.</li>
 *   <li>connection errors (refused, reset, TLS), a response cut short and timeouts: retry.</li>
 * </ul>
 * One attempt, headers and body, is bounded by the timeout. Only a prefix of an error body is read
 * ({@value #BODY_READ_BYTES} bytes) and none of a 2xx body: the connection is closed on the rest,
 * so an endless or huge body costs neither memory nor time. No message ever holds the URL.
 */
public final class WebhookTransport implements Transport {
    /** How much of an error response body is logged. */
    static final int BODY_LOG_CHARS = 200;
    /** How much of an error response body is read at most; the rest is never read (a 2xx body is not read at all). */
    static final int BODY_READ_BYTES = 1_024;

    private final SecretUrl url;
    private final long timeoutMs;
    private final Clock clock;
    private final HttpClient client;

    /**
     * @param url       where to POST
     * @param timeoutMs limit of one attempt, connect to last body byte
     * @param clock     to turn an HTTP-date {@code Retry-After} into a wait
     */
    public WebhookTransport(final SecretUrl url, final long timeoutMs, final Clock clock) {
        this.url = url;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(timeoutMs))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String redactedTarget() {
        return url.toString();
    }

    @Override
    public Attempt send(final Notification n) throws InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(url.uri())
                .timeout(Duration.ofMillis(timeoutMs))
                .header("Content-Type", "application/json")
                .header("User-Agent", "logmon/0.1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookPayload.write(n)))
                .build();
        final CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, BodyPrefix.handler(BODY_READ_BYTES));
        final HttpResponse<byte[]> response;
        try {
            response = future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            return Attempt.retry("no complete response within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            return Attempt.retry(describe(e.getCause()));
        }
        return classify(response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
    }

    private Attempt classify(final int status, final Optional<String> retryAfter, final byte[] body) {
        if (status >= 200 && status < 300) {
            return Attempt.delivered();
        }
        if (status == 429 || status >= 500) {
            final long waitMs = retryAfter.map(this::retryAfterMs).orElse(-1L);
            return waitMs >= 0
                    ? Attempt.retryAfter(waitMs, "HTTP " + status + " (Retry-After " + waitMs / 1000 + " s)")
                    : Attempt.retry("HTTP " + status);
        }
        final String text = new String(body, StandardCharsets.UTF_8); // a cut UTF-8 sequence becomes U+FFFD
        return Attempt.rejected("HTTP " + status + ": " + TextSafety.truncated(url.scrub(text), BODY_LOG_CHARS));
    }

    /** Seconds ({@code 120}) or an HTTP date; -1 when it is neither. */
    long retryAfterMs(final String value) {
        final String v = value.strip();
        try {
            final long seconds = Long.parseLong(v);
            return seconds < 0 ? -1 : Math.min(seconds, Long.MAX_VALUE / 1000) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                final long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - clock.millis());
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }

    private String describe(final Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + timeoutMs + " ms";
        }
        if (t instanceof HttpTimeoutException) {
            return "no response within " + timeoutMs + " ms";
        }
        if (t instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        final String message = t == null || t.getMessage() == null ? "" : ": " + t.getMessage();
        return (t == null ? "error" : t.getClass().getSimpleName()) + TextSafety.truncated(url.scrub(message), 200);
    }
}
