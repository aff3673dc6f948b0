package dev.logmon.core.format;

import java.util.Objects;

/**
 * Parses one access-log line, in place, into a preallocated {@link LogEvent}, without allocating.
 *
 * <pre>
 *  host ident user [dd/Mon/yyyy:HH:mm:ss +zzzz] "request" status size                    Common
 *  host ident user [dd/Mon/yyyy:HH:mm:ss +zzzz] "request" status size "referer" "agent"  Combined
 * </pre>
 *
 * Fields are separated by spaces (runs of spaces are accepted). Quoted fields may hold escaped
 * quotes ({@code \"}) and brackets. {@link LogFormat#COMMON} ignores what follows the size;
 * {@link LogFormat#COMBINED} requires the quoted referer and user agent (and ignores fields after
 * them, as nginx and Traefik add some). {@link LogFormat#AUTO} tries Combined, then Common: since
 * every Combined line is also a Common line and both yield the same fields, AUTO accepts exactly
 * the Common lines and does not scan the referer and agent at all.
 *
 * <p>Every line ends either as {@link LogEvent#DATA} or as {@link LogEvent#MALFORMED} with one
 * {@link MalformedReason}, the first problem met reading left to right. No input bytes make it
 * throw. The parser holds no per-line state, so one instance may serve several sources.
 */
public final class AccessLogParser implements LineParser {
    private final LogFormat format;
    private final TimestampCache times = new TimestampCache();

    /** A parser for lines of the given layout. */
    public AccessLogParser(final LogFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The layout this parser reads. */
    public LogFormat format() {
        return format;
    }

    /**
     * Parses {@code buf[offset, offset + length)}, one line without its {@code \n} (a trailing
     * {@code \r} is dropped), into {@code out}.
     *
     * @return true when the line was a hit ({@code out.kind == DATA}); false when it was
     *         malformed ({@code out.kind == MALFORMED}, {@code out.malformedReason} set)
     * @throws IndexOutOfBoundsException only when the range lies outside {@code buf} (a caller bug)
     */
    @Override
    public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        int end = offset + length;
        while (end > offset && buf[end - 1] == '\r') {
            end--;
        }
        if (end == offset) {
            return malformed(out, MalformedReason.EMPTY);
        }

        final int sizeEnd = common(buf, offset, end, out, times);
        if (sizeEnd < 0) {
            return malformed(out, MalformedReason.ofOrdinal(-1 - sizeEnd));
        }
        if (format == LogFormat.COMBINED) {
            final MalformedReason tail = checkRefererAndAgent(buf, sizeEnd, end, out);
            if (tail != null) {
                return malformed(out, tail);
            }
        } else {
            // a referer and agent may follow, unread: a --where on the agent looks for them (findAgent)
            out.agentBytes = buf;
            out.agentAt = sizeEnd;
            out.agentLength = -1 - (end - sizeEnd);
        }
        out.latencyMicros = LogEvent.NO_LATENCY;
        out.kind = LogEvent.DATA;
        return true;
    }

    /**
     * Reads the Common fields {@code host ident user [time] "request" status size} starting at
     * {@code offset} into {@code out} (host, second, section, status, size). Returns the index
     * just past the size, or {@code -1 - reason.ordinal()} for the first problem met. Shared with
     * {@link CompiledFormatParser}, whose formats mostly start this way.
     */
    static int common(final byte[] buf, final int offset, final int end, final LogEvent out,
                      final TimestampCache times) {
        int pos = HostExtractor.extract(buf, offset, end, out);
        if (pos < 0) {
            // a list of addresses (10.0.0.2, 10.0.0.1 as some ingress controllers write): the first
            pos = HostExtractor.listEnd(buf, offset, end);
            if (pos < 0 || !HostExtractor.firstAddress(buf, offset, pos, out)) {
                return fail(MalformedReason.BAD_HOST);
            }
        }
        pos = skipToken(buf, skipSpaces(buf, pos, end), end); // ident
        pos = skipToken(buf, skipSpaces(buf, pos, end), end); // user
        pos = skipSpaces(buf, pos, end);
        if (pos == end) {
            return fail(MalformedReason.TRUNCATED);
        }

        final long second = times.parse(buf, pos, end);
        if (second == TimestampParser.TRUNCATED) {
            return fail(MalformedReason.TRUNCATED);
        }
        if (second == TimestampParser.INVALID) {
            return fail(MalformedReason.BAD_TIMESTAMP);
        }
        pos = skipSpaces(buf, pos + TimestampParser.LENGTH, end);
        if (pos == end) {
            return fail(MalformedReason.TRUNCATED);
        }

        if (buf[pos] != '"') {
            return fail(MalformedReason.BAD_REQUEST);
        }
        final int requestStart = pos + 1;
        final int requestEnd = QuotedField.closingQuote(buf, requestStart, end);
        if (requestEnd < 0) {
            return fail(MalformedReason.BAD_REQUEST);
        }
        pos = skipSpaces(buf, requestEnd + 1, end);
        if (pos == end) {
            return fail(MalformedReason.TRUNCATED);
        }

        final int statusEnd = skipToken(buf, pos, end);
        final int status = FieldValues.status(buf, pos, statusEnd);
        if (status < 0) {
            return fail(MalformedReason.BAD_STATUS);
        }
        pos = skipSpaces(buf, statusEnd, end);
        if (pos == end) {
            return fail(MalformedReason.TRUNCATED);
        }

        final int sizeEnd = skipToken(buf, pos, end);
        final long size = FieldValues.size(buf, pos, sizeEnd);
        if (size < 0) {
            return fail(MalformedReason.BAD_SIZE);
        }
        SectionExtractor.extract(buf, requestStart, requestEnd, out);
        out.second = second;
        out.status = status;
        out.size = size;
        return sizeEnd;
    }

