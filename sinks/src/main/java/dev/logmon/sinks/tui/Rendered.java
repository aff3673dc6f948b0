package dev.logmon.sinks.tui;

/**
 * What a render learned about the content: for each panel, how far it can scroll and how many
 * rows it shows. The key handler uses it to clamp scrolling and size page moves.
 */
final class Rendered {
    private final int[] maxScroll = new int[Panel.values().length];
    private final int[] pageRows = new int[Panel.values().length];

    void set(final Panel p, final int max, final int rows) {
        maxScroll[p.ordinal()] = max;
        pageRows[p.ordinal()] = rows;
    }

    int maxScroll(final Panel p) {
        return maxScroll[p.ordinal()];
    }

    int pageRows(final Panel p) {
        return pageRows[p.ordinal()];
    }
}
