package dev.logmon.sinks;

import dev.logmon.core.AlertEvent;
import dev.logmon.core.AlertRuleKind;
import dev.logmon.core.AlertStatus;
import dev.logmon.core.DeliveryStats;
import dev.logmon.core.HostCount;
import dev.logmon.core.LatencySummary;
import dev.logmon.core.LineCounts;
import dev.logmon.core.MalformedReason;
import dev.logmon.core.SectionCount;
import dev.logmon.core.Snapshot;
import dev.logmon.core.SnapshotListener;
import dev.logmon.core.SourceStatus;
import dev.logmon.core.StatusCounts;
import dev.logmon.core.WindowView;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * Writes every snapshot and alert as one JSON object on its own line (JSON Lines), for machines
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

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .characterEscapes(new AsciiControlEscapes())
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .rootValueSeparator((String) null)
            .build();

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
        this.gen = FACTORY.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8);
        this.top = top;
    }

    @Override
    public synchronized void onSnapshot(final Snapshot s) {
        gen.writeStartObject();
        gen.writeStringProperty("type", "snapshot");
        gen.writeBooleanProperty("final", s.last());
        gen.writeStringProperty("time", isoSecond(s.second()));
        writeLines(s.lines());
        gen.writeObjectPropertyStart("windows");
        writeWindow("10s", s.tenSeconds());
        writeWindow("2m", s.twoMinutes());
        writeWindow("lifetime", s.lifetime());
        gen.writeEndObject();
        writeAlertStatus(s.alert());
        gen.writeNumberProperty("handlerErrors", s.handlerErrors());
        writeSources(s.sources());
        for (final DeliveryStats d : s.deliveries()) {
            gen.writeObjectPropertyStart(JsonText.withPairedSurrogates(d.sink()));
            gen.writeNumberProperty("sent", d.sent());
            gen.writeNumberProperty("retried", d.retried());
            gen.writeNumberProperty("failed", d.failed());
            gen.writeNumberProperty("pending", d.pending());
            gen.writeEndObject();
        }
        gen.writeEndObject();
        endLine();
    }

    private void writeSources(final List<SourceStatus> sources) {
        gen.writeArrayPropertyStart("sources");
        for (final SourceStatus src : sources) {
            gen.writeStartObject();
            gen.writeStringProperty("path", JsonText.withPairedSurrogates(src.path()));
            gen.writeStringProperty("state", src.state().displayName());
            gen.writeNumberProperty("lagBytes", src.lagBytes());
            gen.writeNumberProperty("linesRead", src.linesRead());
            gen.writeNumberProperty("rotations", src.rotations());
            gen.writeNumberProperty("truncations", src.truncations());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    @Override
    public synchronized void onAlert(final AlertEvent a) {
        gen.writeStartObject();
        gen.writeStringProperty("type", "alert");
        gen.writeStringProperty("state", a.on() ? "on" : "off");
        gen.writeStringProperty("time", isoSecond(a.second()));
        gen.writeStringProperty("startedAt", isoSecond(a.startedAt()));
        gen.writeBooleanProperty("repeat", a.repeat());
        writeRounded("avg2m", a.avg2m());
        writeRounded("lifetimeRate", a.lifetimeRate());
        writeRounded("threshold", a.threshold());
        gen.writeStringProperty("rule", ruleName(a.rule()));
        gen.writeStringProperty("message", JsonText.withPairedSurrogates(a.message()));
        gen.writeEndObject();
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

    private void writeLines(final LineCounts lines) {
        gen.writeObjectPropertyStart("lines");
        gen.writeNumberProperty("read", lines.read());
        gen.writeNumberProperty("parsed", lines.parsed());
        gen.writeNumberProperty("malformed", lines.malformed());
        gen.writeObjectPropertyStart("malformedByReason");
        final Map<MalformedReason, Long> byReason = lines.malformedByReason();
        for (final MalformedReason r : MalformedReason.values()) {
            final Long n = byReason.get(r);
            gen.writeNumberProperty(r.jsonName(), n == null ? 0L : n);
        }
        gen.writeEndObject();
        gen.writeNumberProperty("late", lines.late());
        gen.writeNumberProperty("future", lines.future());
        gen.writeNumberProperty("filtered", lines.filtered());
        gen.writeEndObject();
    }

    private void writeWindow(final String name, final WindowView w) {
        gen.writeObjectPropertyStart(name);
        gen.writeNumberProperty("seconds", w.seconds());
        gen.writeNumberProperty("hits", w.hits());
        writeRounded("rate", w.rate());
        gen.writeNumberProperty("bytes", w.bytes());
        writeStatus(w.status());
        writeSections(w.sections());
        writeHosts(w.hosts());
        gen.writeObjectPropertyStart("size");
        gen.writeNumberProperty("p50", w.sizeP50());
        gen.writeNumberProperty("p99", w.sizeP99());
        gen.writeNumberProperty("max", w.sizeMax());
        gen.writeEndObject();
        gen.writeNumberProperty("topErrorBound", w.topErrorBound());
        if (w.latency() != null) {
            writeLatency(w.latency());
        }
        gen.writeEndObject();
    }

    private void writeStatus(final StatusCounts c) {
        gen.writeObjectPropertyStart("status");
        gen.writeNumberProperty("1xx", c.c1xx());
        gen.writeNumberProperty("2xx", c.c2xx());
        gen.writeNumberProperty("3xx", c.c3xx());
        gen.writeNumberProperty("4xx", c.c4xx());
        gen.writeNumberProperty("5xx", c.c5xx());
        gen.writeNumberProperty("other", c.other());
        gen.writeEndObject();
    }

    private void writeSections(final List<SectionCount> sections) {
        gen.writeArrayPropertyStart("sections");
        final int n = Math.min(top, sections.size());
        for (int i = 0; i < n; i++) {
            final SectionCount c = sections.get(i);
            gen.writeStartObject();
            gen.writeStringProperty("section", JsonText.withPairedSurrogates(c.section()));
            gen.writeNumberProperty("hits", c.hits());
            gen.writeNumberProperty("4xx", c.clientErrors());
            gen.writeNumberProperty("5xx", c.serverErrors());
            gen.writeNumberProperty("4xxShare", round4(c.clientErrorShare()));
            gen.writeNumberProperty("5xxShare", round4(c.serverErrorShare()));
            if (c.latency() != null) {
                writeLatency(c.latency());
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private void writeHosts(final List<HostCount> hosts) {
        gen.writeArrayPropertyStart("hosts");
        final int n = Math.min(top, hosts.size());
        for (int i = 0; i < n; i++) {
            final HostCount c = hosts.get(i);
            gen.writeStartObject();
            gen.writeStringProperty("host", JsonText.withPairedSurrogates(c.host()));
            gen.writeNumberProperty("bytes", c.bytes());
            gen.writeNumberProperty("hits", c.hits());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private void writeAlertStatus(final AlertStatus a) {
        gen.writeObjectPropertyStart("alert");
        gen.writeStringProperty("state", a.on() ? "on" : "off");
        writeRounded("threshold", a.threshold());
        gen.writeStringProperty("rule", ruleName(a.rule()));
        writeRounded("avg2m", a.avg2m());
        writeRounded("lifetimeRate", a.lifetimeRate());
        gen.writeEndObject();
    }

    /** Request-time percentiles in milliseconds, to the microsecond. */
    private void writeLatency(final LatencySummary l) {
        gen.writeObjectPropertyStart("latency");
        gen.writeNumberProperty("count", l.count());
        gen.writeNumberProperty("p50", round3(l.p50()));
        gen.writeNumberProperty("p90", round3(l.p90()));
        gen.writeNumberProperty("p99", round3(l.p99()));
        gen.writeNumberProperty("p99.9", round3(l.p999()));
        gen.writeNumberProperty("max", round3(l.max()));
        gen.writeEndObject();
    }

    private static BigDecimal round3(final double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static BigDecimal round4(final double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private void writeRounded(final String name, final double value) {
        if (Double.isFinite(value)) {
            gen.writeNumberProperty(name, round2(value));
        } else {
            gen.writeNullProperty(name);
        }
    }

    /** Half-up to 2 decimals, trailing zeros dropped: 12.345 -> 12.35, 3.10 -> 3.1, 7.0 -> 7. */
    static BigDecimal round2(final double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static String ruleName(final AlertRuleKind rule) {
        return rule == null ? null : rule.displayName();
    }

    /** Epoch second as ISO-8601 UTC, e.g. {@code 2015-05-17T10:05:03Z}. */
    static String isoSecond(final long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }
}
