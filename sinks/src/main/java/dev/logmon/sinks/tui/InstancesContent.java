package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TextColor;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.text.TextSafety;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the instances panel (an aggregate's dashboard): one per instance, the ones needing a
 * look first ({@link InstanceStatus#WORST_FIRST}: gone, late, then by lag), gone in red and late in
 * yellow. At most {@link #LISTED} rows, then {@code +N more}: the JSON and {@code /snapshot} list
 * them all. Instance ids are untrusted text: the renderer passes every string through
 * {@code TextSafety.forTerminal} and cuts it to its column.
 */
final class InstancesContent {
    /** Instances listed at most; the rest are counted in a last row. */
    static final int LISTED = 100;
    private static final int STATE = 6;
    private static final int LAG = 8;
    private static final int LAST = 10;
    private static final int FRAMES = 10;
    private static final int MISSING = 9;
    private static final int DUPLICATES = 6;

    private InstancesContent() {
    }

    /** Rows of content for {@code count} instances: the header, the listed ones, {@code +N more}. */
    static int rows(final int count) {
        return 1 + Math.min(count, LISTED) + (count > LISTED ? 1 : 0);
    }

    /** {@code Instances: 12 (1 late, 2 gone)}. */
    static String title(final List<InstanceStatus> instances) {
        long late = 0;
        long gone = 0;
        for (final InstanceStatus i : instances) {
            if (i.state() == InstanceStatus.State.LATE) {
                late++;
            } else if (i.state() == InstanceStatus.State.GONE) {
                gone++;
            }
        }
        final StringBuilder b = new StringBuilder("Instances: ").append(instances.size());
        if (late + gone > 0) {
            b.append(" (");
            if (late > 0) {
                b.append(late).append(" late");
            }
            if (gone > 0) {
                b.append(late > 0 ? ", " : "").append(gone).append(" gone");
            }
            b.append(')');
        }
        return b.toString();
    }

    static List<Line> lines(final List<InstanceStatus> instances, final int width) {
        final int numbers = STATE + LAG + LAST + FRAMES + MISSING + DUPLICATES;
        final int name = Math.max(4, width - numbers - 1);
        final List<Line> lines = new ArrayList<>();
        lines.add(new Line().add(Cells.padRight("instance", name) + " " + Cells.padRight("state", STATE)
                + Cells.padLeft("lag", LAG) + Cells.padLeft("last", LAST) + Cells.padLeft("frames", FRAMES)
                + Cells.padLeft("missing", MISSING) + Cells.padLeft("dup", DUPLICATES), PanelContent.HEADER));
        final List<InstanceStatus> sorted = new ArrayList<>(instances);
        sorted.sort(InstanceStatus.WORST_FIRST);
        for (final InstanceStatus i : sorted.subList(0, Math.min(sorted.size(), LISTED))) {
            final String last = i.lastSecond() == Long.MIN_VALUE ? "-" : Human.time(i.lastSecond());
            lines.add(new Line().add(Cells.padRight(TextSafety.forTerminal(i.id()), name) + " ")
                    .add(Cells.padRight(i.state().displayName(), STATE), color(i.state()))
                    .add(Cells.padLeft(Human.count(i.lagSeconds()) + " s", LAG), color(i.state()))
                    .add(Cells.padLeft(last, LAST) + Cells.padLeft(Human.count(i.frames()), FRAMES))
                    .add(Cells.padLeft(Human.count(i.missing()), MISSING),
                            i.missing() > 0 ? TextColor.ANSI.YELLOW : TextColor.ANSI.DEFAULT)
                    .add(Cells.padLeft(Human.count(i.duplicates()), DUPLICATES)));
        }
        if (sorted.size() > LISTED) {
            lines.add(Line.of("+" + (sorted.size() - LISTED) + " more (all in the JSON and /snapshot)"));
        }
        return lines;
    }

    /**
     * The rows for a band one line high (a short screen): no header, so each number is named,
     * {@code web-7  late  lag 7 s  last 12:03:23  frames 1,007  missing 0  dup 0}; the same order
     * and the same {@code +N more}.
     */
    static List<Line> folded(final List<InstanceStatus> instances, final int width) {
        final List<InstanceStatus> sorted = new ArrayList<>(instances);
        sorted.sort(InstanceStatus.WORST_FIRST);
        final List<Line> lines = new ArrayList<>();
        for (final InstanceStatus i : sorted.subList(0, Math.min(sorted.size(), LISTED))) {
            final String lag = "lag " + Human.count(i.lagSeconds()) + " s";
            final String rest = "  last " + (i.lastSecond() == Long.MIN_VALUE ? "-" : Human.time(i.lastSecond()))
                    + "  frames " + Human.count(i.frames());
            final String missing = "  missing " + Human.count(i.missing());
            final String dup = "  dup " + Human.count(i.duplicates());
            final int numbers = STATE + 1 + lag.length() + rest.length() + missing.length() + dup.length();
            lines.add(new Line().add(Cells.padRight(TextSafety.forTerminal(i.id()), Math.max(12, width - numbers - 1)) + " ")
                    .add(Cells.padRight(i.state().displayName(), STATE), color(i.state()))
                    .add(" " + lag, color(i.state()))
                    .add(rest)
                    .add(missing, i.missing() > 0 ? TextColor.ANSI.YELLOW : TextColor.ANSI.DEFAULT)
                    .add(dup));
        }
        if (sorted.size() > LISTED) {
            lines.add(Line.of("+" + (sorted.size() - LISTED) + " more (all in the JSON and /snapshot)"));
        }
        return lines;
    }

    private static TextColor color(final InstanceStatus.State state) {
        return switch (state) {
            case GONE -> TextColor.ANSI.RED;
            case LATE -> TextColor.ANSI.YELLOW;
            case LIVE -> TextColor.ANSI.DEFAULT;
        };
    }
}
