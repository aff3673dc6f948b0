package dev.logmon.sinks.json;

import dev.logmon.core.text.TextSafety;

/** Short, single-line, terminal-safe renderings of text that came from outside (response bodies, errors). */
public final class SafeText {
    private SafeText() {
    }

    /** At most {@code max} characters of {@code text} on one line, controls escaped, "..." when cut. */
    public static String truncated(final String text, final int max) {
        if (text == null) {
            return "";
        }
        final String cut = text.length() > max ? text.substring(0, max) : text;
        return TextSafety.oneLine(JsonText.withPairedSurrogates(cut)) + (text.length() > max ? "..." : "");
    }

    /** Printable ASCII only (anything else escaped), for short tokens such as a URL scheme. */
    public static String ascii(final String text) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && i < 40; i++) {
            final char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }
}
