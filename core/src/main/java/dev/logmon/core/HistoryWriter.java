package dev.logmon.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
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
 * {@code --once}) the combiner waits instead, so every minute of the replay is written. A failing
 * disk is reported once per distinct message and the writer goes on with the next record.
 */
public final class HistoryWriter implements MinuteSink, AutoCloseable {
    /** Records waiting at most (a minute each: two hours of a live run). */
    static final int CAPACITY = 128;
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
            }
            if (clock.second() >= nextSweep) {
                sweep();
            }
        }
        try {
            store.close();
        } catch (IOException e) {
            problem("cannot close " + store.dir() + ": " + e.getMessage());
        }
    }

    private void write(final MinuteRecord r) {
        try {
            store.append(r);
            if (queue.isEmpty()) {
                store.sync(); // once a minute live; once per burst in a replay
            }
            written.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            problem("cannot write to " + store.dir() + ": " + e);
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
            notices.println("logmon: history: " + m + " (records are counted as failed; writing goes on)");
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

    /** Records that could not be written. */
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
