package dev.logmon.sinks.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.text.TextSafety;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Draws the whole dashboard from a {@link DashboardState} onto any Lanterna {@link TextGraphics}:
 * a real terminal's screen, or a {@code DefaultVirtualTerminal} in tests. The picture depends only
 * on the state and the size. Every string passes through {@link TextSafety#forTerminal} and is cut
 * to its box, so no content can move the cursor, wrap or make Lanterna throw.
 */
public final class DashboardRenderer {
    static final String KEYS = "Tab/Shift-Tab focus  \u2191\u2193 PgUp/PgDn scroll  p pause  ? keys  q quit";
    private static final TextColor FOCUS = TextColor.ANSI.YELLOW;
    private static final TextColor BORDER = TextColor.ANSI.BLUE_BRIGHT;

    /** Draws everything; returns how far each panel can scroll and how many rows it shows. */
    Rendered draw(final TextGraphics g, final TerminalSize size, final DashboardState state) {
        final Rendered rendered = new Rendered();
        final int cols = size.getColumns();
        final int rows = size.getRows();
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.clearModifiers();
        g.fill(' ');
        if (!Layout.fits(cols, rows)) {
            put(g, 0, 0, cols, Line.of("terminal too small: " + cols + "x" + rows + ", logmon needs at least "
                    + Layout.MIN_COLUMNS + "x" + Layout.MIN_ROWS));
            return rendered;
        }
        final Snapshot s = state.shown();
        header(g, cols, s, state);
        put(g, 0, rows - 1, cols, footer(state.filter(), cols));
        final Map<Panel, Layout.Box> boxes = Layout.of(cols, rows,
                s == null || s.instances().isEmpty() ? 0 : InstancesContent.rows(s.instances().size()));
        for (final Map.Entry<Panel, Layout.Box> e : boxes.entrySet()) {
            final Panel p = e.getKey();
            final Layout.Box b = e.getValue();
            final List<Line> lines = s == null ? List.of(Line.of("waiting for the first snapshot\u2026"))
                    : content(p, s, state, b);
            frame(g, b, p == Panel.INSTANCES && s != null ? InstancesContent.title(s.instances()) : p.title,
                    state.focus() == p);
            final int visible = b.innerHeight();
            final int max = p == Panel.TRAFFIC ? 0 : Math.max(0, lines.size() - visible);
            final int from = Math.min(state.scroll(p), max);
            rendered.set(p, max, visible);
            for (int i = 0; i < visible && from + i < lines.size(); i++) {
                put(g, b.x() + 1, b.y() + 1 + i, b.innerWidth(), lines.get(from + i));
            }
            if (max > 0) {
                final String where = " " + (from + 1) + "-" + Math.min(lines.size(), from + visible) + "/" + lines.size() + " ";
                put(g, b.x() + b.width() - 1 - where.length(), b.y() + b.height() - 1, where.length(),
                        new Line().add(where, BORDER));
            }
        }
        if (state.help()) {
            help(g, cols, rows, state.api());
        }
        return rendered;
    }

    private static List<Line> content(final Panel p, final Snapshot s, final DashboardState state, final Layout.Box b) {
        return switch (p) {
            case TRAFFIC -> TrafficChart.lines(s, b.innerWidth(), b.innerHeight());
            case STATUS -> PanelContent.status(s, state, b.innerWidth());
            case SECTIONS -> PanelContent.sections(s.tenSeconds(), b.innerWidth(), state.filter().text());
            case HOSTS -> PanelContent.hosts(s.lifetime(), b.innerWidth(), state.filter().text());
            case CODES -> PanelContent.codes(s.tenSeconds(), s.lifetime());
            case ALERTS -> PanelContent.alerts(state.shownAlerts());
            case INSTANCES -> b.innerHeight() == 1 ? InstancesContent.folded(s.instances(), b.innerWidth())
                    : InstancesContent.lines(s.instances(), b.innerWidth());
        };
    }

    private static void header(final TextGraphics g, final int cols, final Snapshot s, final DashboardState state) {
        final Line left = new Line().add(new Segment(" logmon ", TextColor.ANSI.BLACK, TextColor.ANSI.CYAN, true)).add(" ");
        if (s != null) {
            left.add(Human.clock(s.second())).add("  ").add(PanelContent.alertLabel(s.alert().on()))
                    .add("  " + Human.rate(s.tenSeconds().rate()) + " hits/s");
        }
        if (state.paused()) {
            left.add("  ").add(new Segment(" PAUSED (p resumes) ", TextColor.ANSI.BLACK, TextColor.ANSI.YELLOW, true));
        } else if (state.connection() != null) {
            left.add("  ").add(new Segment(" " + state.connection() + " ", TextColor.ANSI.WHITE, TextColor.ANSI.RED, true));
        } else if (state.banner() != null) {
            left.add("  ").add(new Segment(" " + state.banner() + " ", TextColor.ANSI.BLACK, TextColor.ANSI.WHITE, true));
        } else if (state.finished()) {
            left.add("  ").add(new Segment(" input ended: q quits ", TextColor.ANSI.BLACK, TextColor.ANSI.YELLOW, true));
        }
        put(g, 0, 0, cols, left);
        if (state.api() != null) {
            // at the right when it fits beside the rest (an operator reads where to point a browser); else in the help
            final String api = "API " + TextSafety.forTerminal(state.api()) + " ";
            final int free = cols - width(left);
            if (Cells.width(api) + 2 <= free) {
                put(g, cols - Cells.width(api), 0, Cells.width(api), new Line().add(api, PanelContent.HEADER));
            }
        }
    }

    private static int width(final Line line) {
        int w = 0;
        for (final Segment s : line.segments()) {
            w += Cells.width(TextSafety.forTerminal(s.text() == null ? "" : s.text()));
        }
        return w;
    }

    /** The keys, or the filter prompt while it is open, or the keys and the active filter. */
    static Line footer(final ViewFilter filter) {
        return footer(filter, Integer.MAX_VALUE);
    }

    /**
     * The footer for a screen {@code cols} wide: while the prompt is open, the end of what is typed
     * and the cursor always show (the hint, then the label give way, then the start of the text).
     */
    static Line footer(final ViewFilter filter, final int cols) {
        if (filter.editing()) {
            final String label = "filter sections and hosts: ";
            final String hint = "   Enter keep  Esc clear";
            final String text = filter.text();
            final int typed = Cells.width(text) + 1; // and the cursor
            if (Cells.width(label) + typed + Cells.width(hint) <= cols) {
                return new Line().add(label, PanelContent.HEADER).add(text).add("\u2588")
                        .add(hint, PanelContent.HEADER);
            }
            if (Cells.width(label) + typed <= cols) {
                return new Line().add(label, PanelContent.HEADER).add(text).add("\u2588");
            }
            // a narrow screen or a long text: '/', the end of the text and the cursor
            String tail = text;
            while (!tail.isEmpty() && Cells.width(tail) > cols - 2) {
                tail = tail.substring(Character.charCount(tail.codePointAt(0)));
            }
            if (!tail.equals(text) && !tail.isEmpty()) {
                tail = "\u2026" + tail.substring(Character.charCount(tail.codePointAt(0)));
            }
            return new Line().add("/", PanelContent.HEADER).add(tail).add("\u2588");
        }
        if (!filter.active()) {
            return new Line().add(KEYS, PanelContent.HEADER);
        }
        // the filter first: at 80 columns the keys are cut, never the filter
        return new Line().add(new Segment(" filter: " + filter.text() + " ", TextColor.ANSI.BLACK,
                TextColor.ANSI.YELLOW, true)).add(" Esc clears  ", PanelContent.HEADER).add(KEYS, PanelContent.HEADER);
    }

    private static void help(final TextGraphics g, final int cols, final int rows, final String api) {
        final List<String> text = new ArrayList<>(List.of(
            "Tab, Shift-Tab    move focus between panels",
            "\u2191 \u2193              scroll the focused list by a line",
            "PgUp PgDn         scroll by a page",
            "Home End          top / end (End follows new lines)",
            "p                 pause / resume the view",
            "/                 filter the sections and hosts (Enter keep, Esc clear)",
            "\u2190 \u2192 or [ ]      previous / next bucket (logmon-cli history)",
            "?                 show / hide these keys",
            "q, Esc            quit (the final snapshot is processed first)",
            "",
            "Instances (aggregate only): gone, then late first; Tab to it",
            "--no-bell silences the bell when an alert goes on."));
        if (api != null) {
            text.add("API and browser page: " + api);
        }
        final int w = Math.min(cols - 4, 66);
        final int h = text.size() + 2;
        final Layout.Box b = new Layout.Box((cols - w) / 2, Math.max(1, (rows - h) / 2), w, h);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.fillRectangle(new com.googlecode.lanterna.TerminalPosition(b.x(), b.y()),
                new TerminalSize(b.width(), b.height()), ' ');
        frame(g, b, "Keys (any key closes)", true);
        for (int i = 0; i < text.size(); i++) {
            put(g, b.x() + 2, b.y() + 1 + i, b.width() - 4, Line.of(text.get(i)));
        }
    }

    private static void frame(final TextGraphics g, final Layout.Box b, final String title, final boolean focused) {
        g.clearModifiers();
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(focused ? FOCUS : BORDER);
        final int right = b.x() + b.width() - 1;
        final int bottom = b.y() + b.height() - 1;
        for (int x = b.x() + 1; x < right; x++) {
            g.setCharacter(x, b.y(), focused ? '\u2550' : '\u2500');
            g.setCharacter(x, bottom, focused ? '\u2550' : '\u2500');
        }
        for (int y = b.y() + 1; y < bottom; y++) {
            g.setCharacter(b.x(), y, focused ? '\u2551' : '\u2502');
            g.setCharacter(right, y, focused ? '\u2551' : '\u2502');
        }
        g.setCharacter(b.x(), b.y(), focused ? '\u2554' : '\u250c');
        g.setCharacter(right, b.y(), focused ? '\u2557' : '\u2510');
        g.setCharacter(b.x(), bottom, focused ? '\u255a' : '\u2514');
        g.setCharacter(right, bottom, focused ? '\u255d' : '\u2518');
        put(g, b.x() + 2, b.y(), b.width() - 4, new Line().add(new Segment(" " + title + " ",
                focused ? FOCUS : TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.DEFAULT, true)));
    }

    /** Draws a line from (x, y), at most {@code width} columns; a longer line ends with an ellipsis. */
    static void put(final TextGraphics g, final int x, final int y, final int width, final Line line) {
        if (width <= 0) {
            return;
        }
        final List<Segment> segments = new ArrayList<>();
        int total = 0;
        for (final Segment s : line.segments()) {
            final String safe = TextSafety.forTerminal(s.text() == null ? "" : s.text());
            segments.add(new Segment(safe, s.foreground(), s.background(), s.bold()));
            total += Cells.width(safe);
        }
        final int limit = total > width ? width - 1 : width;
        int used = 0;
        Segment last = Segment.plain("");
        outer:
        for (final Segment s : segments) {
            style(g, s);
            last = s;
            for (int i = 0; i < s.text().length(); i++) {
                final char c = s.text().charAt(i);
                final int w = Cells.columns(c);
                if (used + w > limit) {
                    break outer;
                }
                g.setCharacter(x + used, y, c);
                used += w;
            }
        }
        if (total > width) {
            style(g, last);
            g.setCharacter(x + used, y, Cells.ELLIPSIS);
        }
        g.clearModifiers();
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    private static void style(final TextGraphics g, final Segment s) {
        g.setForegroundColor(s.foreground());
        g.setBackgroundColor(s.background());
        g.clearModifiers();
        if (s.bold()) {
            g.enableModifiers(SGR.BOLD);
        }
    }
}
