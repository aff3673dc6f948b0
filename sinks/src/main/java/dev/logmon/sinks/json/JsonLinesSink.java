package dev.logmon.sinks.json;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import java.io.OutputStream;
import java.util.Objects;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * Writes every snapshot and alert as one JSON object on its own line (JSON Lines, in the form of
 * {@link SnapshotJson}), for machines
 * reading a pipe or a file. Each line is written through Jackson's streaming generator and flushed
 * at once, so a reader never waits for a half-written line.
 *
 * <p>Output is pure ASCII: every non-ASCII character (including bidi controls such as U+202E) is
 * written as a {@code \\uXXXX} escape, control characters (DEL included) are escaped, and an unpaired UTF-16
 * surrogate in a host or section is replaced by U+FFFD. Whatever bytes a log line held, each line
 * parses as strict JSON and cannot drive a terminal that happens to display it.
 *
 * <p>Rates and averages are rounded half-up to 2 decimals and written in plain notation
 * ({@code 1234567.5}, never {@code 1.2345675E6}); a value that is not finite is written as
 * {@code null}. Times are ISO-8601 UTC seconds ({@code 2015-05-17T10:05:03Z}). Top lists are cut
 * to the first {@code top} entries in the order the snapshot holds them (descending).
 *
 * <p>The caller owns the stream: {@link #close()} flushes it but does not close it. A failure to
 * write (a closed pipe) surfaces as Jackson's unchecked {@code JacksonException}, for the sink
 * runner to count.
 */
public final class JsonLinesSink implements SnapshotListener {

    private final JsonGenerator gen;
    private final int top;

    /**
     * @param out where the lines go; never closed by this sink
     * @param top how many entries of each top list to write (0 writes empty lists)
     */
    public JsonLinesSink(final OutputStream out, final int top) {
        Objects.requireNonNull(out, "out");
        if (top < 0) {
            throw new IllegalArgumentException("top must be >= 0, was " + top);
        }
        this.gen = JsonStyle.FACTORY.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8);
        this.top = top;
    }

    @Override
    public synchronized void onSnapshot(final Snapshot s) {
        SnapshotJson.writeSnapshot(gen, s, top, false);
        endLine();
    }

    @Override
    public synchronized void onAlert(final AlertEvent a) {
        SnapshotJson.writeAlert(gen, a);
        endLine();
    }

    /** Flushes what was written; the stream stays open (the caller owns it). */
    @Override
    public synchronized void close() {
        gen.close();
    }

    private void endLine() {
        gen.writeRaw('\n');
        gen.flush();
    }
}
