package dev.logmon.core;

/**
 * Finds the end of a double-quoted log field ({@code "request"}, {@code "referer"},
 * {@code "user-agent"}). Servers escape a quote inside a field as {@code \"} (and a backslash as
 * {@code \\}), so a backslash always hides the byte after it. As a safety net for servers that do
 * not escape, a quote only closes the field when the line ends or a space follows it.
 */
final class QuotedField {
    private QuotedField() {
    }

    /**
     * Index of the closing quote of a field whose content starts at {@code from}, or -1 when the
     * field is not closed before {@code end}.
     */
    static int closingQuote(final byte[] buf, final int from, final int end) {
        int i = from;
        while (i < end) {
            final byte c = buf[i];
            if (c == '\\') {
                i += 2;
            } else if (c == '"' && (i + 1 == end || buf[i + 1] == ' ')) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }
}
