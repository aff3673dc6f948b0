package dev.logmon.sinks.json;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LatencySummary;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.RuleState;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.SourceCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.core.text.TextSafety;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The one JSON form of a snapshot and of an alert, shared by the JSON lines sink and the HTTP API
 * (read back by {@link SnapshotJsonReader}). Each object is written on one line.
 *
 * <p>With {@code series} the snapshot also carries what only a live viewer needs: the per-second
 * hits of the 2-minute window ({@code "secondHits":[...]}, oldest first) and each source's
 * {@code sizeBytes} and {@code bytesRead}. The JSON lines output leaves them out.
 */
public final class SnapshotJson {
    /** {@code MalformedReason.values()} once: the method clones its array on every call. */
    private static final MalformedReason[] REASONS = MalformedReason.values();

    private SnapshotJson() {
    }

    /** A snapshot as one JSON object in UTF-8 (pure ASCII), no newline. */
    public static byte[] snapshotBytes(final Snapshot s, final int top, final boolean series) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (JsonGenerator gen = newGenerator(bytes)) {
            writeSnapshot(gen, s, top, series);
        }
        return bytes.toByteArray();
    }

    /** An alert as one JSON object in UTF-8 (pure ASCII), no newline. */
    public static byte[] alertBytes(final AlertEvent a) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator gen = newGenerator(bytes)) {
            writeAlert(gen, a);
        }
        return bytes.toByteArray();
    }

    static JsonGenerator newGenerator(final ByteArrayOutputStream bytes) {
        return JsonStyle.FACTORY.createGenerator(ObjectWriteContext.empty(), bytes, JsonEncoding.UTF8);
    }

    /**
     * Writes one snapshot object.
     *
     * @param top    how many entries of each top list to write
     * @param series also write the per-second series and the sources' sizes and offsets
     */
    public static void writeSnapshot(final JsonGenerator gen, final Snapshot s, final int top, final boolean series) {
        gen.writeStartObject();
        gen.writeStringProperty("type", "snapshot");
        gen.writeBooleanProperty("final", s.last());
        IsoSecond.writeProperty(gen, "time", s.second());
        writeLines(gen, s.lines());
        gen.writeObjectPropertyStart("windows");
        writeWindow(gen, "10s", s.tenSeconds(), top);
        writeWindow(gen, "2m", s.twoMinutes(), top);
        writeWindow(gen, "lifetime", s.lifetime(), top);
        gen.writeEndObject();
        writeAlertStatus(gen, s.alert());
        if (!s.rules().isEmpty()) {
            writeRules(gen, s.rules());
        }
        gen.writeNumberProperty("handlerErrors", s.handlerErrors());
        writeSources(gen, s.sources(), series);
        for (final DeliveryStats d : s.deliveries()) {
            gen.writeObjectPropertyStart(TextSafety.withPairedSurrogates(d.sink()));
            gen.writeNumberProperty("sent", d.sent());
            gen.writeNumberProperty("retried", d.retried());
            gen.writeNumberProperty("failed", d.failed());
            gen.writeNumberProperty("pending", d.pending());
            gen.writeEndObject();
        }
        if (!s.instances().isEmpty()) {
            writeInstances(gen, s.instances());
        }
        if (series) {
            gen.writeArrayPropertyStart("secondHits");
            for (int i = 0; i < s.secondHits().length(); i++) {
                gen.writeNumber(s.secondHits().at(i));
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    /** Writes one alert object. */
    public static void writeAlert(final JsonGenerator gen, final AlertEvent a) {
        gen.writeStartObject();
        gen.writeStringProperty("type", "alert");
        gen.writeStringProperty("state", a.on() ? "on" : "off");
        IsoSecond.writeProperty(gen, "time", a.second());
        IsoSecond.writeProperty(gen, "startedAt", a.startedAt());
        gen.writeBooleanProperty("repeat", a.repeat());
        writeRounded(gen, "avg2m", a.avg2m());
        writeRounded(gen, "lifetimeRate", a.lifetimeRate());
        writeRounded(gen, "threshold", a.threshold());
        gen.writeStringProperty("rule", ruleName(a.rule()));
        gen.writeStringProperty("message", TextSafety.withPairedSurrogates(a.message()));
        if (a.name() != null) {
            gen.writeStringProperty("name", TextSafety.withPairedSurrogates(a.name()));
            if (Double.isFinite(a.value())) {
                gen.writeNumberProperty("value", a.value());
            } else {
                gen.writeNullProperty("value");
            }
        }
        gen.writeEndObject();
    }

    /** The instances an aggregate merges ({@code aggregate} only; a local run writes no such array). */
    private static void writeInstances(final JsonGenerator gen, final List<InstanceStatus> instances) {
        gen.writeArrayPropertyStart("instances");
        for (final InstanceStatus i : instances) {
            gen.writeStartObject();
            gen.writeStringProperty("id", TextSafety.withPairedSurrogates(i.id()));
            gen.writeStringProperty("state", i.state().displayName());
            if (i.lastSecond() == Long.MIN_VALUE) {
                gen.writeNullProperty("lastSecond");
            } else {
                IsoSecond.writeProperty(gen, "lastSecond", i.lastSecond());
            }
            gen.writeNumberProperty("lagSeconds", i.lagSeconds());
            gen.writeNumberProperty("frames", i.frames());
            gen.writeNumberProperty("duplicates", i.duplicates());
            gen.writeNumberProperty("missing", i.missing());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writeSources(final JsonGenerator gen, final List<SourceStatus> sources, final boolean series) {
        gen.writeArrayPropertyStart("sources");
        for (final SourceStatus src : sources) {
            gen.writeStartObject();
            gen.writeStringProperty("path", TextSafety.withPairedSurrogates(src.path()));
            gen.writeStringProperty("state", src.state().displayName());
            gen.writeNumberProperty("lagBytes", src.lagBytes());
            gen.writeNumberProperty("linesRead", src.linesRead());
            gen.writeNumberProperty("rotations", src.rotations());
            gen.writeNumberProperty("truncations", src.truncations());
            if (series) {
                gen.writeNumberProperty("sizeBytes", src.sizeBytes());
                gen.writeNumberProperty("bytesRead", src.bytesRead());
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writeLines(final JsonGenerator gen, final LineCounts lines) {
        gen.writeObjectPropertyStart("lines");
        gen.writeNumberProperty("read", lines.read());
        gen.writeNumberProperty("parsed", lines.parsed());
        gen.writeNumberProperty("malformed", lines.malformed());
        gen.writeObjectPropertyStart("malformedByReason");
        final Map<MalformedReason, Long> byReason = lines.malformedByReason();
        for (final MalformedReason r : REASONS) {
            final Long n = byReason.get(r);
            gen.writeNumberProperty(r.jsonName(), n == null ? 0L : n);
        }
        gen.writeEndObject();
        gen.writeNumberProperty("late", lines.late());
        gen.writeNumberProperty("future", lines.future());
        gen.writeNumberProperty("filtered", lines.filtered());
        gen.writeNumberProperty("noLatency", lines.noLatency());
        gen.writeEndObject();
    }

    private static void writeWindow(final JsonGenerator gen, final String name, final WindowView w, final int top) {
        gen.writeObjectPropertyStart(name);
        gen.writeNumberProperty("seconds", w.seconds());
        gen.writeNumberProperty("hits", w.hits());
        writeRounded(gen, "rate", w.rate());
        gen.writeNumberProperty("bytes", w.bytes());
        gen.writeNumberProperty("visitors", w.visitors());
        writeStatus(gen, w.status());
        writeSections(gen, w.sections(), top);
        writeHosts(gen, w.hosts(), top);
        writeSources(gen, w.sources());
        gen.writeObjectPropertyStart("size");
        gen.writeNumberProperty("p50", w.sizeP50());
        gen.writeNumberProperty("p99", w.sizeP99());
        gen.writeNumberProperty("max", w.sizeMax());
        gen.writeEndObject();
        gen.writeNumberProperty("topErrorBound", w.topErrorBound());
        if (w.latency() != null) {
            writeLatency(gen, w.latency());
        }
        gen.writeEndObject();
    }

    private static void writeStatus(final JsonGenerator gen, final StatusCounts c) {
        gen.writeObjectPropertyStart("status");
        gen.writeNumberProperty("1xx", c.c1xx());
        gen.writeNumberProperty("2xx", c.c2xx());
        gen.writeNumberProperty("3xx", c.c3xx());
        gen.writeNumberProperty("4xx", c.c4xx());
        gen.writeNumberProperty("5xx", c.c5xx());
        gen.writeNumberProperty("other", c.other());
        gen.writeEndObject();
    }

    private static void writeSections(final JsonGenerator gen, final List<SectionCount> sections, final int top) {
        gen.writeArrayPropertyStart("sections");
        final int n = Math.min(top, sections.size());
        for (int i = 0; i < n; i++) {
            final SectionCount c = sections.get(i);
            gen.writeStartObject();
            gen.writeStringProperty("section", TextSafety.withPairedSurrogates(c.section()));
            gen.writeNumberProperty("hits", c.hits());
            gen.writeNumberProperty("4xx", c.clientErrors());
            gen.writeNumberProperty("5xx", c.serverErrors());
            RoundedDecimal.writeProperty(gen, "4xxShare", c.clientErrorShare(), 4);
            RoundedDecimal.writeProperty(gen, "5xxShare", c.serverErrorShare(), 4);
            if (c.latency() != null) {
                writeLatency(gen, c.latency());
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writeHosts(final JsonGenerator gen, final List<HostCount> hosts, final int top) {
        gen.writeArrayPropertyStart("hosts");
        final int n = Math.min(top, hosts.size());
        for (int i = 0; i < n; i++) {
            final HostCount c = hosts.get(i);
            gen.writeStartObject();
            gen.writeStringProperty("host", TextSafety.withPairedSurrogates(c.host()));
            gen.writeNumberProperty("bytes", c.bytes());
            gen.writeNumberProperty("hits", c.hits());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /** Every source with hits in the window (at most 65 rows: 64 sources and the other row). */
    private static void writeSources(final JsonGenerator gen, final List<SourceCount> sources) {
        gen.writeArrayPropertyStart("sources");
        for (int i = 0; i < sources.size(); i++) { // indexed: no iterator per window and snapshot
            final SourceCount c = sources.get(i);
            gen.writeStartObject();
            gen.writeStringProperty("source", TextSafety.withPairedSurrogates(c.source()));
            gen.writeNumberProperty("hits", c.hits());
            gen.writeNumberProperty("bytes", c.bytes());
            gen.writeNumberProperty("4xx", c.clientErrors());
            gen.writeNumberProperty("5xx", c.serverErrors());
            RoundedDecimal.writeProperty(gen, "4xxShare", c.clientErrorShare(), 4);
            RoundedDecimal.writeProperty(gen, "5xxShare", c.serverErrorShare(), 4);
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writeAlertStatus(final JsonGenerator gen, final AlertStatus a) {
        gen.writeObjectPropertyStart("alert");
        gen.writeStringProperty("state", a.on() ? "on" : "off");
        writeRounded(gen, "threshold", a.threshold());
        gen.writeStringProperty("rule", ruleName(a.rule()));
        writeRounded(gen, "avg2m", a.avg2m());
        writeRounded(gen, "lifetimeRate", a.lifetimeRate());
        gen.writeEndObject();
    }

    /** The named rules' states: {@code "rules":[{"name","kind","state","value","limit","since"}]}. */
    private static void writeRules(final JsonGenerator gen, final List<RuleState> rules) {
        gen.writeArrayPropertyStart("rules");
        for (final RuleState r : rules) {
            gen.writeStartObject();
            gen.writeStringProperty("name", TextSafety.withPairedSurrogates(r.name()));
            gen.writeStringProperty("kind", ruleName(r.kind()));
            gen.writeStringProperty("state", r.state().jsonName());
            if (Double.isFinite(r.value())) {
                RoundedDecimal.writeProperty(gen, "value", r.value(), 4);
            } else {
                gen.writeNullProperty("value"); // its window has not filled yet
            }
            RoundedDecimal.writeProperty(gen, "limit", r.limit(), 4);
            if (r.since() > 0) {
                IsoSecond.writeProperty(gen, "since", r.since());
            } else {
                gen.writeNullProperty("since");
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /** Request-time percentiles in milliseconds, to the microsecond. */
    private static void writeLatency(final JsonGenerator gen, final LatencySummary l) {
        gen.writeObjectPropertyStart("latency");
        gen.writeNumberProperty("count", l.count());
        RoundedDecimal.writeProperty(gen, "p50", l.p50(), 3);
        RoundedDecimal.writeProperty(gen, "p90", l.p90(), 3);
        RoundedDecimal.writeProperty(gen, "p99", l.p99(), 3);
        RoundedDecimal.writeProperty(gen, "p99.9", l.p999(), 3);
        RoundedDecimal.writeProperty(gen, "max", l.max(), 3);
        gen.writeEndObject();
    }

    private static void writeRounded(final JsonGenerator gen, final String name, final double value) {
        if (Double.isFinite(value)) {
            RoundedDecimal.writeProperty(gen, name, value, 2);
        } else {
            gen.writeNullProperty(name);
        }
    }

    private static String ruleName(final AlertRuleKind rule) {
        return rule == null ? null : rule.displayName();
    }
}
