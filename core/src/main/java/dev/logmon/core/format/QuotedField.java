package dev.logmon.core.format;

/**
 * Finds the end of a double-quoted log field ({@code "request"}, {@code "referer"},
 * {@code "user-agent"}). Servers escape a quote inside a field as {@code \"} (and a backslash as
 * {@code \\}), so a backslash always hides the byte after it. As a safety net for servers that do
 * not escape, a quote only closes the field when the line ends or a space follows it.
 */
final class QuotedField {
    private static final long QUOTES = Swar.repeat((byte) '"');
    private static final long BACKSLASHES = Swar.repeat((byte) '\\');

    private QuotedField() {
    }

    /**
     * Index of the closing quote of a field whose content starts at {@code from}, or -1 when the
     * field is not closed before {@code end}.
     */
    static int closingQuote(final byte[] buf, final int from, final int end) {
        int i = from;
        while (i < end) {
            i = nextQuoteOrBackslash(buf, i, end);
            if (i == end) {
                return -1;
            }
            if (buf[i] == '\\') {
                i += 2;
            } else if (i + 1 == end || buf[i + 1] == ' ') {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * Index of the first quote or backslash in {@code buf[from, end)}, or {@code end}: eight bytes
     * at a time (a referer and a user agent are most of a Combined line, and had been read one
     * byte at a time).
     */
    static int nextQuoteOrBackslash(final byte[] buf, final int from, final int end) {
        int i = from;
        while (i <= end - Long.BYTES) {
            final long w = Swar.word(buf, i);
            final long found = Swar.matches(w, QUOTES) | Swar.matches(w, BACKSLASHES);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < end && buf[i] != '"' && buf[i] != '\\') {
            i++;
        }
        return i;
    }
}
