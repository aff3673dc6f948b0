package dev.logmon.core.engine;

import com.lmax.disruptor.ExceptionHandler;

import dev.logmon.core.text.TextSafety;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces the Disruptor's fatal default: an exception in a handler is counted, its stack trace
 * is reported once per distinct trace, and the handler goes on with the next event. The event
 * itself is never printed (it may hold a hostile line).
 *
 * <p>An {@link Error} (out of memory, stack overflow, a class that fails to load) is not counted
 * and carried on from: it is <b>fatal</b>. The first one is kept with the name of the thread it
 * happened in, one line says so, and {@link #awaitFatal} wakes whoever runs the pipeline, which
 * ends the run (final snapshot if it can, exit code 1). Every pipeline thread reports its
 * uncaught errors here ({@link #uncaught()}), the ring's handlers through
 * {@link #handleEventException}.
 */
public final class HandlerErrors implements ExceptionHandler<Object> {
    private static final int MAX_DISTINCT = 64;

    private final AtomicLong count = new AtomicLong();
    private final CountDownLatch fatalLatch = new CountDownLatch(1);
    private volatile Throwable fatal;
    private volatile String fatalThread;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final PrintStream report;
    /**
     * Memory set aside for the fatal line: released first thing in {@link #fatal}, so that when the
     * heap ran out the line can still be built and written (without it the line was sometimes lost,
     * and the run ended with nothing but the JVM's own stack trace).
     */
    private volatile byte[] reserve = new byte[256 * 1024];

    /** @param report where each distinct failure is described once (stderr in the CLI) */
    public HandlerErrors(final PrintStream report) {
        this.report = report;
    }

    /** Exceptions caught so far. */
    public long count() {
        return count.get();
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final Object event) {
        recordOrFail("event handler", ex);
    }

    @Override
    public void handleOnStartException(final Throwable ex) {
        recordOrFail("handler start", ex);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex) {
        recordOrFail("handler shutdown", ex);
    }

    private void recordOrFail(final String where, final Throwable ex) {
        if (ex instanceof Error error) {
            fatal(Thread.currentThread().getName(), error);
        } else {
            record(where, ex);
        }
    }

    /**
     * A fatal error in a pipeline thread: the first is kept and reported in one line naming the
     * thread; later ones (often the same failure spreading) are dropped. Allocates little, since
     * memory may be what ran out.
     */
    public void fatal(final String thread, final Throwable error) {
        reserve = null;
        synchronized (fatalLatch) {
            if (fatal != null) {
                return;
            }
            fatalThread = thread;
            fatal = error;
        }
        try {
            report.println("logmon: fatal error in thread " + thread + ": " + error.getClass().getSimpleName()
                    + (error.getMessage() == null ? "" : ": " + TextSafety.oneLine(error.getMessage()))
                    + "; ending the run");
        } catch (Throwable ignored) {
            // the run ends whether or not the line could be written
        } finally {
            fatalLatch.countDown();
        }
    }

    /** The handler to install on every pipeline thread: whatever escapes it is fatal. */
    public Thread.UncaughtExceptionHandler uncaught() {
        return (thread, ex) -> fatal(thread.getName(), ex);
    }

    /** Waits up to {@code millis} for a fatal error; true once there is one. */
    public boolean awaitFatal(final long millis) throws InterruptedException {
        return fatalLatch.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The first fatal error, or null. */
    public Throwable fatalError() {
        return fatal;
    }

    /** The name of the thread of the first fatal error, or null. */
    public String fatalThread() {
        return fatalThread;
    }

    /** Counts one failure and reports it if its stack trace is new. */
    public void record(final String where, final Throwable ex) {
        count.incrementAndGet();
        final StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace));
        final String key = trace.toString();
        if (seen.size() < MAX_DISTINCT && seen.add(key)) {
            report.println("logmon: error in " + where + " (counted; processing goes on): "
                    + TextSafety.escapeControls(key));
        }
    }
}
