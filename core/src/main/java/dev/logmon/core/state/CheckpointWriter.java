package dev.logmon.core.state;

import java.util.concurrent.TimeUnit;

/**
 * The thread that writes {@code --state-dir} checkpoints, so the combiner never opens a file: the
 * combiner's thread {@link #offer offers} a {@link StateStore.Prepared prepared save} and goes on;
 * this thread reads the fingerprints and writes the state file.
 *
 * <pre>
 *   combiner thread:  offer(save) ──► [one slot: the newest save not yet written] ──► logmon-state: store.write(save)
 * </pre>
 *
 * A bounded hand-off: one slot, the newest save wins (it holds everything an older one would:
 * positions only move on and totals only grow), so a slow disk delays saves but never queues them
 * up nor stalls the combiner. {@link #awaitWritten} lets the stop wait for the final save.
 */
public final class CheckpointWriter {
    private final StateStore store;
    private final Object lock = new Object();
    private final Thread thread;
    private final CheckpointGate gate;
    private StateStore.Prepared pending;
    private long pendingMark;
    private long offered;
    private long written;

    /**
     * @param store   what writes a save
     * @param uncaught where an {@link Error} ending the thread goes
     */
    public CheckpointWriter(final StateStore store, final Thread.UncaughtExceptionHandler uncaught) {
        this(store, uncaught, CheckpointGate.OPEN);
    }

    /**
     * @param gate what must be safe before a save is written ({@link CheckpointGate}); a save waits
     *             for its mark to pass, and the final save with it
     */
    public CheckpointWriter(final StateStore store, final Thread.UncaughtExceptionHandler uncaught,
                            final CheckpointGate gate) {
        this.store = store;
        this.gate = gate;
        this.thread = new Thread(this::loop, "logmon-state");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler(uncaught);
        thread.start();
    }

    /** Hands a save over (replacing one not yet written); never blocks for long. */
    void offer(final StateStore.Prepared save) {
        final long mark = gate.mark();
        synchronized (lock) {
            pending = save;
            pendingMark = mark;
            offered++;
            lock.notifyAll();
        }
    }

    /**
     * Waits until every save offered so far is written (or replaced by a newer one that is).
     *
     * @return false at the timeout, or when the thread has ended
     */
    public boolean awaitWritten(final long timeoutMs) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (lock) {
            final long target = offered;
            while (written < target) {
                final long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    return false;
                }
                lock.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
            }
            return true;
        }
    }

    /** Ends the thread once it is idle (a save being written is finished first). */
    public void close() {
        thread.interrupt();
    }

    private void loop() {
        while (true) {
            final StateStore.Prepared save;
            final long upTo;
            final long mark;
            synchronized (lock) {
                while (pending == null) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                save = pending;
                mark = pendingMark;
                pending = null;
                upTo = offered;
            }
            while (!gate.passed(mark)) {
                try {
                    Thread.sleep(10); // the gate has no signal: a save waits a few ms longer at most
                } catch (InterruptedException e) {
                    return;
                }
            }
            store.write(save); // never throws
            synchronized (lock) {
                written = upTo;
                lock.notifyAll();
            }
        }
    }
}
