package dev.logmon.sinks.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the screen shows besides its size: the latest snapshot, the alert history and the UI
 * state (focus, scroll positions, pause, help). Not thread-safe: the sink guards it with one lock.
 *
 * <p>Scroll positions are lines from the top; {@link #FOLLOW} pins a list to its end (the alert
 * list starts that way, like {@code tail -f}). The renderer clamps them to what the content allows.
 */
final class DashboardState {
    /** Scroll position meaning "stay at the end". */
    static final int FOLLOW = Integer.MAX_VALUE;
    /** Alert messages kept. */
    static final int HISTORY = 1000;

    /** What a key asks of the sink. */
    enum Action { NONE, REDRAW, QUIT }

    private final String timeLabel;
    private final ArrayDeque<AlertEvent> alerts = new ArrayDeque<>();
    private final int[] scroll = new int[Panel.values().length];
    private Snapshot latest;
    private Snapshot frozen;
    private List<AlertEvent> frozenAlerts;
    private double[] lineRates = new double[0];
    private long lastNanos;
    private long[] lastLines = new long[0];
    private Panel focus = Panel.TRAFFIC;
    private boolean paused;
    private boolean help;
    private boolean finished;
    private String connection;
    private String banner;
    private String api;
    private final ViewFilter filter = new ViewFilter();
    /**
     * The last key was an Esc that closed something (the help, or the view filter it cleared):
     * an Esc right after it does not quit.
     */
    private boolean filterJustCleared;

    /** @param timeLabel how the clock's time is described: {@code arrival time} or {@code log time} */
    DashboardState(final String timeLabel) {
        this.timeLabel = timeLabel;
        scroll[Panel.ALERTS.ordinal()] = FOLLOW;
    }

    /** A new snapshot, seen at {@code nanos} (monotonic): also updates each source's lines/s. */
    void onSnapshot(final Snapshot s, final long nanos) {
        final List<SourceStatus> sources = s.sources();
        final long[] lines = new long[sources.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = sources.get(i).linesRead();
        }
        if (latest != null && lastLines.length == lines.length && nanos - lastNanos >= 200_000_000L) {
            final double seconds = (nanos - lastNanos) / 1e9;
            lineRates = new double[lines.length];
            for (int i = 0; i < lines.length; i++) {
                lineRates[i] = Math.max(0, lines[i] - lastLines[i]) / seconds;
            }
            lastLines = lines;
            lastNanos = nanos;
        } else if (lastLines.length != lines.length || latest == null) {
            lastLines = lines;
            lastNanos = nanos;
            lineRates = new double[lines.length];
        }
        latest = s;
        leaveHiddenPanel();
        // a service that restarted sends snapshots again after its final one (attach)
        finished = s.last();
    }

    /** An alert transition or repeat. */
    void onAlert(final AlertEvent e) {
        alerts.addLast(e);
        while (alerts.size() > HISTORY) {
            alerts.removeFirst();
        }
    }

    /** The snapshot on screen: the latest, or the one frozen by pause. Null before the first. */
    Snapshot shown() {
        return paused ? frozen : latest;
    }

    /** The alert history on screen, oldest first. */
    List<AlertEvent> shownAlerts() {
        return paused ? frozenAlerts : new ArrayList<>(alerts);
    }

    /** Lines per second each source read between the last two snapshots at least 0.2 s apart. */
    double lineRate(final int source) {
        return source < lineRates.length ? lineRates[source] : 0;
    }

    String timeLabel() {
        return timeLabel;
    }

    Panel focus() {
        return focus == Panel.INSTANCES && !hasInstances() ? Panel.TRAFFIC : focus;
    }

    /**
     * The focus moves to the traffic once the panel it is on leaves the screen (an aggregate whose
     * instances are all forgotten): Tab goes on from what the operator sees focused, the arrows
     * scroll nothing hidden, and the panel coming back does not take the focus back.
     */
    private void leaveHiddenPanel() {
        focus = focus();
    }

    /** Whether the snapshot on screen is an aggregate's (has instances): then the instances panel shows. */
    boolean hasInstances() {
        final Snapshot s = shown();
        return s != null && !s.instances().isEmpty();
    }

    int scroll(final Panel p) {
        return scroll[p.ordinal()];
    }

    boolean paused() {
        return paused;
    }

    boolean help() {
        return help;
    }

