package dev.logmon.sinks.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One {@code /events} subscriber: a small bounded queue of server-sent-event frames written with
 * the server's asynchronous writes, one at a time. No thread is held for a client: a write that
 * the client does not read simply stays pending.
 *
 * <pre>
 *   HttpApiSink --offer--> [ frames: alerts kept, oldest snapshot dropped when full ] --write--> socket
 * </pre>
 *
 * When the queue is full the oldest waiting snapshot is dropped; alerts never are. A client is
 * disconnected as too slow when it misses more than {@code maxDropped} snapshots since its last
 * completed write, when its queue is all alerts, or (checked by {@link #check}) when a write has
 * been pending for {@code stallMs}. Frames are shared between clients: a client costs its queue
 * of references, not copies.
 */
final class EventClient {
    /** What ends a client, for the counters. */
    enum End { NONE, CLOSED_BY_SERVER, GONE, TOO_SLOW, EVICTED }

    private record Frame(byte[] bytes, boolean droppable) {
    }

    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Response response;
    private final Callback done;
    private final Runnable closeConnection;
    private final int capacity;
    private final int maxDropped;
    private final HttpApiSink owner;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private final Callback written = Callback.from(this::onWritten, this::onWriteFailed);
    private boolean writing;
    private long writeStartedNanos;
    private long lastOfferNanos;
    private int droppedSinceWrite;
    private boolean finishing;
    private End end = End.NONE;

    /**
     * @param response        the response, its headers set, nothing written yet
     * @param done            the request's callback: completed once, when the client ends
     * @param closeConnection closes the connection at once (a client that does not read)
     */
    EventClient(final Response response, final Callback done, final Runnable closeConnection, final int capacity,
                final int maxDropped, final HttpApiSink owner) {
        this.response = response;
        this.done = done;
        this.closeConnection = closeConnection;
        this.capacity = capacity;
        this.maxDropped = maxDropped;
        this.owner = owner;
        this.lastOfferNanos = System.nanoTime();
    }

    /** Frames a server-sent event: {@code event: NAME}, {@code data: JSON}, blank line. */
    static byte[] frame(final String event, final byte[] json) {
        final byte[] head = ("event: " + event + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, 0, out, head.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /** Sends the response headers (an empty write), so the client sees 200 before the first event. */
    void start() {
        synchronized (this) {
            writing = true;
            writeStartedNanos = System.nanoTime();
        }
        response.write(false, ByteBuffer.allocate(0), written);
    }

    /** Queues a frame; never blocks. Snapshots are droppable, alerts are not. */
    void offer(final byte[] frame, final boolean droppable) {
        boolean tooSlow = false;
        Frame next = null;
        synchronized (this) {
            if (end != End.NONE || finishing) {
                return;
            }
            lastOfferNanos = System.nanoTime();
            if (queue.size() >= capacity) {
                if (dropOldestSnapshot()) {
                    droppedSinceWrite++;
                    owner.counters().count(ApiCounters.Reason.EVENT_DROPPED);
                    tooSlow = droppedSinceWrite > maxDropped;
                } else {
                    tooSlow = true;
                }
            }
            if (!tooSlow) {
                queue.addLast(new Frame(frame, droppable));
                next = takeNextLocked();
            }
        }
        if (tooSlow) {
            disconnect(End.TOO_SLOW);
        } else if (next != null) {
            send(next);
        }
    }

    /**
     * Periodic check: ends a client whose write has been pending since before {@code stallBefore},
     * and sends a keep-alive comment when nothing was queued since {@code quietSince}.
     */
    void check(final long now, final long stallNanos, final long keepAliveNanos) {
        final boolean stalled;
        final boolean quiet;
        synchronized (this) {
            stalled = writing && end == End.NONE && now - writeStartedNanos > stallNanos;
            quiet = !writing && end == End.NONE && now - lastOfferNanos > keepAliveNanos;
        }
        if (stalled) {
            disconnect(End.TOO_SLOW);
        } else if (quiet) {
            offer(KEEP_ALIVE, true);
        }
    }

    /** Nanos since which a write has been pending, or -1 when none is: how far behind the client is. */
    synchronized long pendingSinceNanos() {
        return writing && end == End.NONE ? writeStartedNanos : -1;
    }

    private Frame takeNextLocked() {
        if (writing) {
            return null;
        }
        final Frame next = queue.pollFirst();
        if (next != null) {
            writing = true;
            writeStartedNanos = System.nanoTime();
        }
        return next;
    }

    private boolean dropOldestSnapshot() {
        final Iterator<Frame> it = queue.iterator();
        while (it.hasNext()) {
            if (it.next().droppable()) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private void send(final Frame f) {
        try {
            response.write(false, ByteBuffer.wrap(f.bytes()), written);
        } catch (RuntimeException e) {
            disconnect(End.GONE);
        }
    }

    private void onWritten() {
        final Frame next;
        final boolean complete;
        synchronized (this) {
            writing = false;
            droppedSinceWrite = 0;
            if (end != End.NONE) {
                return;
            }
            next = takeNextLocked();
            complete = next == null && finishing;
            if (complete) {
                writing = true;
                writeStartedNanos = System.nanoTime();
            }
        }
        if (next != null) {
            send(next);
        } else if (complete) {
            response.write(true, ByteBuffer.allocate(0), Callback.from(
                    () -> ended(End.CLOSED_BY_SERVER, null), x -> ended(End.GONE, x)));
        }
    }

    private void onWriteFailed(final Throwable x) {
        disconnect(End.GONE);
    }

    /** Writes what is queued, then ends the stream (service shutdown). */
    void finish() {
        final boolean now;
        synchronized (this) {
            if (finishing || end != End.NONE) {
                return;
            }
            finishing = true;
            now = !writing && queue.isEmpty();
            if (now) {
                writing = true;
                writeStartedNanos = System.nanoTime();
            }
        }
        if (now) {
            response.write(true, ByteBuffer.allocate(0), Callback.from(
                    () -> ended(End.CLOSED_BY_SERVER, null), x -> ended(End.GONE, x)));
        }
    }

    /** Ends the client now: its connection is closed, which also fails a write it is stuck in. */
    void disconnect(final End why) {
        synchronized (this) {
            if (end != End.NONE) {
                return;
            }
            end = why;
            queue.clear();
        }
        if (why != End.GONE) {
            try {
                closeConnection.run();
            } catch (RuntimeException ignored) {
                // the connection is already broken: nothing more to tell the client
            }
        }
        complete(why, new java.io.IOException("/events client ended: " + why));
    }

    /** The stream ended by itself (last write done or failed). */
    private void ended(final End why, final Throwable failure) {
        synchronized (this) {
            if (end == End.NONE) {
                end = why;
            }
        }
        complete(end(), failure);
    }

    private synchronized End end() {
        return end;
    }

    /** The request failed under us (the client went away, an idle timeout). */
    void failed(final Throwable x) {
        disconnect(End.GONE);
    }

    private void complete(final End why, final Throwable failure) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (failure == null) {
                done.succeeded();
            } else {
                done.failed(failure);
            }
        } finally {
            owner.ended(this, why);
        }
    }

    /** Whether the client has ended (tests, shutdown). */
    boolean isEnded() {
        return completed.get();
    }
}
