package dev.logmon.sinks.http;

import dev.logmon.core.AlertEvent;
import dev.logmon.core.Snapshot;
import dev.logmon.core.SnapshotListener;
import dev.logmon.sinks.SnapshotJson;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink behind the HTTP API: keeps the latest snapshot (as a record for {@code /metrics} and
 * as its JSON for {@code /snapshot}) and hands every snapshot and alert to each {@code /events}
 * client's queue. Fed by its own {@code SinkRunner}; nothing here ever waits for a client.
 */
public final class HttpApiSink implements SnapshotListener {
    /** Frames an {@code /events} client may have waiting. */
    public static final int DEFAULT_QUEUE = 256;
    /** Snapshots a client may miss in a row before it is disconnected. */
    public static final int DEFAULT_MAX_DROPPED = 512;
    /** A comment line after this long without an event. */
    public static final long DEFAULT_KEEP_ALIVE_MS = 15_000;
    /** Clients of {@code /events} at once; more are answered 503. */
    public static final int MAX_CLIENTS = 64;

    private final int top;
    private final int queueCapacity;
    private final int maxDropped;
    private final long keepAliveMs;
    private final Object lock = new Object();
    private final List<EventClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong tooSlow = new AtomicLong();
    private final AtomicLong clientIds = new AtomicLong();
    private final ApiMetrics metrics;
    private volatile Snapshot latest;
    private volatile byte[] latestJson;
    private boolean closed;

    /** A sink with the default queue sizes and keep-alive. */
    public HttpApiSink(final int top) {
        this(top, DEFAULT_QUEUE, DEFAULT_MAX_DROPPED, DEFAULT_KEEP_ALIVE_MS);
    }

    /**
     * @param top           entries of each top list in the JSON
     * @param queueCapacity frames each client may have waiting
     * @param maxDropped    snapshots a client may miss since its last write before it is disconnected
     * @param keepAliveMs   a comment line after this long without an event
     */
    public HttpApiSink(final int top, final int queueCapacity, final int maxDropped, final long keepAliveMs) {
        this.top = top;
        this.queueCapacity = queueCapacity;
        this.maxDropped = maxDropped;
        this.keepAliveMs = keepAliveMs;
        this.metrics = new ApiMetrics(() -> latest, clients::size, dropped::get, tooSlow::get);
    }

    @Override
    public void onSnapshot(final Snapshot s) {
        final byte[] json = SnapshotJson.snapshotBytes(s, top, true);
        final byte[] frame = EventClient.frame("snapshot", json);
        synchronized (lock) {
            latestJson = json;
            latest = s;
            for (final EventClient c : clients) {
                c.offer(frame, true);
            }
        }
    }

    @Override
    public void onAlert(final AlertEvent alert) {
        final byte[] frame = EventClient.frame("alert", SnapshotJson.alertBytes(alert));
        synchronized (lock) {
            for (final EventClient c : clients) {
                c.offer(frame, false);
            }
        }
    }

    /** Ends every {@code /events} stream after what is queued (the final snapshot) was written. */
    @Override
    public void close() {
        final List<EventClient> ending;
        synchronized (lock) {
            closed = true;
            ending = List.copyOf(clients);
        }
        for (final EventClient c : ending) {
            c.finish();
        }
        for (final EventClient c : ending) {
            try {
                if (!c.await(2_000)) {
                    c.disconnect(EventClient.End.CLOSED_BY_SERVER);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The latest snapshot, null before the first. */
    public Snapshot latest() {
        return latest;
    }

    /** The latest snapshot's JSON, null before the first. */
    byte[] latestJson() {
        return latestJson;
    }

    /** Clients connected to {@code /events}. */
    public int clients() {
        return clients.size();
    }

    /** Snapshots dropped for slow clients so far. */
    public long droppedSnapshots() {
        return dropped.get();
    }

    /** Clients disconnected for falling too far behind so far. */
    public long tooSlowClients() {
        return tooSlow.get();
    }

    /** Whether a new {@code /events} client would be taken now. */
    boolean acceptsClients() {
        synchronized (lock) {
            return !closed && clients.size() < MAX_CLIENTS;
        }
    }

    ApiMetrics metrics() {
        return metrics;
    }

    /**
     * Subscribes a client whose response headers were sent; it gets the latest snapshot first.
     *
     * @return false when the sink is closed or full (the caller answers and closes)
     */
    boolean subscribe(final OutputStream body, final Runnable closeExchange) {
        final EventClient c = new EventClient(String.valueOf(clientIds.incrementAndGet()), body, closeExchange,
                queueCapacity, maxDropped, keepAliveMs, this);
        synchronized (lock) {
            if (closed || clients.size() >= MAX_CLIENTS) {
                return false;
            }
            clients.add(c);
            if (latestJson != null) {
                c.offer(EventClient.frame("snapshot", latestJson), true);
            }
        }
        c.start();
        return true;
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    void ended(final EventClient c, final EventClient.End why) {
        clients.remove(c);
        if (why == EventClient.End.TOO_SLOW) {
            tooSlow.incrementAndGet();
        }
    }
}
