package dev.logmon.core.format;

import dev.logmon.core.text.TextSafety;

/** A log format string that cannot be compiled; the message names the offending token. */
public final class FormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String token;
    private final int column;

    /**
     * @param why    what is wrong
     * @param token  the offending token as written
     * @param column its 1-based column in the format string (0 when it concerns the whole string)
     */
    public FormatException(final String why, final String token, final int column) {
        super(column > 0 ? why + ": '" + TextSafety.oneLine(token) + "' at column " + column : why);
        this.token = token;
        this.column = column;
    }

    /** The offending token as written. */
    public String token() {
        return token;
    }

    /** Its 1-based column, or 0. */
    public int column() {
        return column;
    }
}
