package dev.logmon.sinks.http;

import dev.logmon.core.history.HistoryQuery;
import dev.logmon.core.history.HistoryReader;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.sinks.json.SnapshotJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /history?since=S&until=U&every=E}: the per-minute history of {@code serve --state-dir}
 * over {@code [S, U)} (epoch seconds), bucketed by {@code E} seconds (a multiple of 60) as
 * {@code logmon-cli history} does ({@link HistoryQuery}):
 *
 * <pre>
 *   {"type":"history","since":"...Z","until":"...Z","every":60,
 *    "points":[[SECOND,HITS],...],      one per bucket holding data, SECOND = the bucket's last second
 *    "problems":0,                      corrupt records skipped while reading
 *    "snapshot":{...}}                  the last bucket's snapshot (its lifetime window = the range), or null
 * </pre>
 *
 * Queries read files, so they run on one thread of their own, never on the server's; a few may
 * wait for it, more are answered 503. A range is at most {@link #MAX_BUCKETS} buckets.
 */
public final class ApiHistory implements AutoCloseable {
    /** Most buckets one query may ask for. */
    public static final int MAX_BUCKETS = 2_000;
    /** Queries that may wait while one runs. */
    static final int QUEUE = 4;

    private final Path dir;
    private final int top;
    private final int capacity;
    private final ThreadPoolExecutor worker;
    private final AtomicLong problems = new AtomicLong();

    /**
     * @param dir      the history directory ({@code STATE_DIR/history})
     * @param top      entries of each top list
     * @param capacity distinct sections and hosts a merged window keeps exactly
     */
    public ApiHistory(final Path dir, final int top, final int capacity) {
        this.dir = dir;
        this.top = top;
        this.capacity = capacity;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            final Thread t = new Thread(r, "logmon-http-history");
            t.setDaemon(true);
            return t;
        });
    }

    /** What a query answers: an HTTP status and a JSON body. */
    record Answer(int status, byte[] body) {
    }

    /** The thread queries run on; it refuses ({@link RejectedExecutionException}) when {@link #QUEUE} wait. */
    Executor worker() {
        return worker;
    }

    /** Corrupt records skipped by every query so far. */
    public long problems() {
        return problems.get();
    }

    /** Answers one query string (blocking: reads files). */
    Answer query(final String queryString) {
        final long since;
        final long until;
        final long every;
        try {
            since = param(queryString, "since");
            until = param(queryString, "until");
            every = param(queryString, "every");
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        if (every < 60 || every % 60 != 0) {
            return bad("every must be a positive multiple of 60 seconds");
        }
        if (until <= since) {
            return bad("until must be after since");
        }
        if ((until - since) / every > MAX_BUCKETS) {
            return bad("at most " + MAX_BUCKETS + " buckets: use a larger step");
        }
        final StringBuilder points = new StringBuilder(4096);
        final Snapshot[] last = new Snapshot[1];
        final HistoryQuery query = new HistoryQuery(every, top, capacity, s -> {
            if (points.length() > 0) {
                points.append(',');
            }
            points.append('[').append(s.second()).append(',').append(s.twoMinutes().hits()).append(']');
            last[0] = s;
        });
        final AtomicLong found = new AtomicLong();
        final HistoryReader reader = new HistoryReader(dir, p -> found.incrementAndGet());
        reader.forEach(since, until, query::add);
        query.finish();
        problems.addAndGet(found.get());
        final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        final String head = "{\"type\":\"history\",\"since\":\"" + Instant.ofEpochSecond(since) + "\",\"until\":\""
                + Instant.ofEpochSecond(until) + "\",\"every\":" + every + ",\"points\":[" + points
                + "],\"problems\":" + found.get() + ",\"snapshot\":";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(last[0] == null ? "null".getBytes(StandardCharsets.US_ASCII)
                : SnapshotJson.snapshotBytes(last[0], top, false));
        out.write('}');
        return new Answer(200, out.toByteArray());
    }

    private static Answer bad(final String message) {
        return new Answer(400, ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.US_ASCII));
    }

    /** A whole number parameter; the query string is split by hand (its names and values are digits). */
    static long param(final String queryString, final String name) {
        if (queryString != null) {
            for (final String pair : queryString.split("&", 16)) {
                final int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    final String v = pair.substring(eq + 1);
                    if (v.isEmpty() || v.length() > 13 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        throw new IllegalArgumentException(name + " must be a whole number of seconds");
                    }
                    return Long.parseLong(v);
                }
            }
        }
        throw new IllegalArgumentException("give since, until (epoch seconds) and every (seconds)");
    }

    /** Stops the query thread (a query running finishes on its own; its answer is dropped). */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
