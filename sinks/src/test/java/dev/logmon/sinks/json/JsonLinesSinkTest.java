package dev.logmon.sinks.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LatencySummary;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.SourceCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.sinks.Snapshots;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonLinesSinkTest {

    /** A strict reader: no trailing tokens, no duplicate keys, default (strict) JSON syntax. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final List<SectionCount> SECTIONS = List.of(
            new SectionCount("/api", 50, 3, 1),
            new SectionCount("/pages", 30, 0, 2),
            new SectionCount("/static", 20, 1, 0));
    private static final List<HostCount> HOSTS = List.of(
            new HostCount("10.0.0.1", 90_000, 40),
            new HostCount("2001:db8::1a2b", 5_000, 50),
            new HostCount("crawler.example.net", 10, 1));

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void shouldWriteEverySnapshotFieldWithItsValue() {
        final WindowView ten = Snapshots.withVisitors(Snapshots.window(10, 100, 10.0, SECTIONS, HOSTS), 42, List.of(
                new SourceCount("/var/log/a.log", 70, 70_000, 7, 2), new SourceCount("/var/log/\u001b[31mb.log", 30, 30_000, 0, 3)));
        final WindowView two = Snapshots.window(120, 1200, 10.0 / 3, SECTIONS, HOSTS);
        final WindowView life = new WindowView(3600, 36_000, 10.0, 7_000_000, Snapshots.window(SECTIONS, HOSTS).status(),
                SECTIONS, HOSTS, 100, 200, 300, 17);
        try (JsonLinesSink sink = new JsonLinesSink(out, 10)) {
            sink.onSnapshot(Snapshots.snapshot(ten, two, life));
        }

        final JsonNode n = readLines().get(0);
        assertThat(n.get("type").stringValue()).isEqualTo("snapshot");
        assertThat(n.get("final").booleanValue()).isFalse();
        assertThat(n.get("time").stringValue()).isEqualTo("2015-05-17T10:05:03Z");
        assertThat(n.get("handlerErrors").longValue()).isEqualTo(7);
        assertThat(n.at("/sources/0/path").asString()).isEqualTo("/var/log/a.log");
        assertThat(n.at("/sources/0/state").asString()).isEqualTo("following");
        assertThat(n.at("/sources/0/lagBytes").longValue()).isEqualTo(12);
        assertThat(n.at("/sources/0/linesRead").longValue()).isEqualTo(100);
        assertThat(n.at("/sources/0/rotations").longValue()).isEqualTo(1);
        assertThat(n.at("/sources/0/truncations").longValue()).isEqualTo(2);
        assertThat(n.at("/sources/1/path").asString()).isEqualTo("/var/log/\u001b[31mb.log");
        assertThat(n.at("/sources/1/state").asString()).isEqualTo("waiting");
        assertThat(n.at("/webhook/sent").longValue()).isEqualTo(3);
        assertThat(n.at("/webhook/retried").longValue()).isEqualTo(2);
        assertThat(n.at("/webhook/failed").longValue()).isEqualTo(1);
        assertThat(n.at("/webhook/pending").longValue()).isZero();

        final JsonNode lines = n.get("lines");
        assertThat(lines.get("read").longValue()).isEqualTo(103);
        assertThat(lines.get("parsed").longValue()).isEqualTo(100);
        assertThat(lines.get("malformed").longValue()).isEqualTo(3);
        assertThat(lines.get("late").longValue()).isEqualTo(4);
        assertThat(lines.get("future").longValue()).isEqualTo(5);
        assertThat(lines.get("malformedByReason").get("badStatus").longValue()).isEqualTo(2);
        assertThat(lines.get("malformedByReason").get("tooLong").longValue()).isEqualTo(1);
        assertThat(lines.get("malformedByReason").get("empty").longValue()).isZero();

        assertThat(n.get("windows").propertyNames()).containsExactly("10s", "2m", "lifetime");
        final JsonNode w = n.get("windows").get("10s");
        assertThat(w.propertyNames()).containsExactly("seconds", "hits", "rate", "bytes", "visitors", "status", "sections",
                "hosts", "sources", "size", "topErrorBound");
        assertThat(w.get("visitors").longValue()).isEqualTo(42);
        final JsonNode a = w.get("sources").get(0);
        assertThat(a.propertyNames()).containsExactly("source", "hits", "bytes", "4xx", "5xx", "4xxShare", "5xxShare");
        assertThat(a.get("source").stringValue()).isEqualTo("/var/log/a.log");
        assertThat(List.of(a.get("hits").longValue(), a.get("bytes").longValue(), a.get("4xx").longValue(),
                a.get("5xx").longValue())).containsExactly(70L, 70_000L, 7L, 2L);
        assertThat(a.get("4xxShare").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(a.get("5xxShare").decimalValue()).isEqualByComparingTo("0.0286");
        assertThat(w.at("/sources/1/source").stringValue()).isEqualTo("/var/log/\u001b[31mb.log");
        assertThat(w.at("/sources/1/5xxShare").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(n.at("/windows/2m/visitors").longValue()).as("unknown: 0").isZero();
        assertThat(n.at("/windows/2m/sources").size()).isZero();
        assertThat(w.get("seconds").longValue()).isEqualTo(10);
        assertThat(w.get("hits").longValue()).isEqualTo(100);
        assertThat(w.get("rate").doubleValue()).isEqualTo(10.0);
        assertThat(w.get("bytes").longValue()).isEqualTo(100_000);
        final JsonNode status = w.get("status");
        assertThat(status.propertyNames()).containsExactly("1xx", "2xx", "3xx", "4xx", "5xx", "other");
        assertThat(status.get("1xx").longValue()).isEqualTo(1);
        assertThat(status.get("2xx").longValue()).isEqualTo(90);
        assertThat(status.get("3xx").longValue()).isEqualTo(4);
        assertThat(status.get("4xx").longValue()).isEqualTo(3);
        assertThat(status.get("5xx").longValue()).isEqualTo(2);
        assertThat(status.get("other").longValue()).isZero();
        assertThat(w.get("size").get("p50").longValue()).isEqualTo(512);
        assertThat(w.get("size").get("p99").longValue()).isEqualTo(4096);
        assertThat(w.get("size").get("max").longValue()).isEqualTo(65_536);
        assertThat(w.get("topErrorBound").longValue()).isZero();

        final JsonNode api = w.get("sections").get(0);
        assertThat(api.get("section").stringValue()).isEqualTo("/api");
        assertThat(api.get("hits").longValue()).isEqualTo(50);
        assertThat(api.get("4xx").longValue()).isEqualTo(3);
        assertThat(api.get("5xx").longValue()).isEqualTo(1);
        final JsonNode host = w.get("hosts").get(1);
        assertThat(host.get("host").stringValue()).isEqualTo("2001:db8::1a2b");
        assertThat(host.get("bytes").longValue()).isEqualTo(5_000);
        assertThat(host.get("hits").longValue()).isEqualTo(50);

        assertThat(n.get("windows").get("2m").get("rate").decimalValue()).isEqualByComparingTo("3.33");
        final JsonNode lifetime = n.get("windows").get("lifetime");
        assertThat(lifetime.get("bytes").longValue()).isEqualTo(7_000_000);
        assertThat(lifetime.get("topErrorBound").longValue()).isEqualTo(17);
        assertThat(lifetime.get("size").get("max").longValue()).isEqualTo(300);

        final JsonNode alert = n.get("alert");
        assertThat(alert.propertyNames()).containsExactly("state", "threshold", "rule", "avg2m", "lifetimeRate");
        assertThat(alert.get("state").stringValue()).isEqualTo("on");
        assertThat(alert.get("threshold").doubleValue()).isEqualTo(10.0);
        assertThat(alert.get("rule").stringValue()).isEqualTo("absolute");
        assertThat(alert.get("avg2m").decimalValue()).isEqualByComparingTo("12.35");
        assertThat(alert.get("lifetimeRate").decimalValue()).isEqualByComparingTo("3.1");
    }

    @Test
    void shouldPutTypeFirstAndKeysInSchemaOrder() {
        try (JsonLinesSink sink = new JsonLinesSink(out, 3)) {
            sink.onSnapshot(Snapshots.withHostsAndSections(SECTIONS, HOSTS));
            sink.onAlert(alert(true, "High traffic"));
        }
        final List<JsonNode> nodes = readLines();
        assertThat(nodes.get(0).propertyNames()).containsExactly("type", "final", "time", "lines", "windows",
                "alert", "handlerErrors", "sources", "webhook");
        assertThat(nodes.get(0).get("lines").propertyNames()).containsExactly("read", "parsed", "malformed",
                "malformedByReason", "late", "future", "filtered", "noLatency");
        assertThat(nodes.get(1).propertyNames()).containsExactly("type", "state", "time", "startedAt", "repeat",
                "avg2m", "lifetimeRate", "threshold", "rule", "message");
    }

    @Test
    void shouldWriteResponseTimesInMillisecondsAndErrorSharesOnlyWhereKnown() {
        final LatencySummary api = new LatencySummary(50, 12.0004, 48.1236, 250.9, 250.9, 1507.327);
        final WindowView timed = new WindowView(10, 100, 10.0, 1000, new StatusCounts(0, 90, 0, 6, 4, 0),
                List.of(new SectionCount("/api", 50, 5, 2, api), new SectionCount("/img", 50, 1, 2)), HOSTS,
                1, 2, 3, 0, new LatencySummary(100, 10.24, 45.57, 201.73, 1003.52, 1507.33));
        try (JsonLinesSink sink = new JsonLinesSink(out, 3)) {
            sink.onSnapshot(Snapshots.snapshot(timed, timed, Snapshots.window(SECTIONS, HOSTS)));
        }
        final JsonNode snapshot = readLines().get(0);
        final JsonNode w = snapshot.at("/windows/10s");
        assertThat(w.get("latency").propertyNames()).containsExactly("count", "p50", "p90", "p99", "p99.9", "max");
        assertThat(w.at("/latency/p99.9").decimalValue()).isEqualByComparingTo("1003.52");
        assertThat(w.at("/sections/0/latency/p50").decimalValue()).isEqualByComparingTo("12");
        assertThat(w.at("/sections/0/latency/p90").decimalValue()).isEqualByComparingTo("48.124");
        assertThat(w.at("/sections/0/4xxShare").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(w.at("/sections/0/5xxShare").decimalValue()).isEqualByComparingTo("0.04");
        assertThat(w.at("/sections/1").has("latency")).isFalse();
        assertThat(snapshot.at("/windows/lifetime").has("latency")).isFalse();
    }

    @Test
    void shouldListEveryMalformedReasonInEnumOrderZerosIncluded() {
        try (JsonLinesSink sink = new JsonLinesSink(out, 3)) {
            sink.onSnapshot(Snapshots.withHostsAndSections(SECTIONS, HOSTS));
        }
        final JsonNode byReason = readLines().get(0).get("lines").get("malformedByReason");
        assertThat(byReason.propertyNames()).containsExactlyElementsOf(
                Arrays.stream(MalformedReason.values()).map(MalformedReason::jsonName).toList());
    }

    @Test
    void shouldKeepListOrderAndCutListsToTop() {
        try (JsonLinesSink sink = new JsonLinesSink(out, 2)) {
            sink.onSnapshot(Snapshots.withHostsAndSections(SECTIONS, HOSTS));
        }
        final JsonNode w = readLines().get(0).get("windows").get("lifetime");
        assertThat(texts(w.get("sections"), "section")).containsExactly("/api", "/pages");
        assertThat(texts(w.get("hosts"), "host")).containsExactly("10.0.0.1", "2001:db8::1a2b");
    }

    @Test
    void shouldWriteWholeListsWhenShorterThanTopAndEmptyListsForTopZero() {
        try (JsonLinesSink sink = new JsonLinesSink(out, 100)) {
            sink.onSnapshot(Snapshots.withHostsAndSections(SECTIONS, HOSTS));
        }
        try (JsonLinesSink sink = new JsonLinesSink(out, 0)) {
            sink.onSnapshot(Snapshots.withHostsAndSections(SECTIONS, HOSTS));
        }
        final List<JsonNode> nodes = readLines();
        assertThat(texts(nodes.get(0).get("windows").get("10s").get("sections"), "section"))
                .containsExactly("/api", "/pages", "/static");
        assertThat(nodes.get(1).get("windows").get("10s").get("sections").size()).isZero();
        assertThat(nodes.get(1).get("windows").get("10s").get("hosts").size()).isZero();
    }

    @Test
    void shouldWriteAlertEventFields() {
        try (JsonLinesSink sink = new JsonLinesSink(out, 10)) {
            sink.onAlert(new AlertEvent(true, Snapshots.SECOND + 60, Snapshots.SECOND, true, 15.555, 2.0, 10,
                    AlertRuleKind.RELATIVE, "High traffic generated an alert - hits = 15.56, triggered at 10:05:03"));
            sink.onAlert(alert(false, "Alert Off"));
        }
        final List<JsonNode> nodes = readLines();
        final JsonNode on = nodes.get(0);
        assertThat(on.get("type").stringValue()).isEqualTo("alert");
        assertThat(on.get("state").stringValue()).isEqualTo("on");
        assertThat(on.get("time").stringValue()).isEqualTo("2015-05-17T10:06:03Z");
        assertThat(on.get("startedAt").stringValue()).isEqualTo("2015-05-17T10:05:03Z");
        assertThat(on.get("repeat").booleanValue()).isTrue();
        assertThat(on.get("avg2m").decimalValue()).isEqualByComparingTo("15.56");
        assertThat(on.get("lifetimeRate").decimalValue()).isEqualByComparingTo("2");
        assertThat(on.get("threshold").decimalValue()).isEqualByComparingTo("10");
        assertThat(on.get("rule").stringValue()).isEqualTo("relative");
        assertThat(on.get("message").stringValue()).startsWith("High traffic generated an alert");
        assertThat(nodes.get(1).get("state").stringValue()).isEqualTo("off");
        assertThat(nodes.get(1).get("repeat").booleanValue()).isFalse();
    }

    @Test
    void shouldRoundTripHostileStringsAsStrictAsciiJson() throws IOException {
        final List<String> hostile = List.of(
                "/\u001b[2J\u001b[31mred\u001b]0;title\u0007",
                "/quote\"back\\slash",
                "/nul\u0000tab\tcr\rlf\nend",
                "/bidi\u202Etxt.exe",
                "/emoji\uD83D\uDE00ok",
                "/del\u007F\u0085\u2028\u2029");
        final List<SectionCount> sections = new ArrayList<>();
        for (final String s : hostile) {
            sections.add(new SectionCount(s, 1, 0, 0));
        }
        final List<HostCount> hosts = List.of(new HostCount("lone\uD800high", 1, 1),
                new HostCount("lone\uDC00low", 1, 1), new HostCount("\uDC00\uD800", 1, 1));
        try (JsonLinesSink sink = new JsonLinesSink(out, 20)) {
            sink.onSnapshot(Snapshots.withHostsAndSections(sections, hosts));
            sink.onAlert(alert(true, "msg \u001b[0m \" \\ \u0000 \uD800 \u202E"));
        }

        final byte[] bytes = out.toByteArray();
        assertStrictUtf8(bytes);
        for (final byte b : bytes) {
            assertThat(b & 0xFF).as("pure ASCII, printable or newline").matches(c -> c == '\n' || c >= 0x20 && c < 0x7F);
        }
        final List<JsonNode> nodes = readLines();
        assertThat(nodes).hasSize(2);
        final JsonNode w = nodes.get(0).get("windows").get("10s");
        assertThat(texts(w.get("sections"), "section")).containsExactlyElementsOf(hostile);
        assertThat(texts(w.get("hosts"), "host")).containsExactly("lone\uFFFDhigh", "lone\uFFFDlow", "\uFFFD\uFFFD");
        assertThat(nodes.get(1).get("message").stringValue()).isEqualTo("msg \u001b[0m \" \\ \u0000 \uFFFD \u202E");
    }

    @Test
    void shouldWriteExactlyOneNewlinePerEventAndFlushEachLine() {
        final int[] flushes = {0};
        final OutputStream counting = new FilterOutputStream(out) {
            @Override
            public void flush() throws IOException {
                flushes[0]++;
                super.flush();
            }
        };
        final JsonLinesSink sink = new JsonLinesSink(counting, 5);
        sink.onSnapshot(Snapshots.withHostsAndSections(SECTIONS, HOSTS));
        assertThat(out.toString(StandardCharsets.US_ASCII)).endsWith("}\n").containsOnlyOnce("\n");
        assertThat(flushes[0]).isEqualTo(1);
        sink.onAlert(alert(true, "two\nlines"));
        sink.onSnapshot(Snapshots.withHostsAndSections(SECTIONS, HOSTS));
        assertThat(flushes[0]).isEqualTo(3);

        final String text = out.toString(StandardCharsets.US_ASCII);
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(3);
        assertThat(text).endsWith("}\n").doesNotStartWith(" ").doesNotContain("\n ").doesNotContain("}{");
        sink.close();
    }

    @Test
    void shouldFlushButNotCloseTheCallersStream() {
        final boolean[] closed = {false};
        final OutputStream watched = new FilterOutputStream(out) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        final JsonLinesSink sink = new JsonLinesSink(watched, 5);
        sink.onAlert(alert(false, "Alert Off"));
        sink.close();
        assertThat(closed[0]).isFalse();
        assertThat(readLines()).hasSize(1);
    }

    @Test
    void shouldWriteFinalFlagAndNullForRatesThatAreNotFinite() {
        final WindowView w = Snapshots.window(0, 0, Double.NaN, List.of(), List.of());
        final Snapshot last = new Snapshot(0, true, Snapshots.lines(), w, w, w,
                new AlertStatus(false, 10, AlertRuleKind.RELATIVE, Double.POSITIVE_INFINITY, 0.004), 0, List.of(), List.of());
        try (JsonLinesSink sink = new JsonLinesSink(out, 5)) {
            sink.onSnapshot(last);
        }
        final JsonNode n = readLines().get(0);
        assertThat(n.get("final").booleanValue()).isTrue();
        assertThat(n.get("time").stringValue()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(n.get("windows").get("2m").get("rate").isNull()).isTrue();
        assertThat(n.get("alert").get("state").stringValue()).isEqualTo("off");
        assertThat(n.get("alert").get("rule").stringValue()).isEqualTo("relative");
        assertThat(n.get("alert").get("avg2m").isNull()).isTrue();
        assertThat(n.get("alert").get("lifetimeRate").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void shouldRoundRatesHalfUpToTwoDecimalsInPlainNotation() {
        assertThat(JsonStyle.round2(12.345).toPlainString()).isEqualTo("12.35");
        assertThat(JsonStyle.round2(3.10).toPlainString()).isEqualTo("3.1");
        assertThat(JsonStyle.round2(7.0).toPlainString()).isEqualTo("7");
        assertThat(JsonStyle.round2(1_234_567.5).toPlainString()).isEqualTo("1234567.5");
        assertThat(JsonStyle.round2(-0.001).signum()).isZero();
    }

    @Test
    void shouldRejectNegativeTop() {
        assertThatThrownBy(() -> new JsonLinesSink(out, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("top");
    }

    private static AlertEvent alert(final boolean on, final String message) {
        return new AlertEvent(on, Snapshots.SECOND, Snapshots.SECOND, false, 12.0, 3.0, 10.0,
                AlertRuleKind.ABSOLUTE, message);
    }

    private static List<String> texts(final JsonNode array, final String field) {
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            values.add(array.get(i).get(field).stringValue());
        }
        return values;
    }

    /** Splits the output on '\n' (each event must end with exactly one) and parses each line strictly. */
    private List<JsonNode> readLines() {
        final byte[] bytes = out.toByteArray();
        assertThat(bytes).isNotEmpty();
        assertThat(bytes[bytes.length - 1]).as("output ends with a newline").isEqualTo((byte) '\n');
        final List<JsonNode> nodes = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                final byte[] line = Arrays.copyOfRange(bytes, start, i);
                final JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as("each line is one JSON object").isTrue();
                nodes.add(node);
                start = i + 1;
            }
        }
        return nodes;
    }

    private static void assertStrictUtf8(final byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (final CharacterCodingException e) {
            throw new AssertionError("output is not valid UTF-8", e);
        }
    }
}
