package dev.logmon.sinks.json;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.RuleState;
import dev.logmon.core.snapshot.SecondSeries;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.SourceCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what {@link SnapshotJson} wrote back into core records (the {@code attach} dashboard reads
 * the service's {@code /events} this way). Rates come back rounded to 2 decimals as written; top
 * lists as long as they were written; a field the writer left out ({@code secondHits} without the
 * series) comes back empty or 0. Anything that is not such an object is an
 * {@link IllegalArgumentException} naming what was wrong.
 */
public final class SnapshotJsonReader {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Set<String> KNOWN = Set.of("type", "final", "time", "lines", "windows", "alert",
            "handlerErrors", "sources", "secondHits", "rules", "instances");

    private SnapshotJsonReader() {
    }

    /** Parses one object; its {@code type} says whether it is a snapshot or an alert. */
    public static Object read(final String json) {
        final JsonNode n = tree(json);
        final String type = n.path("type").asString("");
        return switch (type) {
            case "snapshot" -> snapshot(n);
            case "alert" -> alert(n);
            default -> throw new IllegalArgumentException("not a snapshot or an alert: type " + type);
        };
    }

    /** Parses a snapshot object. */
    public static Snapshot readSnapshot(final String json) {
        return snapshot(tree(json));
    }

    /** Parses an alert object. */
    public static AlertEvent readAlert(final String json) {
        return alert(tree(json));
    }

    private static JsonNode tree(final String json) {
        try {
            final JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Snapshot snapshot(final JsonNode n) {
        final JsonNode w = need(n, "windows");
        final List<SourceStatus> sources = new ArrayList<>();
        for (final JsonNode s : need(n, "sources")) {
            sources.add(new SourceStatus(s.path("path").asString(""), state(s.path("state").asString("")),
                    s.path("lagBytes").asLong(), s.path("linesRead").asLong(), s.path("rotations").asLong(),
                    s.path("truncations").asLong(), s.path("sizeBytes").asLong(), s.path("bytesRead").asLong()));
        }
        final List<DeliveryStats> deliveries = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> e : n.properties()) {
            if (!KNOWN.contains(e.getKey()) && e.getValue().isObject()) {
                final JsonNode d = e.getValue();
                deliveries.add(new DeliveryStats(e.getKey(), d.path("sent").asLong(), d.path("retried").asLong(),
                        d.path("failed").asLong(), d.path("pending").asLong()));
            }
        }
        final List<InstanceStatus> instances = new ArrayList<>();
        for (final JsonNode i : n.path("instances")) {
            final InstanceStatus.State st = InstanceStatus.State.fromName(i.path("state").asString(""));
            instances.add(new InstanceStatus(i.path("id").asString(""),
                    i.path("lastSecond").isString() ? second(i.path("lastSecond")) : Long.MIN_VALUE,
                    i.path("lagSeconds").asLong(), st == null ? InstanceStatus.State.GONE : st, i.path("frames").asLong(),
                    i.path("duplicates").asLong(), i.path("missing").asLong()));
        }
        final JsonNode hits = n.path("secondHits");
        final long[] series = new long[hits.isArray() ? hits.size() : 0];
        for (int i = 0; i < series.length; i++) {
            series[i] = hits.get(i).asLong();
        }
        return new Snapshot(second(n.path("time")), n.path("final").asBoolean(), lines(need(n, "lines")),
                window(need(w, "10s")), window(need(w, "2m")), window(need(w, "lifetime")),
                alertStatus(need(n, "alert")), n.path("handlerErrors").asLong(), sources, deliveries,
                SecondSeries.of(series), rules(n.path("rules")), instances);
    }

    private static List<RuleState> rules(final JsonNode n) {
        final List<RuleState> rules = new ArrayList<>();
        for (final JsonNode r : n) {
            final RuleState.Phase phase = RuleState.Phase.fromName(r.path("state").asString(""));
            rules.add(new RuleState(r.path("name").asString(""), rule(r.path("kind")),
                    phase == null ? RuleState.Phase.OK : phase, number(r.path("value")), number(r.path("limit")),
                    r.path("since").isString() ? second(r.path("since")) : 0));
        }
        return rules;
    }

    private static LineCounts lines(final JsonNode n) {
        final Map<MalformedReason, Long> byReason = new EnumMap<>(MalformedReason.class);
        final JsonNode r = n.path("malformedByReason");
        for (final MalformedReason reason : MalformedReason.values()) {
            byReason.put(reason, r.path(reason.jsonName()).asLong());
        }
        return new LineCounts(n.path("read").asLong(), n.path("parsed").asLong(), n.path("malformed").asLong(),
                byReason, n.path("late").asLong(), n.path("future").asLong(), n.path("filtered").asLong(),
                n.path("noLatency").asLong());
    }

    private static WindowView window(final JsonNode n) {
        final JsonNode st = n.path("status");
        final StatusCounts status = new StatusCounts(st.path("1xx").asLong(), st.path("2xx").asLong(),
                st.path("3xx").asLong(), st.path("4xx").asLong(), st.path("5xx").asLong(), st.path("other").asLong());
        final List<SectionCount> sections = new ArrayList<>();
        for (final JsonNode c : n.path("sections")) {
            sections.add(new SectionCount(c.path("section").asString(""), c.path("hits").asLong(),
                    c.path("4xx").asLong(), c.path("5xx").asLong()));
        }
        final List<HostCount> hosts = new ArrayList<>();
        for (final JsonNode c : n.path("hosts")) {
            hosts.add(new HostCount(c.path("host").asString(""), c.path("bytes").asLong(), c.path("hits").asLong()));
        }
        final List<SourceCount> sources = new ArrayList<>();
        for (final JsonNode c : n.path("sources")) { // absent from snapshots written before the breakdown
            sources.add(new SourceCount(c.path("source").asString(""), c.path("hits").asLong(), c.path("bytes").asLong(),
                    c.path("4xx").asLong(), c.path("5xx").asLong()));
        }
        final JsonNode size = n.path("size");
        return new WindowView(n.path("seconds").asLong(), n.path("hits").asLong(), number(n.path("rate")),
                n.path("bytes").asLong(), status, sections, hosts, size.path("p50").asLong(),
                size.path("p99").asLong(), size.path("max").asLong(), n.path("topErrorBound").asLong(), null,
                n.path("visitors").asLong(), sources);
    }

    private static AlertStatus alertStatus(final JsonNode n) {
        return new AlertStatus("on".equals(n.path("state").asString("")), number(n.path("threshold")),
                rule(n.path("rule")), number(n.path("avg2m")), number(n.path("lifetimeRate")));
    }

    private static AlertEvent alert(final JsonNode n) {
        return new AlertEvent("on".equals(n.path("state").asString("")), second(n.path("time")),
                second(n.path("startedAt")), n.path("repeat").asBoolean(), number(n.path("avg2m")),
                number(n.path("lifetimeRate")), number(n.path("threshold")), rule(n.path("rule")),
                n.path("message").asString(""), n.path("name").isString() ? n.path("name").asString() : null,
                number(n.path("value")));
    }

    private static JsonNode need(final JsonNode n, final String name) {
        final JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("snapshot without " + name);
        }
        return v;
    }

    /** A rounded number, or NaN where the writer wrote null (not finite). */
    private static double number(final JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static long second(final JsonNode n) {
        try {
            return Instant.parse(n.asString("")).getEpochSecond();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad time: " + n.asString(""), e);
        }
    }

    private static AlertRuleKind rule(final JsonNode n) {
        return n.isString() ? AlertRuleKind.fromName(n.asString()) : null;
    }

    private static SourceState state(final String name) {
        try {
            return SourceState.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return SourceState.STARTING;
        }
    }
}
