package dev.logmon.core.format;

import java.util.Objects;

/**
 * Reads lines that a syslog daemon wrote with its own header in front of the access-log line, as
 * nginx's {@code access_log syslog:} and HAProxy do, by skipping that header and handing the rest
 * to another parser. Lines without a header are handed over whole, so a file may mix both.
 *
 * <pre>
 *   RFC 3164  [&lt;PRI&gt;]Mmm dd HH:MM:SS HOST TAG[PID]: MESSAGE      Dec  6 21:00:00 web1 nginx: 10.0.0.1 - - [...] ...
 *   RFC 5424  &lt;PRI&gt;1 TIMESTAMP HOST APP PROCID MSGID SD MESSAGE  &lt;190&gt;1 2026-12-06T21:00:00Z web1 nginx - - - 10.0.0.1 ...
 * </pre>
 *
 * The header's own time is not used (RFC 3164's has no year and no zone): the message's is.
 */
public final class SyslogLineParser implements LineParser {
    private final LineParser inner;
    /**
     * Lines seen with a header. Written and read on the source thread only (auto-detection reads
     * it when it chooses): not volatile, as a volatile store would fence every line of the hot path.
     */
    private long prefixed;

    /** Skips a syslog header, then parses with {@code inner}. */
    public SyslogLineParser(final LineParser inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The parser of the message after the header. */
    public LineParser inner() {
        return inner;
    }

    /** Lines seen with a syslog header (read it on the thread that parses). */
    public long prefixedLines() {
        return prefixed;
    }

    @Override
    public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        final int skip = headerLength(buf, offset, offset + length);
        if (skip > 0) {
            prefixed++;
        }
        return inner.parse(buf, offset + skip, length - skip, out);
    }

    @Override
    public long lineSecond(final byte[] buf, final int offset, final int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        final int skip = headerLength(buf, offset, offset + length);
        return inner.lineSecond(buf, offset + skip, length - skip);
    }

    @Override
    public long unreadableLatencies() {
        return inner.unreadableLatencies();
    }

    @Override
    public void sourceEnded() {
        inner.sourceEnded();
    }

    /** Length of the syslog header at {@code offset} (through the space before the message), or 0. */
    static int headerLength(final byte[] b, final int offset, final int end) {
        int p = offset;
        boolean pri = false;
        if (p < end && b[p] == '<') {
            int q = p + 1;
            while (q < end && q - p <= 4 && b[q] >= '0' && b[q] <= '9') {
                q++;
            }
            if (q == p + 1 || q == end || b[q] != '>') {
                return 0;
            }
            p = q + 1;
            pri = true;
        }
        if (pri && p + 1 < end && b[p] >= '1' && b[p] <= '9' && b[p + 1] == ' ') {
            return rfc5424(b, offset, p + 2, end);
        }
        return rfc3164(b, offset, p, end);
    }

    /** {@code Mmm dd HH:MM:SS HOST TAG: } at {@code p}. */
    private static int rfc3164(final byte[] b, final int offset, final int p, final int end) {
        if (end - p < 16 || TimestampParser.month(b[p], b[p + 1], b[p + 2]) == 0 || b[p + 3] != ' '
                || (b[p + 4] != ' ' && (b[p + 4] < '0' || b[p + 4] > '3')) || b[p + 5] < '0' || b[p + 5] > '9'
                || b[p + 6] != ' ' || FieldValues.timeOfDay(b, p + 7, p + 15) < 0 || b[p + 15] != ' ') {
            return 0;
        }
        int q = p + 16;
        final int host = q;
        while (q < end && b[q] != ' ') {
            q++;
        }
        if (q == host || q == end) {
            return 0;
        }
        // the tag: letters, digits and ._-/ then maybe [pid], then ':' and a space
        q++;
        final int tag = q;
        while (q < end && (Character.isLetterOrDigit(b[q]) || b[q] == '.' || b[q] == '_' || b[q] == '-'
                || b[q] == '/')) {
            q++;
        }
        if (q == tag) {
            return 0;
        }
        if (q < end && b[q] == '[') {
            while (q < end && b[q] != ']') {
                q++;
            }
            q++;
        }
        if (q + 1 >= end || b[q] != ':' || b[q + 1] != ' ') {
            return 0;
        }
        return q + 2 - offset;
    }

    /** {@code TIMESTAMP HOST APP PROCID MSGID SD } at {@code p}, after {@code <PRI>1 }. */
    private static int rfc5424(final byte[] b, final int offset, final int p, final int end) {
        int q = p;
        for (int field = 0; field < 5; field++) {
            final int start = q;
            while (q < end && b[q] != ' ') {
                q++;
            }
            if (q == start || q == end) {
                return 0;
            }
            q++;
        }
        // structured data: "-" or one or more [id param="value" ...] with \] escapes inside values
        if (q < end && b[q] == '-') {
            q++;
        } else {
            if (q == end || b[q] != '[') {
                return 0;
            }
            while (q < end && b[q] == '[') {
                q++;
                while (q < end && b[q] != ']') {
                    q += b[q] == '\\' ? 2 : 1;
                }
                if (q >= end) {
                    return 0;
                }
                q++;
            }
        }
        if (q < end && b[q] == ' ') {
            q++;
        }
        if (q + 2 < end && (b[q] & 0xff) == 0xef && (b[q + 1] & 0xff) == 0xbb && (b[q + 2] & 0xff) == 0xbf) {
            q += 3; // a UTF-8 byte order mark before the message
        }
        return q - offset;
    }
}
