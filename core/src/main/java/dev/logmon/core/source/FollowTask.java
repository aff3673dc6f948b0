package dev.logmon.core.source;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduling of one {@link PooledFollower} in a {@link FollowPool}: it runs when its
 * {@link Wakeup} is signalled (a change notification), when its poll is due (rotated files being
 * drained, a path not watched), or at the slow safety check; between those it costs no thread and
 * no CPU.
 *
 * <pre>
 *   IDLE --signal--> QUEUED --pool thread--> RUNNING --nothing more--> IDLE (+ one timer)
 *     \--timer (the latest only)-----------> RUNNING --more to do-----> QUEUED (behind the others)
 *                                signal while RUNNING -> AGAIN -> QUEUED when the round ends
 * </pre>
 */
final class FollowTask implements Runnable {
    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int AGAIN = 3;
    private static final int DONE = 4;
    /** Longest a task keeps a pool thread before letting the other files in. */
    private static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final FollowPool pool;
    private final PooledFollower follower;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    /** Only the timer of the latest schedule acts (an older one may still fire). */
    private volatile long timerSeq;
    private volatile ScheduledFuture<?> timer;
    private volatile boolean watched;

    FollowTask(final FollowPool pool, final PooledFollower follower) {
        this.pool = pool;
        this.follower = follower;
        follower.wakeup().onSignal(this::signal);
    }

    /** Whether change notifications cover the follower's directory (set when the watcher has started). */
    void watched(final boolean isWatched) {
        this.watched = isWatched;
    }

    PooledFollower follower() {
        return follower;
    }

    boolean done() {
        return state.get() == DONE;
    }

    /** A change was seen (or a stop asked): run soon. Never blocks. */
    void signal() {
        while (true) {
            final int s = state.get();
            if (s == IDLE) {
                if (state.compareAndSet(IDLE, QUEUED)) {
                    final ScheduledFuture<?> t = timer;
                    if (t != null) {
                        t.cancel(false);
                    }
                    pool.execute(this);
                    return;
                }
            } else if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, AGAIN)) {
                    return;
                }
            } else {
                return; // QUEUED, AGAIN: it runs anyway; DONE: nothing to run
            }
        }
    }

    @Override
    public void run() {
        if (state.compareAndSet(QUEUED, RUNNING)) {
            turn(false);
        }
    }

    private void timerFired(final long seq, final boolean quietCheck) {
        if (seq == timerSeq && state.compareAndSet(IDLE, RUNNING)) {
            turn(quietCheck);
        }
    }

    private void turn(final boolean quietCheck) {
        if (!pool.shuttingDown()) {
            Thread.interrupted(); // a pool thread carries no interrupt from another file's turn
        }
        boolean more = false;
        try {
            synchronized (follower.lock()) {
                if (!follower.stopping() && (!quietCheck || follower.changedWhileQuiet())) {
                    final long until = System.nanoTime() + TURN_NANOS;
                    do {
                        more = follower.step();
                    } while (more && !follower.stopping() && System.nanoTime() - until < 0);
                }
                if (follower.stopping()) {
                    endNow();
                    return;
                }
            }
        } catch (InterruptedException e) {
            endNow();
            return;
        } catch (Throwable t) {
            endNow();
            pool.failed(t);
            return;
        }
        if (more) {
            state.set(QUEUED);
            pool.execute(this);
            return;
        }
        final long delay = follower.nextLookMillis(watched);
        final boolean quiet = delay == PooledFollower.QUIET;
        final long seq = timerSeq + 1;
        timerSeq = seq;
        if (!state.compareAndSet(RUNNING, IDLE)) {
            state.set(QUEUED); // signalled while running
            pool.execute(this);
            return;
        }
        timer = pool.schedule(() -> timerFired(seq, quiet), quiet ? pool.safetyMillis() : Math.max(1, delay));
    }

    private void endNow() {
        synchronized (follower.lock()) {
            if (state.get() != DONE) {
                state.set(DONE);
                try {
                    follower.end();
                } finally {
                    pool.ended(this);
                }
            }
        }
    }
}
