package dev.logmon.sinks;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import java.util.List;

/** Hand-built snapshots for sink tests. */
public final class Snapshots {
    /** 2015-05-17T10:05:03Z. */
    public static final long SECOND = 1_431_857_103L;

    private Snapshots() {
    }

    public static WindowView window(final long seconds, final long hits, final double rate,
                             final List<SectionCount> sections, final List<HostCount> hosts) {
        return new WindowView(seconds, hits, rate, hits * 1000, new StatusCounts(1, hits - 10, 4, 3, 2, 0),
                sections, hosts, 512, 4096, 65_536, 0);
    }

    /** The window with unique visitors and per-source rows. */
    public static WindowView withVisitors(final WindowView w, final long visitors,
                                          final List<dev.logmon.core.snapshot.SourceCount> sources) {
        return new WindowView(w.seconds(), w.hits(), w.rate(), w.bytes(), w.status(), w.sections(), w.hosts(), w.sizeP50(),
                w.sizeP99(), w.sizeMax(), w.topErrorBound(), w.latency(), visitors, sources);
    }

    public static WindowView window(final List<SectionCount> sections, final List<HostCount> hosts) {
        return window(10, 100, 10.0, sections, hosts);
    }

    public static LineCounts lines() {
        final long[] byReason = new long[MalformedReason.count()];
        byReason[MalformedReason.BAD_STATUS.ordinal()] = 2;
        byReason[MalformedReason.TOO_LONG.ordinal()] = 1;
        return LineCounts.of(100, byReason, 4, 5);
    }

    public static Snapshot snapshot(final WindowView tenSeconds, final WindowView twoMinutes, final WindowView lifetime) {
        return new Snapshot(SECOND, false, lines(), tenSeconds, twoMinutes, lifetime,
                new AlertStatus(true, 10.0, AlertRuleKind.ABSOLUTE, 12.345, 3.1), 7,
                List.of(new SourceStatus("/var/log/a.log", SourceState.FOLLOWING, 12, 100, 1, 2),
                        new SourceStatus("/var/log/\u001b[31mb.log", SourceState.WAITING, 0, 0, 0, 0)),
                List.of(new DeliveryStats("webhook", 3, 2, 1, 0)));
    }

    public static Snapshot withHostsAndSections(final List<SectionCount> sections, final List<HostCount> hosts) {
        final WindowView w = window(sections, hosts);
        return snapshot(w, w, w);
    }
}
