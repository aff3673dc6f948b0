package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import dev.logmon.core.text.TextSafety;

/**
 * Text measured in terminal columns. Every string is first made safe with
 * {@link TextSafety#forTerminal(String)}, so what remains is one or two columns per char and can be
 * cut exactly; a cut string ends with an ellipsis and never wraps.
 */
final class Cells {
    static final char ELLIPSIS = '\u2026';

    private Cells() {
    }

    /** Columns {@code safe} (already sanitised) takes. */
    static int width(final String safe) {
        int w = 0;
        for (int i = 0; i < safe.length(); i++) {
            w += columns(safe.charAt(i));
        }
        return w;
    }

    static int columns(final char c) {
        return TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
    }

    /** Sanitised text cut to at most {@code width} columns, an ellipsis marking the cut. */
    static String fit(final String text, final int width) {
        final String safe = TextSafety.forTerminal(text == null ? "" : text);
        if (width <= 0) {
            return "";
        }
        if (width(safe) <= width) {
            return safe;
        }
        final StringBuilder out = new StringBuilder(width);
        int used = 0;
        for (int i = 0; i < safe.length(); i++) {
            final int w = columns(safe.charAt(i));
            if (used + w > width - 1) {
                break;
            }
            out.append(safe.charAt(i));
            used += w;
        }
        return out.append(ELLIPSIS).toString();
    }

    /** {@link #fit} padded with spaces on the right to exactly {@code width} columns. */
    static String padRight(final String text, final int width) {
        final String f = fit(text, width);
        return f + " ".repeat(Math.max(0, width - width(f)));
    }

    /** {@link #fit} padded with spaces on the left to exactly {@code width} columns. */
    static String padLeft(final String text, final int width) {
        final String f = fit(text, width);
        return " ".repeat(Math.max(0, width - width(f))) + f;
    }
}
