package dev.logmon.core;

import com.lmax.disruptor.ExceptionHandler;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces the Disruptor's fatal default: an exception in a handler is counted, its stack trace
 * is reported once per distinct trace, and the handler goes on with the next event. The event
 * itself is never printed (it may hold a hostile line).
 */
public final class HandlerErrors implements ExceptionHandler<Object> {
    private static final int MAX_DISTINCT = 64;

    private final AtomicLong count = new AtomicLong();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final PrintStream report;

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
        record("event handler", ex);
    }

    @Override
    public void handleOnStartException(final Throwable ex) {
        record("handler start", ex);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex) {
        record("handler shutdown", ex);
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
