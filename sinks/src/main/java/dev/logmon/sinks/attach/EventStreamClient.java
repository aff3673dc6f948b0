package dev.logmon.sinks.attach;

import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.core.text.TextSafety;
import dev.logmon.sinks.json.SnapshotJsonReader;
import dev.logmon.sinks.notify.Backoff;
import dev.logmon.sinks.notify.Sleeper;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Follows a service's {@code /events} stream and hands every snapshot and alert, read back into
 * core records, to a listener (the dashboard of {@code attach}). When the stream cannot be opened
 * or ends (the service restarts), it reconnects with exponential backoff and jitter, and tells
 * {@code status} what is happening: a text such as {@code reconnecting (connection refused)}
 * while disconnected, null once connected again. After a reconnect the service sends its latest
 * snapshot first; alerts raised while disconnected are not replayed.
 */
public final class EventStreamClient implements Runnable {

    /** Opens one stream of lines (one HTTP request). */
    @FunctionalInterface
    public interface Connector {
        /** Opens the stream; an {@link IOException} says why it could not be. */
        Lines open() throws IOException;
    }

    /** The lines of one open stream. */
    public interface Lines extends AutoCloseable {
        /** The next line without its end, or null at the end of the stream. */
        String next() throws IOException;

        @Override
        void close();
    }

    private final Connector connector;
    private final SnapshotListener listener;
    private final Consumer<String> status;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private volatile boolean stopped;
    private volatile Thread runner;
    private long badEvents;

    /**
     * @param connector opens the stream
     * @param listener  receives snapshots and alerts, on the calling thread of {@link #run()}
     * @param status    null when connected, else what is going on
     * @param firstMs   first reconnect delay (doubled per failure, with jitter)
     * @param maxMs     longest reconnect delay
     * @param sleeper   waits between attempts (a fake one in tests)
     * @param random    uniform in [0, 1) for the jitter
     */
    public EventStreamClient(final Connector connector, final SnapshotListener listener, final Consumer<String> status,
                             final long firstMs, final long maxMs, final Sleeper sleeper, final DoubleSupplier random) {
        this.connector = connector;
        this.listener = listener;
        this.status = status;
        this.backoff = new Backoff(firstMs, maxMs, random);
        this.sleeper = sleeper;
    }

    /** Connects, reads, reconnects, until {@link #stop()}. */
    @Override
    public void run() {
        runner = Thread.currentThread();
        int failures = 0;
        while (!stopped) {
            String reason;
            try (Lines lines = connector.open()) {
                status.accept(null);
                failures = 0;
                pump(lines);
                reason = "the service ended the stream";
            } catch (IOException e) {
                reason = describe(e);
            } catch (RuntimeException e) {
                reason = e.getClass().getSimpleName();
            }
            if (stopped) {
                break;
            }
            final long delay = backoff.delayMs(failures++);
            status.accept("reconnecting (" + reason + ")");
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                if (stopped) {
                    break;
                }
            }
        }
    }

    /** Stops after the current line or wait. */
    public void stop() {
        stopped = true;
        final Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Events that could not be read back (counted and skipped). */
    public long badEvents() {
        return badEvents;
    }

    private void pump(final Lines lines) throws IOException {
        String event = "message";
        final StringBuilder data = new StringBuilder();
        String line;
        while (!stopped && (line = lines.next()) != null) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    dispatch(event, data.toString());
                }
                event = "message";
                data.setLength(0);
            } else if (line.startsWith(":")) {
                continue;
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
    }

    private void dispatch(final String event, final String data) {
        try {
            switch (event) {
                case "snapshot" -> listener.onSnapshot(SnapshotJsonReader.readSnapshot(data));
                case "alert" -> listener.onAlert(SnapshotJsonReader.readAlert(data));
                default -> {
                    // another kind of event: a newer service; ignored
                }
            }
        } catch (IllegalArgumentException e) {
            badEvents++;
        }
    }

    private static String describe(final IOException e) {
        final String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : TextSafety.truncated(m, 80);
    }
}
