package dev.logmon.sinks.tui;

import java.util.Locale;

/**
 * The dashboard's {@code /} view filter: text typed at a prompt that narrows the sections and
 * hosts lists to the names containing it (letter case ignored), without touching what is counted.
 * {@code Enter} keeps it, {@code Esc} clears it. Not thread-safe: the sink's lock guards it with
 * the rest of {@link DashboardState}.
 */
final class ViewFilter {
    /** Longest filter kept: a name is never longer than what the lists can show. */
    static final int MAX_LENGTH = 64;

    private final StringBuilder text = new StringBuilder();
    private boolean editing;

    /** True when {@code name} contains {@code filter}, letter case ignored; an empty filter keeps every name. */
    static boolean matches(final String name, final String filter) {
        return filter.isEmpty() || name.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT));
    }

    /** The filter text (empty: none). */
    String text() {
        return text.toString();
    }

    /** True while the prompt is open (keys go to the filter). */
    boolean editing() {
        return editing;
    }

    /** True when a filter narrows the lists. */
    boolean active() {
        return text.length() > 0;
    }

    /** Opens the prompt, keeping the current text to edit. */
    void open() {
        editing = true;
    }

    /** Closes the prompt, keeping the text (Enter). */
    void keep() {
        editing = false;
    }

    /** Closes the prompt and drops the filter (Esc). */
    void clear() {
        editing = false;
        text.setLength(0);
    }

    /**
     * Adds a typed character; control characters are ignored. A character beyond the BMP (an emoji)
     * comes as two keys, its surrogates: both are kept or neither, never half of one.
     */
    void type(final char c) {
        if (Character.isISOControl(c)) {
            return;
        }
        final int n = text.length();
        if (Character.isLowSurrogate(c) && (n == 0 || !Character.isHighSurrogate(text.charAt(n - 1)))) {
            return; // the high half was refused (no room for both): drop the low one too
        }
        final int room = MAX_LENGTH - n;
        if (Character.isHighSurrogate(c) ? room >= 2 : room >= 1) { // a kept high half leaves room for its low one
            text.append(c);
        }
    }

    /** Removes the last character (Backspace), both halves of a surrogate pair. */
    void erase() {
        int n = text.length();
        if (n == 0) {
            return;
        }
        n--;
        if (n > 0 && Character.isLowSurrogate(text.charAt(n)) && Character.isHighSurrogate(text.charAt(n - 1))) {
            n--;
        }
        text.setLength(n);
    }
}
