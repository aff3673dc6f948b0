package dev.logmon.sinks.http;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.sinks.json.SnapshotJson;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The sink behind the HTTP API: keeps the latest snapshot (as a record for {@code /metrics} and
 * as its JSON for {@code /snapshot}) and hands every snapshot and alert to each {@code /events}
 * client's queue. Fed by its own {@code SinkRunner}; nothing here ever waits for a client (writes
 * are asynchronous: a client that does not read leaves a write pending, never a thread blocked).
 *
 * <p>Places are kept for clients that keep up: at {@link #MAX_CLIENTS}, a new client takes the
 * place of the one furthest behind (a write pending for more than {@link #EVICTABLE_AFTER_MS});
 * only when every client keeps up is it answered 503. A client that falls behind is dropped
 * within seconds: after missing {@code maxDropped} snapshots, or with a write stalled for
 * {@code stallMs}.
 *
 * <p>With {@link #snapshotsAtMostEvery} ({@code serve} asks for 1 s) a replay's many snapshots a
 * second are thinned for {@code /events} by a token bucket: one snapshot per interval on average,
 * at most {@link #SNAPSHOT_BURST} at once (so a live feed's one a second passes untouched even
 * with jitter, or when a late one catches up). Beyond that the latest one waits for a token (the
 * periodic sweep sends it), the final one goes at once, and one waiting when an alert comes is sent
 * just before the alert so the stream stays in time order. {@code /snapshot} is always the latest.
 */
public final class HttpApiSink implements SnapshotListener {
    /** Frames an {@code /events} client may have waiting. */
    public static final int DEFAULT_QUEUE = 4;
    /** Snapshots a client may miss since its last completed write before it is disconnected. */
    public static final int DEFAULT_MAX_DROPPED = 2;
    /** A comment line after this long without an event. */
    public static final long DEFAULT_KEEP_ALIVE_MS = 15_000;
    /** A client whose write has been pending this long is disconnected. */
    public static final long DEFAULT_STALL_MS = 5_000;
    /** Clients of {@code /events} at once; at the cap a new client takes a lagging one's place, or gets 503. */
    public static final int MAX_CLIENTS = 1_024;
    /** A client with a write pending this long may give its place to a new client. */
    public static final long EVICTABLE_AFTER_MS = 1_000;
    /** Snapshots that may go out at once under {@link #snapshotsAtMostEvery}. */
    public static final int SNAPSHOT_BURST = 2;

    private final int top;
    private final int queueCapacity;
    private final int maxDropped;
    private final long keepAliveMs;
    private final long stallMs;
    private final int maxClients;
    private final Object lock = new Object();
    private final List<EventClient> clients = new CopyOnWriteArrayList<>();
    private final ApiCounters counters = new ApiCounters();
    private final ApiMetrics metrics;
    private volatile Snapshot latest;
    private volatile byte[] latestJson;
    private byte[] latestFrame; // guarded by lock: the latest snapshot's event, shared by every client it is queued for
    private volatile long snapshotIntervalNanos;
    private byte[] heldFrame; // guarded by lock: a snapshot's event waiting for the interval to pass
    private double tokens = SNAPSHOT_BURST; // guarded by lock: snapshots that may go out now
    private long refilledNanos; // guarded by lock
    private boolean refilled; // guarded by lock: refilledNanos is set
    /** Clients that got {@link #heldFrame} when they subscribed (guarded by lock): it is not sent them twice. */
    private final Set<EventClient> haveHeld = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    /** A sink with the default queue sizes, keep-alive and cap. */
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
        this(top, queueCapacity, maxDropped, keepAliveMs, DEFAULT_STALL_MS, MAX_CLIENTS);
    }

    /**
     * @param stallMs    a client whose write has been pending this long is disconnected
     * @param maxClients {@code /events} clients at once
     */
    public HttpApiSink(final int top, final int queueCapacity, final int maxDropped, final long keepAliveMs,
                       final long stallMs, final int maxClients) {
        if (queueCapacity < 1 || maxDropped < 0 || keepAliveMs < 1 || stallMs < 1 || maxClients < 1) {
            throw new IllegalArgumentException("bad /events limits: queue " + queueCapacity + ", max dropped "
                    + maxDropped + ", keep-alive " + keepAliveMs + " ms, stall " + stallMs + " ms, clients " + maxClients);
        }
        this.top = top;
        this.queueCapacity = queueCapacity;
        this.maxDropped = maxDropped;
        this.keepAliveMs = keepAliveMs;
        this.stallMs = stallMs;
        this.maxClients = maxClients;
        this.metrics = new ApiMetrics(() -> latest, clients::size, counters);
    }

    /**
     * Sends {@code /events} clients at most one snapshot per {@code intervalMs} (0: every one).
     *
     * @return this sink
     */
    public HttpApiSink snapshotsAtMostEvery(final long intervalMs) {
        if (intervalMs < 0) {
            throw new IllegalArgumentException("negative snapshot interval: " + intervalMs);
        }
        snapshotIntervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        return this;
    }

    @Override
    public void onSnapshot(final Snapshot s) {
        final byte[] json = SnapshotJson.snapshotBytes(s, top, true);
        final byte[] frame = EventClient.frame("snapshot", json);
        synchronized (lock) {
            latestJson = json;
            latestFrame = frame;
            latest = s;
            if (!takeTokenLocked(System.nanoTime()) && !s.last()) {
                heldFrame = frame;
                haveHeld.clear();
                return;
            }
            broadcastLocked(frame);
        }
    }

    /** Refills the bucket for the time passed and takes a token if there is one; the caller holds the lock. */
    private boolean takeTokenLocked(final long now) {
        final long interval = snapshotIntervalNanos;
        if (interval == 0) {
            return true;
        }
        if (refilled) {
            tokens = Math.min(SNAPSHOT_BURST, tokens + (now - refilledNanos) / (double) interval);
        }
        refilled = true;
        refilledNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Sends a snapshot's event to every client (but those that have it); the caller holds the lock. */
    private void broadcastLocked(final byte[] frame) {
        final boolean held = frame == heldFrame;
        for (final EventClient c : clients) {
            if (!held || !haveHeld.contains(c)) {
                c.offer(frame, true);
            }
        }
        heldFrame = null;
        haveHeld.clear();
    }

    @Override
    public void onAlert(final AlertEvent alert) {
        final byte[] frame = EventClient.frame("alert", SnapshotJson.alertBytes(alert));
        synchronized (lock) {
            if (heldFrame != null) {
                broadcastLocked(heldFrame);
            }
            for (final EventClient c : clients) {
                c.offer(frame, false);
            }
        }
    }

    /**
     * Ends every {@code /events} stream after what is queued (the final snapshot) was written;
     * clients that have not taken it within 2 s in all are disconnected.
     */
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
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && ending.stream().anyMatch(c -> !c.isEnded())) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        for (final EventClient c : ending) {
            c.disconnect(EventClient.End.CLOSED_BY_SERVER);
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
        return counters.get(ApiCounters.Reason.EVENT_DROPPED);
    }

    /** Clients disconnected for falling too far behind so far (given up places included). */
    public long tooSlowClients() {
        return counters.get(ApiCounters.Reason.EVENT_TOO_SLOW) + counters.get(ApiCounters.Reason.EVENT_EVICTED);
    }

    /** Clients that gave their place to a new client so far. */
    public long evictedClients() {
        return counters.get(ApiCounters.Reason.EVENT_EVICTED);
    }

    /** New clients answered 503 because every place was held by a client keeping up. */
    public long refusedClients() {
        return counters.get(ApiCounters.Reason.EVENT_FULL);
    }

    ApiCounters counters() {
        return counters;
    }

    ApiMetrics metrics() {
        return metrics;
    }

    /** Whether the sink was closed (the service is stopping). */
    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Subscribes a client whose response headers are set; it gets the latest snapshot first. At the
     * cap, the client furthest behind gives its place; if none is behind, none is taken.
     *
     * @return the client, or null when the sink is closed or every place is held by a client keeping
     *         up (the caller answers 503 and completes the request)
     */
    EventClient subscribe(final Response response, final Callback done, final Runnable closeConnection) {
        final EventClient c = new EventClient(response, done, closeConnection, queueCapacity, maxDropped, this);
        EventClient victim = null;
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (clients.size() >= maxClients) {
                victim = furthestBehind(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(EVICTABLE_AFTER_MS));
                if (victim == null) {
                    counters.count(ApiCounters.Reason.EVENT_FULL);
                    return null;
                }
                clients.remove(victim);
            }
            clients.add(c);
            c.start();
            if (latestFrame != null) {
                c.offer(latestFrame, true);
                if (latestFrame == heldFrame) {
                    haveHeld.add(c);
                }
            }
        }
        if (victim != null) {
            victim.disconnect(EventClient.End.EVICTED);
        }
        return c;
    }

    private EventClient furthestBehind(final long pendingBefore) {
        EventClient worst = null;
        long oldest = 0;
        for (final EventClient c : clients) {
            final long since = c.pendingSinceNanos();
            if (since >= 0 && since - pendingBefore < 0 && (worst == null || since - oldest < 0)) {
                oldest = since;
                worst = c;
            }
        }
        return worst;
    }

    /** The periodic check (every few hundred ms): stalled writes end their client; quiet streams get a keep-alive. */
    void sweep() {
        final long now = System.nanoTime();
        final long stall = TimeUnit.MILLISECONDS.toNanos(stallMs);
        final long keepAlive = TimeUnit.MILLISECONDS.toNanos(keepAliveMs);
        synchronized (lock) {
            if (heldFrame != null && takeTokenLocked(now)) {
                broadcastLocked(heldFrame);
            }
        }
        for (final EventClient c : clients) {
            c.check(now, stall, keepAlive);
        }
    }

    void ended(final EventClient c, final EventClient.End why) {
        clients.remove(c);
        if (why == EventClient.End.TOO_SLOW) {
            counters.count(ApiCounters.Reason.EVENT_TOO_SLOW);
        } else if (why == EventClient.End.EVICTED) {
            counters.count(ApiCounters.Reason.EVENT_EVICTED);
        }
    }
}
