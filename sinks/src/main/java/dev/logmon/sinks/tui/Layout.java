package dev.logmon.sinks.tui;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where each panel goes for a terminal size (80x24 and up): a header row, three bands, a footer row.
 *
 * <pre>
 *   header: logmon, clock, alert label, keys
 *   +------------ Traffic ------------+----- Status -----+   top band: 2/5 of the body
 *   +-------- Popular sections -------+--- Top hosts ----+   middle band
 *   +-- Status codes --+----------- Alerts --------------+   bottom band
 *   footer: keys
 * </pre>
 *
 * With an aggregate's snapshot an {@code Instances} band, the whole width, goes between the middle
 * and the bottom band: as high as its rows need, at most a quarter of the body (at least 3 rows
 * inside); on a screen too short for that next to a full traffic band (80x24), one line inside.
 */
final class Layout {
    /** Smallest size the dashboard draws itself in. */
    static final int MIN_COLUMNS = 80;
    static final int MIN_ROWS = 24;

    /** A panel's box, borders included. */
    record Box(int x, int y, int width, int height) {
        int innerWidth() {
            return width - 2;
        }

        int innerHeight() {
            return height - 2;
        }
    }

    private Layout() {
    }

    static boolean fits(final int columns, final int rows) {
        return columns >= MIN_COLUMNS && rows >= MIN_ROWS;
    }

    static Map<Panel, Box> of(final int columns, final int rows) {
        return of(columns, rows, 0);
    }

    /**
     * The boxes with an instances band for {@code instanceRows} rows of content (0: no band, a local run).
     */
    static Map<Panel, Box> of(final int columns, final int rows, final int instanceRows) {
        final int all = rows - 2;
        final int band = band(all, instanceRows);
        final int body = all - band;
        final int top = Math.max(8, body * 2 / 5);
        final int mid = (body - top) / 2;
        final int bottom = body - top - mid;
        final int statusWidth = Math.max(36, Math.min(48, columns * 2 / 5));
        final int sectionsWidth = columns * 11 / 20;
        final int codesWidth = 35;
        final Map<Panel, Box> boxes = new EnumMap<>(Panel.class);
        boxes.put(Panel.TRAFFIC, new Box(0, 1, columns - statusWidth, top));
        boxes.put(Panel.STATUS, new Box(columns - statusWidth, 1, statusWidth, top));
        boxes.put(Panel.SECTIONS, new Box(0, 1 + top, sectionsWidth, mid));
        boxes.put(Panel.HOSTS, new Box(sectionsWidth, 1 + top, columns - sectionsWidth, mid));
        if (band > 0) {
            boxes.put(Panel.INSTANCES, new Box(0, 1 + top + mid, columns, band));
        }
        boxes.put(Panel.CODES, new Box(0, 1 + top + mid + band, codesWidth, bottom));
        boxes.put(Panel.ALERTS, new Box(codesWidth, 1 + top + mid + band, columns - codesWidth, bottom));
        return boxes;
    }

    /**
     * The instances band's height: what its rows need, at most a quarter of the body; but never at
     * the traffic's expense (an operator's main view): when the top band would fall below a local
     * run's smallest, 8 rows, the band folds to one line inside its border (the worst instance; the
     * title keeps the counts, the arrows scroll through the rest).
     */
    private static int band(final int all, final int instanceRows) {
        if (instanceRows <= 0) {
            return 0;
        }
        final int full = Math.min(instanceRows + 2, Math.max(5, all / 4));
        return (all - full) * 2 / 5 >= 8 ? full : FOLDED;
    }

    /** The instances band folded to one line (a short screen). */
    static final int FOLDED = 3;
}