    /** Null while the snapshots flow; otherwise what {@code attach} is doing about its connection. */
    String connection() {
        return connection;
    }

    void connection(final String status) {
        connection = status;
    }

    /** Null, or a neutral note for the header (what {@code history} is showing). */
    String banner() {
        return banner;
    }

    void banner(final String text) {
        banner = text;
    }

    /** Null, or where the run's HTTP API and browser page answer ({@code --listen}), for the header and the help. */
    String api() {
        return api;
    }

    void api(final String url) {
        api = url;
    }

    /** The {@code /} view filter on the sections and hosts lists. */
    ViewFilter filter() {
        return filter;
    }

    /** True once the final snapshot has arrived (a replay ended, or the pipeline stopped). */
    boolean finished() {
        return finished;
    }

    /**
     * Applies a key.
     *
     * @param key      the key
     * @param rendered the last render's scroll limits and page heights
     */
    Action onKey(final KeyStroke key, final Rendered rendered) {
        final KeyType type = key.getKeyType();
        final boolean afterClear = filterJustCleared;
        filterJustCleared = false;
        if (filter.editing() && type != KeyType.EOF) {
            return onFilterKey(key);
        }
        if (type == KeyType.Escape || type == KeyType.EOF) {
            if (help && type == KeyType.Escape) {
                help = false;
                filterJustCleared = true; // Esc Esc out of the help, as out of a filter, must not quit
                return Action.REDRAW;
            }
            if (filter.active() && type == KeyType.Escape) {
                filter.clear();
                filterJustCleared = true;
                return Action.REDRAW;
            }
            if (afterClear && type == KeyType.Escape) {
                // Esc Esc to leave a filter or the help (a habit) must not stop the monitor: q, or Esc once more, quits
                return Action.NONE;
            }
            return Action.QUIT;
        }
        if (type == KeyType.Character && key.getCharacter() == '/') {
            help = false;
            filter.open();
            return Action.REDRAW;
        }
        if (type == KeyType.Character) {
            final char c = Character.toLowerCase(key.getCharacter());
            switch (c) {
                case 'q' -> {
                    return Action.QUIT;
                }
                case 'p' -> togglePause();
                case '?', 'h' -> help = !help;
                default -> {
                    return Action.NONE;
                }
            }
            return Action.REDRAW;
        }
        if (help) {
            help = false;
            return Action.REDRAW;
        }
        leaveHiddenPanel(); // a paused view, then p: the snapshot shown changed without onSnapshot
        final int i = focus.ordinal();
        final int max = rendered == null ? 0 : rendered.maxScroll(focus);
        final int page = rendered == null ? 1 : Math.max(1, rendered.pageRows(focus) - 1);
        final int at = Math.min(scroll[i], max);
        switch (type) {
            case Tab -> focus = focus.next(hasInstances());
            case ReverseTab -> focus = focus.previous(hasInstances());
            case ArrowUp -> scroll[i] = Math.max(0, at - 1);
            case ArrowDown -> scroll[i] = settle(at + 1, max);
            case PageUp -> scroll[i] = Math.max(0, at - page);
            case PageDown -> scroll[i] = settle(at + page, max);
            case Home -> scroll[i] = 0;
            case End -> scroll[i] = FOLLOW;
            default -> {
                return Action.NONE;
            }
        }
        return Action.REDRAW;
    }

    /** A key while the filter prompt is open: text, Backspace, Enter keeps, Esc clears. */
    private Action onFilterKey(final KeyStroke key) {
        switch (key.getKeyType()) {
            case Character -> filter.type(key.getCharacter());
            case Backspace -> filter.erase();
            case Enter -> filter.keep();
            case Escape -> {
                filter.clear();
                filterJustCleared = true;
            }
            default -> {
                return Action.NONE;
            }
        }
        // the lists change: start them at their top again
        scroll[Panel.SECTIONS.ordinal()] = 0;
        scroll[Panel.HOSTS.ordinal()] = 0;
        return Action.REDRAW;
    }

    /** Scrolling to the end of a list pins it there (new lines keep it at the end). */
    private static int settle(final int to, final int max) {
        return to >= max ? FOLLOW : to;
    }

    private void togglePause() {
        paused = !paused;
        if (paused) {
            frozen = latest;
            frozenAlerts = new ArrayList<>(alerts);
        } else {
            frozen = null;
            frozenAlerts = null;
        }
    }
}
