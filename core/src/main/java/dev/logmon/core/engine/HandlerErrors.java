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
    /** True once this instance has written its fatal line. */
    private volatile boolean lineSaid;
    private static final Object SAY_LOCK = new Object();
    /** True once any instance in this JVM has written a fatal line ({@link #lastResort} then stays quiet). */
    private static volatile boolean fatalSaid;
    /** The first fatal error in this JVM whose line could not be written (the heap was full), and its thread. */
    private static volatile Throwable unsaidError;
    private static volatile String unsaidThread;

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
     * thread; later ones (often the same failure spreading) are dropped once a line is out. When
     * the heap is so full that even that line cannot be built (another thread took the released
     * reserve), the next fatal error tries again, and the process's main method says it at the very
     * end ({@link #lastResort}), when the run is garbage. Allocates little, since memory may be
     * what ran out.
     */
    public void fatal(final String thread, final Throwable error) {
        reserve = null;
        final boolean first;
        synchronized (fatalLatch) {
            first = fatal == null;
            if (first) {
                fatalThread = thread;
                fatal = error;
            }
        }
        try {
            if (!lineSaid) {
                say(thread, error);
            }
        } finally {
            if (first) {
                fatalLatch.countDown();
            }
        }
    }

    private void say(final String thread, final Throwable error) {
        synchronized (SAY_LOCK) {
            if (lineSaid) {
                return;
            }
            try {
                report.println(fatalLine(thread, error));
                lineSaid = true;
                fatalSaid = true;
            } catch (Throwable notWritten) {
                // the run ends whether or not the line could be written; kept for lastResort
                if (unsaidError == null) {
                    unsaidThread = thread;
                    unsaidError = error;
                }
            }
        }
    }

    /**
     * For the process's main method, last thing before it exits: the one fatal line, if no
     * instance in this JVM could write one. It names the first fatal error whose line could not be
     * written, else {@code error} (an {@link Error} that escaped the command in {@code thread});
     * with neither, nothing. The JVM's own raw "Exception in thread" trace is never the last word
     * (RELIABILITY row 44).
     *
     * @param error the Error that escaped the command, or null when the command returned
     */
    public static void lastResort(final String thread, final Throwable error, final PrintStream report) {
        synchronized (SAY_LOCK) {
            if (fatalSaid) {
                return;
            }
            final Throwable which = unsaidError != null ? unsaidError : error;
            if (which == null) {
                return;
            }
            try {
                report.println(fatalLine(unsaidError != null ? unsaidThread : thread, which));
                report.flush();
                fatalSaid = true;
            } catch (Throwable ignored) {
                // the process exits 1 whether or not the line could be written
            }
        }
    }

    /** Forgets what {@link #lastResort} knows of this JVM (tests only: each starts as a new process). */
    static void forgetProcessState() {
        synchronized (SAY_LOCK) {
            fatalSaid = false;
            unsaidError = null;
            unsaidThread = null;
        }
    }

    private static String fatalLine(final String thread, final Throwable error) {
        return "logmon: fatal error in thread " + thread + ": " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + TextSafety.oneLine(error.getMessage()))
                + "; ending the run";
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
