package dev.logmon.core.engine;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.core.snapshot.SnapshotPublisher;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers snapshots and alerts to one listener on its own thread, so a slow sink never stalls
 * the combiner.
 *
 * <pre>
 *   combiner --offer--> [ queue: alerts (never dropped) + snapshots ] --thread--> listener
 * </pre>
 *
 * Two policies. {@code lossless} (replay with --once): the combiner waits when the queue is full,
 * so every periodic snapshot is written and the output is reproducible. Otherwise (live): when
 * snapshots pile up the oldest waiting snapshot is dropped (the latest wins) and counted; alerts
 * are always kept and delivered in order.
 */
public final class SinkRunner implements SnapshotPublisher, AutoCloseable {
    private static final int CAPACITY = 64;

    private final SnapshotListener listener;
    private final boolean lossless;
    private final HandlerErrors errors;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private boolean closing;
    private boolean done;

    /**
     * @param name     thread name suffix
     * @param listener the sink
     * @param lossless true to wait rather than drop snapshots
     * @param errors   where listener exceptions are counted
     */
    public SinkRunner(final String name, final SnapshotListener listener, final boolean lossless,
                      final HandlerErrors errors) {
        this.listener = listener;
        this.lossless = lossless;
        this.errors = errors;
        this.thread = new Thread(this::run, "logmon-sink-" + name);
        this.thread.setDaemon(true);
        this.thread.setUncaughtExceptionHandler(errors.uncaught());
        this.thread.start();
    }

    @Override
    public void publishSnapshot(final Snapshot snapshot) {
        enqueue(snapshot);
    }

    @Override
    public void publishAlert(final AlertEvent alert) {
        enqueue(alert);
    }

    private void enqueue(final Object item) {
        lock.lock();
        try {
            if (done) {
                return; // closed, or failed for good: nothing will read it
            }
            if (item instanceof Snapshot && queue.size() >= CAPACITY) {
                if (lossless) {
                    while (queue.size() >= CAPACITY && !done) {
                        changed.awaitUninterruptibly();
                    }
                } else {
                    dropOldestSnapshot();
                }
            }
            queue.addLast(item);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void dropOldestSnapshot() {
        final Iterator<Object> it = queue.iterator();
        while (it.hasNext()) {
            if (it.next() instanceof Snapshot) {
                it.remove();
                dropped.incrementAndGet();
                return;
            }
        }
    }

    private void run() {
        while (true) {
            final Object item;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    changed.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    done = true;
                    changed.signalAll();
                    break;
                }
                item = queue.pollFirst();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                if (item instanceof Snapshot s) {
                    listener.onSnapshot(s);
                } else {
                    listener.onAlert((AlertEvent) item);
                }
            } catch (RuntimeException e) {
                errors.record("sink " + thread.getName(), e);
            } catch (Error e) {
                // fatal: the run ends; never leave the combiner waiting on a lossless queue
                lock.lock();
                try {
                    done = true;
                    queue.clear();
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                errors.fatal(thread.getName(), e);
                return;
            }
        }
        try {
            listener.close();
        } catch (RuntimeException e) {
            errors.record("sink close " + thread.getName(), e);
        }
    }

    /** Snapshots dropped because the sink was slower than the combiner. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Delivers what is queued, then closes the listener; waits at most {@code timeoutMs}.
     */
    public boolean close(final long timeoutMs) {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.MILLISECONDS.toMillis(timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        close(5_000);
    }
}
