package dev.logmon.sinks.tui;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.SecondSeries;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;

import java.util.List;

/** Scripted snapshots and alerts for the dashboard's screen tests. */
final class Scenes {
    /** 2026-01-01T12:03:30Z. */
    static final long SECOND = 1_767_269_010L;

    private Scenes() {
    }

    static WindowView window(final long seconds, final long hits, final List<SectionCount> sections,
                             final List<HostCount> hosts) {
        return new WindowView(seconds, hits, hits / (double) seconds, hits * 2100,
                new StatusCounts(0, hits * 90 / 100, hits * 4 / 100, hits * 4 / 100, hits * 2 / 100, 0),
                sections, hosts, 2150, 48_000, 210_000, 0);
    }

    static List<SectionCount> sections() {
        return List.of(new SectionCount("/api", 240, 12, 3), new SectionCount("/pages", 150, 6, 0),
                new SectionCount("/static", 90, 0, 0), new SectionCount("/user", 20, 2, 1));
    }

    static List<HostCount> hosts() {
        return List.of(new HostCount("203.0.113.7", 5L << 30, 41_234),
                new HostCount("2001:db8::1", 300L << 20, 2_345),
                new HostCount("198.51.100.23", 75_000, 120));
    }

    static SecondSeries series(final int seconds, final int burstFrom, final long normal, final long burst) {
        final long[] hits = new long[seconds];
        for (int i = 0; i < seconds; i++) {
            hits[i] = i >= burstFrom ? burst : normal + (i % 7);
        }
        return SecondSeries.of(hits);
    }

    static Snapshot snapshot(final boolean alertOn, final long twoMinuteSeconds, final List<SectionCount> sections,
                             final List<HostCount> hosts, final List<SourceStatus> sources) {
        final long[] bad = new long[MalformedReason.count()];
        bad[MalformedReason.BAD_REQUEST.ordinal()] = 3;
        final LineCounts lines = LineCounts.of(123_456, bad, 0, 0);
        return new Snapshot(SECOND, false, lines, window(10, 500, sections, hosts),
                window(twoMinuteSeconds, 60L * twoMinuteSeconds, sections, hosts),
                window(600, 123_456, sections, hosts),
                new AlertStatus(alertOn, 10, AlertRuleKind.RELATIVE, alertOn ? 72.5 : 48.1, 47.9), 0, sources,
                List.of(new DeliveryStats("webhook", 3, 1, 0, 0)),
                series((int) twoMinuteSeconds, 100, 45, 90));
    }

    static Snapshot normal(final boolean alertOn) {
        return snapshot(alertOn, 120, sections(), hosts(),
                List.of(new SourceStatus("/var/log/nginx/access.log", SourceState.FOLLOWING, 0, 123_459, 0, 0,
                        9_000_000, 9_000_000)));
    }

    /** Three virtual hosts' files, with unique visitors and the per-source rows of each window. */
    static Snapshot threeSources() {
        final List<SourceStatus> files = List.of(
                new SourceStatus("/var/log/nginx/shop.access.log", SourceState.FOLLOWING, 0, 80_000, 0, 0, 1, 1),
                new SourceStatus("/var/log/nginx/blog.access.log", SourceState.FOLLOWING, 0, 40_000, 0, 0, 1, 1),
                new SourceStatus("/var/log/nginx/api.access.log", SourceState.WAITING, 0, 0, 0, 0, 0, 0));
        final Snapshot s = snapshot(false, 120, sections(), hosts(), files);
        final List<dev.logmon.core.snapshot.SourceCount> ten = List.of(
                new dev.logmon.core.snapshot.SourceCount(files.get(0).path(), 400, 800_000, 20, 8),
                new dev.logmon.core.snapshot.SourceCount(files.get(1).path(), 100, 250_000, 0, 0));
        return new Snapshot(s.second(), false, s.lines(), withVisitors(s.tenSeconds(), 212, ten),
                withVisitors(s.twoMinutes(), 3_480, ten), withVisitors(s.lifetime(), 15_502, ten), s.alert(),
                s.handlerErrors(), s.sources(), s.deliveries(), s.secondHits());
    }

    private static WindowView withVisitors(final WindowView w, final long visitors,
                                           final List<dev.logmon.core.snapshot.SourceCount> sources) {
        return new WindowView(w.seconds(), w.hits(), w.rate(), w.bytes(), w.status(), w.sections(), w.hosts(), w.sizeP50(),
                w.sizeP99(), w.sizeMax(), w.topErrorBound(), w.latency(), visitors, sources);
    }

    /** An aggregate's snapshot: {@link #normal} merged from {@code instances}. */
    static Snapshot aggregate(final List<dev.logmon.core.snapshot.InstanceStatus> instances) {
        final Snapshot s = normal(false);
        return new Snapshot(s.second(), false, s.lines(), s.tenSeconds(), s.twoMinutes(), s.lifetime(), s.alert(),
                s.handlerErrors(), List.of(), s.deliveries(), s.secondHits(), List.of(), instances);
    }

    /** Three instances: one live, one late, one gone whose id carries a terminal escape. */
    static List<dev.logmon.core.snapshot.InstanceStatus> threeInstances() {
        return List.of(
                new dev.logmon.core.snapshot.InstanceStatus("web-1", SECOND, 0,
                        dev.logmon.core.snapshot.InstanceStatus.State.LIVE, 1_200, 0, 0),
                new dev.logmon.core.snapshot.InstanceStatus("web-2", SECOND - 9, 9,
                        dev.logmon.core.snapshot.InstanceStatus.State.LATE, 1_191, 2, 0),
                new dev.logmon.core.snapshot.InstanceStatus("web-\u001b[2J3", SECOND - 40, 40,
                        dev.logmon.core.snapshot.InstanceStatus.State.GONE, 1_150, 0, 7));
    }

    static AlertEvent on(final long second) {
        return new AlertEvent(true, second, second, false, 72.5, 47.9, 10, AlertRuleKind.RELATIVE,
                "High traffic generated an alert - hits = 72.50, triggered at 2026-01-01T12:03:00Z");
    }

    static AlertEvent off(final long second) {
        return new AlertEvent(false, second, second - 60, false, 55.0, 48.0, 10, AlertRuleKind.RELATIVE,
                "Alert Off - Traffic returned to normal at 2026-01-01T12:04:00Z");
    }
}
