package dev.logmon.sinks.notify;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body subscriber that keeps at most {@code limit} bytes and then cancels the
 * subscription (the JDK client then closes the connection): a receiver answering with an endless
 * or a 3 GB body costs {@code limit} bytes and no wait. With a limit of 0 the body is not read at
 * all. Completes with the prefix read (shorter when the body is).
 */
final class BodyPrefix implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final byte[] buffer;
    private int filled;
    private Flow.Subscription subscription;

    /** @param limit bytes kept at most */
    BodyPrefix(final int limit) {
        this.buffer = new byte[limit];
    }

    /** A handler reading at most {@code errorLimit} bytes of a non-2xx body and none of a 2xx one. */
    static HttpResponse.BodyHandler<byte[]> handler(final int errorLimit) {
        return info -> new BodyPrefix(info.statusCode() >= 200 && info.statusCode() < 300 ? 0 : errorLimit);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(final Flow.Subscription s) {
        subscription = s;
        if (buffer.length == 0) {
            finish();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(final List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (final ByteBuffer b : items) {
            final int n = Math.min(b.remaining(), buffer.length - filled);
            b.get(buffer, filled, n);
            filled += n;
        }
        if (filled == buffer.length) {
            finish();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(final Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(Arrays.copyOf(buffer, filled));
    }

    private void finish() {
        result.complete(Arrays.copyOf(buffer, filled));
        subscription.cancel();
    }
}
