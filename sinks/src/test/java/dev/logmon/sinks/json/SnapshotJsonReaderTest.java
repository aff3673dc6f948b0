package dev.logmon.sinks.json;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.snapshot.RuleState;
import dev.logmon.core.snapshot.SecondSeries;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.SourceCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.sinks.Snapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotJsonReaderTest {

    private static Snapshot full() {
        final WindowView w = Snapshots.withVisitors(Snapshots.window(List.of(new SectionCount("/api", 60, 3, 2),
                        new SectionCount("/caf\u00e9\u202e", 40, 0, 0)),
                List.of(new HostCount("10.0.0.1", 9000, 9), new HostCount("h\u00f6st", 100, 1))), 9, List.of(
                        new SourceCount("/var/log/a.log", 60, 60_000, 3, 2), new SourceCount("(other)", 40, 1, 0, 0)));
        return new Snapshot(Snapshots.SECOND, true, Snapshots.lines(), w,
                Snapshots.window(120, 700, 5.83, List.of(), List.of()), w,
                new AlertStatus(true, 10.0, AlertRuleKind.RELATIVE, 12.35, 3.1), 7,
                List.of(new SourceStatus("/var/log/a.log", SourceState.FOLLOWING, 12, 100, 1, 2, 4096, 4084),
                        new SourceStatus("/var/log/\u001b[31mb.log", SourceState.WAITING, 0, 0, 0, 0, 0, 0)),
                List.of(new DeliveryStats("webhook", 3, 2, 1, 0), new DeliveryStats("email", 1, 0, 0, 1)),
                SecondSeries.of(0, 5, 7, 120, 3));
    }

    @Test
    void shouldReadBackEverySnapshotFieldTheWriterWroteWithTheSeries() {
        final Snapshot s = full();

        final String json = new String(SnapshotJson.snapshotBytes(s, 10, true), StandardCharsets.UTF_8);

        assertThat(SnapshotJsonReader.readSnapshot(json)).isEqualTo(s);
        assertThat(SnapshotJsonReader.read(json)).isEqualTo(s);
    }

    @Test
    void shouldWriteEachNamedRulesStateAndReadItBack() {
        final Snapshot plain = full();
        final List<RuleState> rules = List.of(
                new RuleState("5xx", AlertRuleKind.ERROR_RATIO, RuleState.Phase.FIRING, 0.12345, 0.05, Snapshots.SECOND - 30),
                new RuleState("slow \u202e", AlertRuleKind.LATENCY, RuleState.Phase.HOLDING, 812.5, 500, Snapshots.SECOND - 2),
                new RuleState("quiet", AlertRuleKind.SILENCE, RuleState.Phase.OK, Double.NaN, 10, 0),
                new RuleState("flood", AlertRuleKind.CLIENT_FLOOD, RuleState.Phase.PENDING, 120, 0.5, Snapshots.SECOND));
        final Snapshot s = new Snapshot(plain.second(), plain.last(), plain.lines(), plain.tenSeconds(),
                plain.twoMinutes(), plain.lifetime(), plain.alert(), plain.handlerErrors(), plain.sources(),
                plain.deliveries(), plain.secondHits(), rules, List.of());

        final String json = new String(SnapshotJson.snapshotBytes(s, 10, true), StandardCharsets.UTF_8);
        final JsonNode r = JsonMapper.builder().build().readTree(json).path("rules");

        assertThat(r.size()).isEqualTo(4);
        assertThat(r.get(0).path("name").asString()).isEqualTo("5xx");
        assertThat(r.get(0).path("kind").asString()).isEqualTo("error-ratio");
        assertThat(r.get(0).path("state").asString()).isEqualTo("firing");
        assertThat(r.get(0).path("value").asDouble()).isEqualTo(0.1235); // 4 decimals
        assertThat(r.get(0).path("limit").asDouble()).isEqualTo(0.05);
        assertThat(r.get(0).path("since").asString()).isEqualTo(java.time.Instant.ofEpochSecond(Snapshots.SECOND - 30)
                .toString());
        assertThat(r.get(1).path("name").asString()).isEqualTo("slow \u202e");
        assertThat(r.get(1).path("state").asString()).isEqualTo("holding");
        assertThat(r.get(2).path("state").asString()).isEqualTo("ok");
        assertThat(r.get(2).path("value").isNull()).isTrue();
        assertThat(r.get(2).path("since").isNull()).isTrue();
        assertThat(r.get(3).path("state").asString()).isEqualTo("pending");
        assertThat(r.get(3).path("kind").asString()).isEqualTo("client-flood");
        final Snapshot back = SnapshotJsonReader.readSnapshot(json);
        assertThat(back.rules()).hasSize(4);
        assertThat(back.rules().get(0)).isEqualTo(new RuleState("5xx", AlertRuleKind.ERROR_RATIO,
                RuleState.Phase.FIRING, 0.1235, 0.05, Snapshots.SECOND - 30));
        assertThat(back.rules().subList(1, 4)).isEqualTo(rules.subList(1, 4));
        assertThat(new String(SnapshotJson.snapshotBytes(plain, 10, true), StandardCharsets.UTF_8))
                .as("no rules key without named rules").doesNotContain("\"rules\"");
    }

    @Test
    void shouldWriteAndReadBackTheInstancesOfAnAggregate() {
        final Snapshot f = full();
        final Snapshot s = new Snapshot(f.second(), f.last(), f.lines(), f.tenSeconds(), f.twoMinutes(), f.lifetime(),
                f.alert(), f.handlerErrors(), List.of(), f.deliveries(), f.secondHits(), List.of(),
                List.of(new InstanceStatus("web-1", Snapshots.SECOND, 0, InstanceStatus.State.LIVE, 120, 0, 0),
                        new InstanceStatus("web-\u001b2", Snapshots.SECOND - 9, 9, InstanceStatus.State.LATE, 111, 2, 1),
                        new InstanceStatus("web-3", Long.MIN_VALUE, 0, InstanceStatus.State.GONE, 0, 0, 0)));

        final String json = new String(SnapshotJson.snapshotBytes(s, 10, true), StandardCharsets.UTF_8);

        assertThat(json).contains("\"instances\":[{\"id\":\"web-1\",\"state\":\"live\"");
        assertThat(SnapshotJsonReader.readSnapshot(json)).isEqualTo(s);
        assertThat(new String(SnapshotJson.snapshotBytes(full(), 10, true), StandardCharsets.UTF_8))
                .as("a local run writes no instances").doesNotContain("instances");
    }

    @Test
    void shouldWriteAndReadBackANamedRulesAlertWithItsNameAndValue() {
        final AlertEvent a = new AlertEvent(true, Snapshots.SECOND, Snapshots.SECOND, false, 4.5, 3.1, 0.05,
                AlertRuleKind.ERROR_RATIO, "Alert 5xx (error-ratio) firing", "5xx", 0.125);

        final String json = new String(SnapshotJson.alertBytes(a), StandardCharsets.UTF_8);

        assertThat(json).contains("\"rule\":\"error-ratio\"", "\"name\":\"5xx\"", "\"value\":0.125");
        assertThat(SnapshotJsonReader.readAlert(json)).isEqualTo(a);
    }

    @Test
    void shouldWriteNoNameOrValueForTheDefaultRule() {
        final AlertEvent a = new AlertEvent(true, Snapshots.SECOND, Snapshots.SECOND, false, 12, 3, 10,
                AlertRuleKind.ABSOLUTE, "High traffic");

        assertThat(new String(SnapshotJson.alertBytes(a), StandardCharsets.UTF_8)).doesNotContain("\"name\"",
                "\"value\"");
    }

    @Test
    void shouldReadBackAnAlertExactly() {
        final AlertEvent a = new AlertEvent(true, Snapshots.SECOND, Snapshots.SECOND - 20, true, 12.35, 3.1, 10,
                AlertRuleKind.ABSOLUTE, "High traffic generated an alert - hits = 12.35, triggered at \u00e9");

        final String json = new String(SnapshotJson.alertBytes(a), StandardCharsets.UTF_8);

        assertThat(SnapshotJsonReader.readAlert(json)).isEqualTo(a);
        assertThat(SnapshotJsonReader.read(json)).isEqualTo(a);
    }

    @Test
    void shouldReadAJsonLinesSnapshotWithAnEmptySeriesAndNoSourceOffsets() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLinesSink sink = new JsonLinesSink(out, 10)) {
            sink.onSnapshot(full());
        }

        final Snapshot back = SnapshotJsonReader.readSnapshot(out.toString(StandardCharsets.UTF_8).strip());

        assertThat(back.secondHits()).isEqualTo(SecondSeries.EMPTY);
        assertThat(back.sources().get(0).sizeBytes()).isZero();
        assertThat(back.lifetime()).isEqualTo(full().lifetime());
        assertThat(back.deliveries()).isEqualTo(full().deliveries());
    }

    @Test
    void shouldGiveNaNForARateWrittenAsNullAndCutTopListsAsWritten() {
        final WindowView w = new WindowView(1, 1, Double.NaN, 1, Snapshots.window(List.of(), List.of()).status(),
                List.of(new SectionCount("/a", 1, 0, 0), new SectionCount("/b", 1, 0, 0)), List.of(), 0, 0, 0, 0);
        final Snapshot s = Snapshots.snapshot(w, w, w);

        final Snapshot back = SnapshotJsonReader.readSnapshot(
                new String(SnapshotJson.snapshotBytes(s, 1, true), StandardCharsets.UTF_8));

        assertThat(back.tenSeconds().rate()).isNaN();
        assertThat(back.tenSeconds().sections()).containsExactly(new SectionCount("/a", 1, 0, 0));
    }

    @Test
    void shouldRejectWhatIsNotASnapshotWithAMessage() {
        assertThatThrownBy(() -> SnapshotJsonReader.read("{\"type\":\"other\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type other");
        assertThatThrownBy(() -> SnapshotJsonReader.read("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> SnapshotJsonReader.readSnapshot("{\"type\":\"snapshot\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without");
    }
}
