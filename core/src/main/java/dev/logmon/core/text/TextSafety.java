package dev.logmon.core.text;

/**
 * Makes untrusted text safe for a terminal or a log line: control characters (C0, DEL, C1),
 * bidi controls and zero-width characters become visible escapes such as {@code \x1b} or
 * backslash-u {@code 202e}. Only {@link #escapeControls} keeps newlines and tabs as they are.
 */
public final class TextSafety {
    private TextSafety() {
    }

    /** Escapes every control character except newline and tab. */
    public static String escapeControls(final String text) {
        return escape(text, c -> c != '\n' && c != '\t' && isUnsafe(c));
    }

    /** Escapes every control character, newline and tab included: the result is one line. */
    public static String oneLine(final String text) {
        return escape(text, TextSafety::isUnsafe);
    }

    /**
     * Makes text safe to put in terminal cells one character per cell: everything {@link #oneLine}
     * escapes, plus every character whose width a terminal may disagree on or that joins its
     * neighbours (combining marks, format characters such as U+00AD or U+2060, line and paragraph
     * separators, private-use and unassigned characters, and anything outside the Basic
     * Multilingual Plane, written {@code \U0001f600}). What is left is printable, one or two columns
     * per character, so a renderer can measure, truncate and place it exactly.
     */
    public static String forTerminal(final String text) {
        return escape(text, c -> isUnsafe(c) || !isPlainCell(c));
    }

    private static boolean isPlainCell(final char c) {
        switch (Character.getType(c)) {
            case Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE, Character.CONTROL -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** Which characters a caller wants escaped. */
    @FunctionalInterface
    private interface EscapePolicy {
        boolean escapes(char c);
    }

    /**
     * The one escaping loop: characters the policy names become {@code \xNN}, backslash-u and four
     * hex digits, or for an escaped surrogate pair {@code \UNNNNNNNN}; the rest are copied.
     * Allocates only when something is escaped.
     */
    /**
     * At most {@code max} characters of {@code text} on one line, every control escaped as
     * {@link #oneLine} does, and "..." when cut: for text from outside (a receiver's response body,
     * an error message) quoted in a line of ours. Null becomes the empty string.
     */
    public static String truncated(final String text, final int max) {
        if (text == null) {
            return "";
        }
        final String cut = text.length() > max ? text.substring(0, max) : text;
        return oneLine(withPairedSurrogates(cut)) + (text.length() > max ? "..." : "");
    }

    /** The first 40 characters of a short token (a URL scheme), printable ASCII only, anything else escaped. */
    public static String asciiToken(final String text) {
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

    /**
     * Returns {@code s} unchanged (same instance, no copy) when every UTF-16 surrogate in it is
     * paired; otherwise a copy with each unpaired surrogate replaced by U+FFFD. A Java String can
     * hold a lone surrogate, UTF-8 cannot encode one (Jackson refuses it), so text from outside
     * passes here before it is written as JSON. Null stays null.
     */
    public static String withPairedSurrogates(final String s) {
        if (s == null) {
            return null;
        }
        final int first = firstUnpaired(s, 0);
        if (first < 0) {
            return s;
        }
        final char[] chars = s.toCharArray();
        int i = first;
        while (i >= 0) {
            chars[i] = '\uFFFD';
            i = firstUnpaired(s, i + 1);
        }
        return new String(chars);
    }

    /** Index of the first unpaired surrogate at or after {@code from}, or -1. */
    private static int firstUnpaired(final String s, final int from) {
        final int n = s.length();
        int i = from;
        while (i < n) {
            final char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i += 2;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static String escape(final String text, final EscapePolicy policy) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (policy.escapes(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    out.append(String.format("\\U%08x", text.codePointAt(i)));
                    i++;
                } else if (c < 0x100) {
                    out.append(String.format("\\x%02x", (int) c));
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** True for characters that can move the cursor, change colours or reorder text. */
    public static boolean isUnsafe(final char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)
                || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff || c == 0x061c;
    }
}
