package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TextColor;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.LatencySummary;
import dev.logmon.core.snapshot.RuleState;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.SourceCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of each list panel, built from the snapshot for a given inner width. Names are cut
 * with an ellipsis to their column; numbers are right-aligned.
 */
final class PanelContent {
    static final TextColor ON_FG = TextColor.ANSI.WHITE_BRIGHT;
    static final TextColor ON_BG = TextColor.ANSI.RED;
    static final TextColor OFF_FG = TextColor.ANSI.BLACK;
    static final TextColor OFF_BG = TextColor.ANSI.GREEN;
    static final TextColor HEADER = TextColor.ANSI.CYAN;
    private static final int BAR = 10;
    /** Width of a request-time column. */
    private static final int TIME_COLUMN = 9;

    private PanelContent() {
    }

    /** {@code [ ALERT ON ]} in white on red, or {@code [ ALERT OFF ]} in black on green. */
    static Segment alertLabel(final boolean on) {
        return on ? new Segment(" ALERT ON ", ON_FG, ON_BG, true) : new Segment(" ALERT OFF ", OFF_FG, OFF_BG, true);
    }

    /** A named rule's state: red while it fires (or holds), yellow while pending. */
    static TextColor ruleColor(final RuleState.Phase phase) {
        return switch (phase) {
            case FIRING, HOLDING -> TextColor.ANSI.RED;
            case PENDING -> TextColor.ANSI.YELLOW;
            case OK -> TextColor.ANSI.DEFAULT;
        };
    }

    /** {@code value / limit} of a named rule, or that its window is still filling. */
    static String ruleValue(final RuleState r) {
        return Double.isNaN(r.value()) ? "(window filling)" : ruleNumber(r.value()) + " / " + ruleNumber(r.limit());
    }

