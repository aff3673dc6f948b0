package dev.logmon.core.source;

/**
 * Looks at the first bytes of a file for signs that it is not a text log logmon can read: a
 * UTF-16 or UTF-32 byte-order mark (every line would be malformed, most as {@code badHost}),
 * gzip data in a followed file, or mostly control bytes (a binary file). The lines are still
 * read and counted as they are; the source says once why they will not parse.
 *
 * <pre>
 *   FF FE / FE FF            UTF-16 (FF FE 00 00 / 00 00 FE FF: UTF-32)
 *   1F 8B                    gzip
 *   > 1 in 16 control bytes  binary (tab, CR, LF, FF, ESC and leading NULs are not counted)
 * </pre>
 */
final class ContentSniffer {
    /** Bytes looked at, at most. */
    static final int SAMPLE = 512;

    private ContentSniffer() {
    }

    /**
     * Why {@code buffer[from, to)}, the first bytes of a file, do not look like a text log; null
     * when they do.
     */
    static String describe(final byte[] buffer, final int from, final int to) {
        final int n = to - from;
        if (n >= 4 && buffer[from] == 0 && buffer[from + 1] == 0 && (buffer[from + 2] & 0xff) == 0xFE
                && (buffer[from + 3] & 0xff) == 0xFF) {
            return "starts with a UTF-32 byte-order mark: logmon reads UTF-8 (or ASCII) logs, so its lines "
                    + "will count as malformed; convert it first (iconv -f UTF-32 -t UTF-8)";
        }
        if (n >= 2 && ((buffer[from] & 0xff) == 0xFF && (buffer[from + 1] & 0xff) == 0xFE
                || (buffer[from] & 0xff) == 0xFE && (buffer[from + 1] & 0xff) == 0xFF)) {
            final boolean utf32 = n >= 4 && buffer[from + 2] == 0 && buffer[from + 3] == 0 && (buffer[from] & 0xff) == 0xFF;
            final String what = utf32 ? "UTF-32" : "UTF-16";
            return "starts with a " + what + " byte-order mark: logmon reads UTF-8 (or ASCII) logs, so its lines "
                    + "will count as malformed; convert it first (iconv -f " + what + " -t UTF-8)";
        }
        if (n >= 2 && (buffer[from] & 0xff) == 0x1F && (buffer[from + 1] & 0xff) == 0x8B) {
            return "is gzip-compressed: a followed file must be plain text (compressed files are read with --once, "
                    + "or by name ending in .gz); its lines will count as malformed";
        }
        int i = from;
        while (i < to && buffer[i] == 0) {
            i++; // the NUL hole of a stale writer after a copytruncate is not binary content
        }
        final int end = Math.min(to, i + SAMPLE);
        final int sampled = end - i;
        if (sampled < 16) {
            return null;
        }
        int control = 0;
        for (int k = i; k < end; k++) {
            final int b = buffer[k] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1B || b == 0x7F) {
                control++;
            }
        }
        if (control * 16 > sampled) {
            return "does not look like a text log (" + control + " of its first " + sampled
                    + " bytes are control bytes): its lines will count as malformed";
        }
        return null;
    }
}
