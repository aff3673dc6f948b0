package dev.logmon.core.source;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fixed set of threads that follow any number of files: a file is run only when a change
 * notification wakes it, when its poll is due (a rotated file being drained, a directory without
 * notifications), or at a slow safety check (a stat every {@link #safetyMillis()}, for events the
 * kernel dropped or a filesystem that sends none). An idle file costs no thread, no CPU and no
 * read buffer (the buffers are pooled, {@link ReadBuffers}); an inactive one no descriptor either
 * ({@code --close-inactive}).
 *
 * <pre>
 *   inotify -> DirectoryWatcher -> Wakeup.signal -> FollowTask queued -> a pool thread runs its round
 *   timers (poll / safety check) ----------------------------------/
 * </pre>
 *
 * Used when following in arrival time: in log time a source may wait for the others inside a
 * publish (files in step, {@link dev.logmon.core.time.LogWatermark}), which needs a thread of its own.
 */
public final class FollowPool {
    /** Default slow safety check of quiet files when notifications cover them. */
    public static final long DEFAULT_SAFETY_MILLIS = 5_000;
    /**
     * Most safety checks a second, all files together: each costs ~15 us of a pool thread (a stat
     * and a timer), so 500 a second keep 10,000 quiet files under 1% of a core (every 20 s each).
     */
    static final int CHECKS_PER_SECOND = 500;

    private final ScheduledThreadPoolExecutor executor;
    private final Thread.UncaughtExceptionHandler errors;
    private final long safetyMillis;
    private final OpenFileLimit limit;
    private final ReadBuffers buffers;
    private final List<FollowTask> tasks = new CopyOnWriteArrayList<>();
    private final AtomicInteger live = new AtomicInteger();
    private final Object endLock = new Object();
    private volatile boolean started;
    private volatile boolean shuttingDown;
    private DirectoryWatcher watcher;

    /**
     * @param threads      reader threads
     * @param safetyMillis the slow check of files that notifications cover
     * @param bufferBytes  size of each pooled read buffer
     * @param errors       where a failure escaping a file's round goes (fatal, as on a thread of its own: the engine's
     *                     {@code HandlerErrors.uncaught()})
     * @param limit        the open file limit's bookkeeping
     */
    public FollowPool(final int threads, final long safetyMillis, final int bufferBytes,
                      final Thread.UncaughtExceptionHandler errors,
                      final OpenFileLimit limit) {
        final AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            final Thread t = new Thread(r, "logmon-follow-" + n.getAndIncrement());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(errors);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.errors = errors;
        this.safetyMillis = safetyMillis;
        this.limit = limit;
        this.buffers = new ReadBuffers(bufferBytes, 2 * threads);
    }

    /** The read buffers every followed file of this pool shares. */
    public ReadBuffers buffers() {
        return buffers;
    }

    /** The open file limit's bookkeeping. */
    public OpenFileLimit limit() {
        return limit;
    }

    /** Adds a follower: it runs at {@link #start(DirectoryWatcher)}, or at once when added later (a pattern's new file). */
    public void add(final PooledFollower follower) {
        final FollowTask task = new FollowTask(this, follower);
        live.incrementAndGet();
        tasks.add(task);
        if (started) {
            task.watched(watcher != null && watcher.covers(follower.directory()));
            execute(task);
        }
    }

    /** Starts every follower added so far (after the watcher has started: it says which directories are covered). */
    public void start(final DirectoryWatcher dirWatcher) {
        this.watcher = dirWatcher;
        started = true;
        for (final FollowTask t : tasks) {
            t.watched(dirWatcher != null && dirWatcher.covers(t.follower().directory()));
            execute(t);
        }
        executor.scheduleWithFixedDelay(limit::report, 1, 1, TimeUnit.SECONDS);
    }

    /** The most threads the pool has had at once. */
    public int largestThreads() {
        return executor.getLargestPoolSize();
    }

    /** True when nothing was added. */
    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Wakes every follower (after a stop was asked, so that each ends). */
    public void wakeAll() {
        for (final FollowTask t : tasks) {
            t.signal();
        }
    }

    /** Waits until every follower has ended; false at the timeout. */
    public boolean awaitEnded(final long timeoutMs) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (endLock) {
            while (live.get() > 0) {
                final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                endLock.wait(Math.min(left, 100));
            }
        }
        return true;
    }

    /** True while any follower has not ended. */
    public boolean anyLive() {
        return live.get() > 0;
    }

    /** Stops the threads; interrupts a round still running (a read blocked on a full ring). */
    public void shutdown() {
        shuttingDown = true;
        executor.shutdownNow();
    }

    /**
     * The slow safety check's interval: {@link #DEFAULT_SAFETY_MILLIS}, longer with more than
     * {@value #CHECKS_PER_SECOND} files per second of it, so that many quiet files cost at most
     * that many stats a second.
     */
    long safetyMillis() {
        return Math.max(safetyMillis, tasks.size() * 1000L / CHECKS_PER_SECOND);
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    void execute(final FollowTask task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // shut down: the run is over
        }
    }

    ScheduledFuture<?> schedule(final Runnable r, final long millis) {
        try {
            return executor.schedule(r, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    void ended(final FollowTask task) {
        if (live.decrementAndGet() == 0) {
            synchronized (endLock) {
                endLock.notifyAll();
            }
        }
    }

    /** A round threw: fatal, as an exception escaping a source's own thread is. */
    void failed(final Throwable t) {
        errors.uncaughtException(Thread.currentThread(), t);
    }
}