    private static int fail(final MalformedReason reason) {
        return -1 - reason.ordinal();
    }

    /** Stateless per line apart from its timestamp cache: a fresh one parses alike. */
    @Override
    public LineParser forOtherThread() {
        return new AccessLogParser(format);
    }

    /** Skips host, ident and user and reads only the bracketed timestamp. */
    @Override
    public long lineSecond(final byte[] buf, final int offset, final int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        final int end = offset + length;
        int pos = HostExtractor.listEnd(buf, offset, end);
        int tokens = 2; // ident and user after a host written as a list
        if (pos < 0) {
            pos = offset;
            tokens = 3;
        }
        for (int field = 0; field < tokens; field++) {
            pos = skipToken(buf, skipSpaces(buf, pos, end), end);
        }
        pos = skipSpaces(buf, pos, end);
        final long second = times.parse(buf, pos, end);
        return second == TimestampParser.INVALID || second == TimestampParser.TRUNCATED ? UNKNOWN_SECOND : second;
    }

    /**
     * Finds the user agent of a line this parser read without its referer and agent (Common, or
     * {@code auto}, which does not scan them): when {@link LogEvent#agentLength} is negative, the
     * quoted referer and agent may follow at {@link LogEvent#agentAt}; afterwards the agent is
     * either found or {@link LogEvent#agentBytes} is null. On the parsing thread, while the bytes are there.
     */
    public static void findAgent(final LogEvent event) {
        final byte[] b = event.agentBytes;
        if (b == null || event.agentLength >= 0) {
            return;
        }
        final int from = event.agentAt;
        final int end = from - 1 - event.agentLength;
        event.agentBytes = null;
        if (refererAndAgent(b, from, end, event) < 0) {
            event.agentBytes = null;
        }
    }

    /** Null when {@code "referer" "agent"} follows at {@code pos}, else why not. */
    private static MalformedReason checkRefererAndAgent(final byte[] buf, final int from, final int end,
                                                        final LogEvent out) {
        final int after = refererAndAgent(buf, from, end, out);
        return after < 0 ? MalformedReason.ofOrdinal(-1 - after) : null;
    }

    /**
     * Index just past the closing quote of {@code "referer" "agent"} following at {@code from}
     * (spaces first), or {@code -1 - reason.ordinal()}. Notes where the agent lies in {@code out}
     * ({@link LogEvent#agentBytes}).
     */
    static int refererAndAgent(final byte[] buf, final int from, final int end, final LogEvent out) {
        int pos = from;
        for (int field = 0; field < 2; field++) {
            pos = skipSpaces(buf, pos, end);
            if (pos == end) {
                return fail(MalformedReason.TRUNCATED);
            }
            if (buf[pos] != '"') {
                return fail(MalformedReason.BAD_FORMAT);
            }
            final int close = QuotedField.closingQuote(buf, pos + 1, end);
            if (close < 0) {
                return fail(MalformedReason.TRUNCATED);
            }
            if (field == 1) {
                out.agentBytes = buf;
                out.agentAt = pos + 1;
                out.agentLength = close - pos - 1;
            }
            pos = close + 1;
        }
        return pos;
    }

    private static int skipSpaces(final byte[] buf, final int from, final int end) {
        int p = from;
        while (p < end && buf[p] == ' ') {
            p++;
        }
        return p;
    }

    private static int skipToken(final byte[] buf, final int from, final int end) {
        int p = from;
        while (p < end && buf[p] != ' ') {
            p++;
        }
        return p;
    }

    private static boolean malformed(final LogEvent out, final MalformedReason reason) {
        out.setMalformed(reason);
        return false;
    }
}
