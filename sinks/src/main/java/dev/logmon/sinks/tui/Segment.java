package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TextColor;

/**
 * A run of text in one style. The text may be untrusted: the renderer sanitises it.
 *
 * @param text       what to show
 * @param foreground text colour
 * @param background cell colour
 * @param bold       bold text
 */
record Segment(String text, TextColor foreground, TextColor background, boolean bold) {
    static Segment plain(final String text) {
        return new Segment(text, TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, false);
    }

    static Segment colored(final String text, final TextColor foreground) {
        return new Segment(text, foreground, TextColor.ANSI.DEFAULT, false);
    }

    static Segment bold(final String text) {
        return new Segment(text, TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, true);
    }
}
