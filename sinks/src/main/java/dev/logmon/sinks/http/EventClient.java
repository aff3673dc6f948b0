package dev.logmon.sinks.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@code /events} subscriber: a bounded queue of server-sent-event frames drained by a writer
 * thread of its own, so a client that reads slowly (or not at all) only ever blocks that thread.
 *
 * <pre>
 *   HttpApiSink --offer--> [ frames: alerts kept, oldest snapshot dropped when full ] --writer--> socket
 * </pre>
 *
 * When the queue is full the oldest waiting snapshot is dropped; alerts never are. A client is
 * disconnected when it falls too far behind: more than {@code maxDropped} snapshots dropped since
 * its last successful write, or a queue full of alerts. A comment line is sent when nothing else
 * was for {@code keepAliveMs}, so a vanished client is noticed.
 */
final class EventClient {
    /** What ends a client, for the counters. */
    enum End { NONE, CLOSED_BY_SERVER, GONE, TOO_SLOW }

    private record Frame(byte[] bytes, boolean droppable) {
    }

    private final OutputStream body;
    private final Runnable closeExchange;
    private final int capacity;
    private final int maxDropped;
    private final long keepAliveMs;
    private final HttpApiSink owner;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread writer;
    private int droppedSinceWrite;
    private boolean finishing;
    private End end = End.NONE;

    EventClient(final String name, final OutputStream body, final Runnable closeExchange, final int capacity,
                final int maxDropped, final long keepAliveMs, final HttpApiSink owner) {
        this.body = body;
        this.closeExchange = closeExchange;
        this.capacity = capacity;
        this.maxDropped = maxDropped;
        this.keepAliveMs = keepAliveMs;
        this.owner = owner;
        this.writer = new Thread(this::run, "logmon-sse-" + name);
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
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

    /** Queues a frame; never blocks. Snapshots are droppable, alerts are not. */
    void offer(final byte[] frame, final boolean droppable) {
        boolean tooSlow = false;
        lock.lock();
        try {
            if (end != End.NONE || finishing) {
                return;
            }
            if (queue.size() >= capacity) {
                if (dropOldestSnapshot()) {
                    droppedSinceWrite++;
                    owner.countDropped();
                    tooSlow = droppedSinceWrite > maxDropped;
                } else {
                    tooSlow = true;
                }
            }
            if (!tooSlow) {
                queue.addLast(new Frame(frame, droppable));
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (tooSlow) {
            disconnect(End.TOO_SLOW);
        }
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

    /** Writes what is queued, then ends the stream (service shutdown). */
    void finish() {
        lock.lock();
        try {
            finishing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the client now: the writer is interrupted, which closes a socket it is blocked on. */
    void disconnect(final End why) {
        lock.lock();
        try {
            if (end != End.NONE) {
                return;
            }
            end = why;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        writer.interrupt();
    }

    /** Waits for the writer thread to end. */
    boolean await(final long timeoutMs) throws InterruptedException {
        writer.join(timeoutMs);
        return !writer.isAlive();
    }

    private void run() {
        try {
            while (true) {
                final Frame next;
                lock.lock();
                try {
                    long waitNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMs);
                    while (queue.isEmpty() && !finishing && end == End.NONE && waitNanos > 0) {
                        waitNanos = changed.awaitNanos(waitNanos);
                    }
                    if (end != End.NONE || (queue.isEmpty() && finishing)) {
                        break;
                    }
                    next = queue.pollFirst();
                } finally {
                    lock.unlock();
                }
                body.write(next == null ? KEEP_ALIVE : next.bytes());
                body.flush();
                lock.lock();
                try {
                    droppedSinceWrite = 0;
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | InterruptedException e) {
            lock.lock();
            try {
                if (end == End.NONE) {
                    end = End.GONE;
                }
            } finally {
                lock.unlock();
            }
        } finally {
            Thread.interrupted();
            final End why;
            lock.lock();
            try {
                if (end == End.NONE) {
                    end = End.CLOSED_BY_SERVER;
                }
                why = end;
            } finally {
                lock.unlock();
            }
            if (why == End.TOO_SLOW) {
                // an interrupted thread cannot block on the socket: closing it never waits for the client
                Thread.currentThread().interrupt();
            }
            try {
                closeExchange.run();
            } catch (RuntimeException ignored) {
                // the connection is already broken: nothing more to tell the client
            }
            Thread.interrupted();
            owner.ended(this, why);
        }
    }

    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.US_ASCII);
}