    private static String ruleNumber(final double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return Math.abs(v) < 1 ? String.format(java.util.Locale.ROOT, "%.4f", v)
                : String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    /** The level avg2m must exceed for the alert: lifetime + threshold (relative) or the threshold. */
    static double alertLevel(final AlertStatus a) {
        return a.rule() == AlertRuleKind.RELATIVE ? a.lifetimeRate() + a.threshold() : a.threshold();
    }

    static List<Line> status(final Snapshot s, final DashboardState state, final int width) {
        final List<Line> lines = new ArrayList<>();
        lines.add(new Line().add("clock  ", HEADER).add(Human.time(s.second()) + " UTC, " + state.timeLabel()));
        final AlertStatus a = s.alert();
        lines.add(new Line().add("alert  ", HEADER).add(alertLabel(a.on())).add(" 2m avg " + Human.rate(a.avg2m()) + "/s"));
        lines.add(new Line().add("level  ", HEADER).add(Human.rate(alertLevel(a)) + "/s"
                + (a.rule() == AlertRuleKind.RELATIVE ? " = all " + Human.rate(a.lifetimeRate()) + " + "
                        + Human.compact(a.threshold()) : " (absolute)")));
        final List<RuleState> rules = s.rules();
        for (int i = 0; i < rules.size(); i++) {
            final RuleState r = rules.get(i);
            lines.add(new Line().add(i == 0 ? "rules  " : "       ", HEADER).add(r.name() + " ")
                    .add(r.state().jsonName(), ruleColor(r.state())).add(" " + ruleValue(r)));
        }
        lines.add(new Line().add("lines  ", HEADER).add(Human.count(s.lines().parsed()) + " parsed, ")
                .add(Human.count(s.lines().malformed()) + " malformed",
                        s.lines().malformed() > 0 ? TextColor.ANSI.YELLOW : TextColor.ANSI.DEFAULT));
        if (s.lines().filtered() > 0) {
            // left out by --where or --since/--until: a row of its own, the one above is full at 80 columns
            lines.add(Line.of("       " + Human.count(s.lines().filtered()) + " filtered"));
        }
        if (s.lifetime().visitors() > 0) { // 0: unknown (a snapshot from before the sketch)
            lines.add(new Line().add("unique ", HEADER).add("10s " + Human.count(s.tenSeconds().visitors()) + "  2m "
                    + Human.count(s.twoMinutes().visitors()) + "  all " + Human.count(s.lifetime().visitors()) + " IPs"));
        }
        if (s.tenSeconds().latency() != null || s.lifetime().latency() != null) {
            // the format has request times
            lines.add(new Line().add("time   ", HEADER).add(times("10s", s.tenSeconds().latency())));
            lines.add(Line.of("       " + times("all", s.lifetime().latency())));
        }
        if (s.lines().late() + s.lines().future() + s.handlerErrors() > 0) {
            lines.add(new Line().add("       late " + Human.count(s.lines().late()) + ", future "
                    + Human.count(s.lines().future()) + ", errors " + Human.count(s.handlerErrors()),
                    TextColor.ANSI.YELLOW));
        }
        final List<SourceStatus> sources = s.sources();
        for (int i = 0; i < sources.size(); i++) {
            final SourceStatus src = sources.get(i);
            final String right = " " + src.state().displayName() + " lag " + Human.bytes(src.lagBytes());
            final int nameWidth = Math.max(4, width - Cells.width(right));
            lines.add(new Line().add(Cells.padRight(fileName(src.path()), nameWidth)).add(right, stateColor(src.state())));
            if (sources.size() > 1 && !s.lifetime().sources().isEmpty()) {
                lines.add(sourceTraffic(src.path(), s.tenSeconds()));
            }
            if (src.state() == SourceState.READING && src.sizeBytes() > 0) {
                final double done = Math.min(1.0, src.bytesRead() / (double) src.sizeBytes());
                final int full = (int) Math.round(done * BAR);
                lines.add(new Line().add("  [").add("\u2588".repeat(full), TextColor.ANSI.GREEN)
                        .add("\u2591".repeat(BAR - full)).add("] " + Math.round(done * 100) + "%  "
                                + Human.count(Math.round(state.lineRate(i))) + " lines/s"));
            }
        }
        for (final DeliveryStats d : s.deliveries()) {
            lines.add(new Line().add(d.sink() + " ", HEADER).add("sent " + d.sent() + " retried " + d.retried()
                    + " failed " + d.failed() + " pending " + d.pending()));
        }
        return lines;
    }

    /**
     * {@code   10s 12.0/s  4xx 1.0%  5xx 0.2%}: one source's share of the 10-second window, under its
     * state line when several sources are read (the per-source breakdown).
     */
    static Line sourceTraffic(final String path, final WindowView ten) {
        for (final SourceCount c : ten.sources()) {
            if (c.source().equals(path)) {
                final Line line = new Line().add("  10s " + Human.rate(c.hits() / (double) Math.max(1, ten.seconds()))
                        + "/s  4xx " + Human.share(c.clientErrors(), c.hits()) + "  ");
                return line.add("5xx " + Human.share(c.serverErrors(), c.hits()),
                        c.serverErrors() > 0 ? TextColor.ANSI.RED : TextColor.ANSI.DEFAULT);
            }
        }
        return Line.of("  10s no hits");
    }

    private static String fileName(final String path) {
        final int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }

    private static TextColor stateColor(final SourceState state) {
        return switch (state) {
            case FOLLOWING, DONE -> TextColor.ANSI.GREEN;
            case READING, STARTING -> TextColor.ANSI.CYAN;
            case WAITING, DENIED -> TextColor.ANSI.YELLOW;
        };
    }

    static List<Line> sections(final WindowView ten, final int width) {
        return sections(ten, width, "");
    }

    /** The sections list, only the sections whose name contains {@code filter} (the {@code /} view filter). */
    static List<Line> sections(final WindowView ten, final int width, final String filter) {
        // with request times in the format: each section's p99 too
        final boolean times = ten.sections().stream().anyMatch(c -> c.latency() != null);
        final int numbers = 7 + 7 + 6 + 6 + (times ? TIME_COLUMN : 0);
        final int name = Math.max(4, width - numbers);
        final List<Line> lines = new ArrayList<>();
        lines.add(new Line().add(Cells.padRight("section", name) + Cells.padLeft("hits/s", 7) + Cells.padLeft("share", 7)
                + Cells.padLeft("4xx", 6) + Cells.padLeft("5xx", 6) + (times ? Cells.padLeft("p99", TIME_COLUMN) : ""),
                HEADER));
        final double seconds = Math.max(1, ten.seconds());
        for (final SectionCount c : ten.sections()) {
            if (!ViewFilter.matches(c.section(), filter)) {
                continue;
            }
            lines.add(Line.of(Cells.padRight(c.section(), name) + Cells.padLeft(Human.rate(c.hits() / seconds), 7)
                    + Cells.padLeft(Human.share(c.hits(), ten.hits()), 7)
                    + Cells.padLeft(Human.share(c.clientErrors(), c.hits()), 6)
                    + Cells.padLeft(Human.share(c.serverErrors(), c.hits()), 6)
                    + (times ? Cells.padLeft(c.latency() == null ? "-" : Human.millis(c.latency().p99()), TIME_COLUMN)
                            : "")));
        }
        if (ten.sections().isEmpty()) {
            lines.add(Line.of("no hits in the last 10 s"));
        } else if (lines.size() == 1) {
            lines.add(Line.of("no section matches the filter"));
        }
        return lines;
    }

    static List<Line> hosts(final WindowView lifetime, final int width) {
        return hosts(lifetime, width, "");
    }

    /** The hosts list, only the hosts whose name contains {@code filter} (the {@code /} view filter). */
    static List<Line> hosts(final WindowView lifetime, final int width, final String filter) {
        final int numbers = 11 + 9;
        final int name = Math.max(4, width - numbers);
        final List<Line> lines = new ArrayList<>();
        lines.add(new Line().add(Cells.padRight("host", name) + Cells.padLeft("bytes", 11) + Cells.padLeft("hits", 9),
                HEADER));
        for (final HostCount h : lifetime.hosts()) {
            if (!ViewFilter.matches(h.host(), filter)) {
                continue;
            }
            lines.add(Line.of(Cells.padRight(h.host(), name) + Cells.padLeft(Human.bytes(h.bytes()), 11)
                    + Cells.padLeft(Human.count(h.hits()), 9)));
        }
        if (lifetime.hosts().isEmpty()) {
            lines.add(Line.of("no hosts yet"));
        } else if (lines.size() == 1) {
            lines.add(Line.of("no host matches the filter"));
        }
        return lines;
    }

    static List<Line> codes(final WindowView ten, final WindowView lifetime) {
        final List<Line> lines = new ArrayList<>();
        lines.add(new Line().add(Cells.padRight("class", 6) + Cells.padLeft("10s", 8) + Cells.padLeft("share", 7)
                + Cells.padLeft("total", 12), HEADER));
        final StatusCounts t = ten.status();
        final StatusCounts l = lifetime.status();
        final long[][] rows = {{t.c2xx(), l.c2xx()}, {t.c3xx(), l.c3xx()}, {t.c4xx(), l.c4xx()}, {t.c5xx(), l.c5xx()},
            {t.c1xx() + t.other(), l.c1xx() + l.other()}};
        final String[] names = {"2xx", "3xx", "4xx", "5xx", "other"};
        final TextColor[] colors = {TextColor.ANSI.GREEN, TextColor.ANSI.CYAN, TextColor.ANSI.YELLOW,
            TextColor.ANSI.RED, TextColor.ANSI.DEFAULT};
        for (int i = 0; i < rows.length; i++) {
            lines.add(new Line().add(Cells.padRight(names[i], 6), colors[i]).add(Cells.padLeft(Human.count(rows[i][0]), 8)
                    + Cells.padLeft(Human.share(rows[i][0], ten.hits()), 7) + Cells.padLeft(Human.count(rows[i][1]), 12)));
        }
        lines.add(new Line().add(Cells.padRight("size", 6), HEADER).add(Cells.padLeft("10s", 10)
                + Cells.padLeft("since start", 17), HEADER));
        lines.add(Line.of(Cells.padRight("p50", 6) + Cells.padLeft(Human.bytes(ten.sizeP50()), 10)
                + Cells.padLeft(Human.bytes(lifetime.sizeP50()), 17)));
        lines.add(Line.of(Cells.padRight("p99", 6) + Cells.padLeft(Human.bytes(ten.sizeP99()), 10)
                + Cells.padLeft(Human.bytes(lifetime.sizeP99()), 17)));
        lines.add(Line.of(Cells.padRight("max", 6) + Cells.padLeft(Human.bytes(ten.sizeMax()), 10)
                + Cells.padLeft(Human.bytes(lifetime.sizeMax()), 17)));
        return lines;
    }

    /** {@code 10s p50 7.5 ms  p99 240 ms  max 1.25 s}: a window's request times, or {@code -} without any. */
    private static String times(final String window, final LatencySummary l) {
        if (l == null || l.count() == 0) {
            return window + " -";
        }
        return window + " p50 " + Human.millis(l.p50()) + "  p99 " + Human.millis(l.p99()) + "  max "
                + Human.millis(l.max());
    }

    static List<Line> alerts(final List<AlertEvent> history) {
        final List<Line> lines = new ArrayList<>();
        if (history.isEmpty()) {
            lines.add(Line.of("no alert yet"));
        }
        for (final AlertEvent e : history) {
            // the message carries its own time, as the original tool printed it
            lines.add(new Line().add(e.message(), e.on() ? TextColor.ANSI.RED_BRIGHT : TextColor.ANSI.GREEN));
        }
        return lines;
    }
}
