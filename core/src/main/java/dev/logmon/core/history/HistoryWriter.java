package dev.logmon.core.history;

import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the combiner's minute records to a {@link HistoryStore} on its own thread and applies
 * the retention.
 *
 * <pre>
 *   combiner --offerMinute--> [ bounded queue ] --thread--> store.append, sync when the queue is empty
 *                                                           every hour: delete day files older than retention
 * </pre>
 *
 * Live, the combiner never waits: when the disk is so slow that the queue is full the record is
 * dropped and counted ({@link #dropped()}, reported once). With {@code lossless} (a replay with
 * {@code --once}) the combiner waits instead, so every minute of the replay is written.
 *
 * <p>A failing disk (full, read-only) is reported once per episode. A record the store refused
 * (it writes a record whole or not at all) waits in a backlog of up to {@value #BACKLOG} records
 * (a day of minutes), retried every second and before the next record: once space returns the
 * waiting records are written, in order, and the recovery is reported. Beyond the backlog the
 * oldest waiting record is given up on and counted ({@link #failed()}), as is what still waits at
 * close.
 */
public final class HistoryWriter implements MinuteSink, AutoCloseable {
    /** Records waiting at most (a minute each: two hours of a live run). */
    static final int CAPACITY = 128;
    /** Records refused by the disk kept for a retry at most (a day of minutes, about 2 MB). */
    static final int BACKLOG = 1_440;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Object STOP = new Object();

    private final HistoryStore store;
    private final long retainSeconds;
    private final long sweepEverySeconds;
    private final Clock clock;
    private final PrintStream notices;
    private final boolean lossless;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private final ArrayDeque<MinuteRecord> backlog = new ArrayDeque<>();
    private long nextRetry;
    private String lastProblem;
    private long nextSweep;
    private volatile boolean closing;

    /**
     * @param dir               the store's directory ({@code STATE_DIR/history})
     * @param retainSeconds     day files whose every minute is older than this are deleted
     * @param sweepEverySeconds how often the retention runs after the first sweep at start
     * @param clock             wall clock, for the retention
     * @param notices           where problems are reported (stderr)
     * @param lossless          true to make the combiner wait rather than drop when the queue is full
     */
    public HistoryWriter(final Path dir, final long retainSeconds, final long sweepEverySeconds, final Clock clock,
                         final PrintStream notices, final boolean lossless) {
        this.store = new HistoryStore(dir, repair -> notices.println("logmon: history: "
                + TextSafety.oneLine(repair)));
        this.retainSeconds = retainSeconds;
        this.sweepEverySeconds = sweepEverySeconds;
        this.clock = clock;
        this.notices = notices;
        this.lossless = lossless;
        sweep();
        this.thread = new Thread(this::run, "logmon-history");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void offerMinute(final MinuteRecord record) {
        if (closing) {
            dropped.incrementAndGet();
            return;
        }
        if (lossless) {
            try {
                queue.put(record);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dropped.incrementAndGet();
            }
        } else if (!queue.offer(record) && dropped.getAndIncrement() == 0) {
            notices.println("logmon: history: the disk is slower than the minutes; records dropped (counted)");
        }
    }

    private void run() {
        while (true) {
            final Object item;
            try {
                item = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                continue; // stop only through close(): what is queued gets written
            }
            if (item == STOP) {
                break;
            }
            if (item instanceof MinuteRecord r) {
                write(r);
            } else if (!backlog.isEmpty() && System.nanoTime() - nextRetry >= 0) {
                retryBacklog();
            }
            if (clock.second() >= nextSweep) {
                sweep();
            }
        }
        retryBacklog();
        if (!backlog.isEmpty()) {
            failed.addAndGet(backlog.size());
            notices.println("logmon: history: " + backlog.size() + " record(s) the disk refused were not written "
                    + "by the stop (counted failed)");
            backlog.clear();
        }
        try {
            store.close();
        } catch (IOException e) {
            problem("cannot close " + store.dir() + ": " + e.getMessage());
        }
    }

    private void write(final MinuteRecord r) {
        if (!backlog.isEmpty()) {
            retryBacklog();
        }
        if (!backlog.isEmpty()) {
            keep(r); // after the ones waiting: the disk still refuses
            return;
        }
        if (append(r)) {
            sync();
        } else {
            keep(r);
        }
    }

    /** Appends one record; false (reported) when the store refused it. */
    private boolean append(final MinuteRecord r) {
        try {
            store.append(r);
            written.incrementAndGet();
            return true;
        } catch (IOException | RuntimeException e) {
            problem("cannot write to " + store.dir() + ": " + e);
            return false;
        }
    }

    private void sync() {
        if (!queue.isEmpty()) {
            return; // once a minute live; once per burst in a replay
        }
        try {
            store.sync();
        } catch (IOException | RuntimeException e) {
            problem("cannot sync " + store.dir() + ": " + e);
        }
    }

    private void keep(final MinuteRecord r) {
        if (backlog.size() >= BACKLOG) {
            backlog.pollFirst();
            failed.incrementAndGet();
        }
        backlog.addLast(r);
        nextRetry = System.nanoTime() + RETRY_NANOS;
    }

    /** Writes the records the disk refused, oldest first, until one is refused again. */
    private void retryBacklog() {
        final int waiting = backlog.size();
        while (!backlog.isEmpty() && append(backlog.peekFirst())) {
            backlog.pollFirst();
        }
        nextRetry = System.nanoTime() + RETRY_NANOS;
        if (waiting > 0 && backlog.isEmpty()) {
            sync();
            lastProblem = null; // the next failure is a new episode, reported again
            notices.println("logmon: history: writing again; the " + waiting
                    + " record(s) that waited for the disk are written");
        }
    }

    private void sweep() {
        nextSweep = clock.second() + sweepEverySeconds;
        try {
            final List<Path> deleted = store.deleteOlderThan(clock.second() - retainSeconds);
            for (final Path p : deleted) {
                notices.println("logmon: history: deleted " + TextSafety.oneLine(p.toString())
                        + " (older than the retention)");
            }
        } catch (IOException | RuntimeException e) {
            problem("retention failed in " + store.dir() + ": " + e);
        }
    }

    private void problem(final String message) {
        final String m = TextSafety.oneLine(message);
        if (!m.equals(lastProblem)) {
            lastProblem = m;
            notices.println("logmon: history: " + m + " (records wait and are retried; writing goes on)");
        }
    }

    /** Records written. */
    public long written() {
        return written.get();
    }

    /** Records dropped because the queue was full (live) or the writer was closing. */
    public long dropped() {
        return dropped.get();
    }

    /** Records given up on: refused by the disk and not written by the stop, or pushed out of the backlog. */
    public long failed() {
        return failed.get();
    }

    /** Writes what is queued, closes the store; waits at most {@code timeoutMs}. */
    public boolean close(final long timeoutMs) {
        if (!closing) {
            closing = true;
            try {
                if (!queue.offer(STOP, timeoutMs, TimeUnit.MILLISECONDS)) {
                    return false;
                }
                thread.join(timeoutMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        close(10_000);
    }
}
