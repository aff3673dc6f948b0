package dev.logmon.core.source;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A source's sleep between polls, cut short when the directory watcher sees its file change.
 * Signals coalesce: many events while the source reads make one early wake-up, not many. A source
 * run by a {@link FollowPool} sleeps on no thread: its signal schedules it instead
 * ({@link #onSignal(Runnable)}).
 */
public final class Wakeup {
    private final Semaphore permits = new Semaphore(0);
    private volatile Runnable listener;

    /** Sleeps up to {@code millis}, or less when {@link #signal()} is called meanwhile. */
    public void await(final long millis) throws InterruptedException {
        if (permits.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
        }
    }

    /** Wakes the sleeper now, or makes its next sleep return at once. */
    public void signal() {
        final Runnable l = listener;
        if (l != null) {
            l.run();
            return;
        }
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** From now on a signal runs {@code action} (on the signalling thread; it must not block). */
    void onSignal(final Runnable action) {
        listener = action;
    }
}
