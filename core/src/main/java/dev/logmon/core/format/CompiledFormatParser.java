package dev.logmon.core.format;

import java.util.Objects;

/**
 * Parses lines of a {@link CompiledFormat} into a {@link LogEvent}, in one left-to-right pass
 * with no allocation: the format's literals are matched byte by byte and each field runs up to
 * the first byte of the literal after it.
 *
 * <pre>
 *  literal  a space matches a run of spaces; any other byte matches itself
 *  field    quoted ("...$f..." in the format): up to the quote that starts the next literal,
 *           skipping backslash escapes; a fixed-length time: its 26 or 28 bytes; otherwise up
 *           to the first byte of the next literal (the last field: up to a space or the end)
 * </pre>
 *
 * A format that starts with the Common fields ({@code %h %l %u %t "%r" %>s %b}, or nginx's
 * {@code $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent}), maybe
 * followed by the quoted referer and user agent, has that part read by the built-in
 * {@link AccessLogParser} code (same results, its malformed reasons) and only the rest matched
 * field by field: the Common-based presets and the servers' default formats parse at about the
 * built-in speed.
 *
 * <p>Bytes after the last literal are ignored, as servers and proxies append fields. The first
 * problem met decides the {@link MalformedReason}: a literal that does not match is
 * {@code badFormat}, the line ending early is {@code truncated}, a bad value is the reason of its
 * field. With {@code hostFromForwardedFor}, the client is the first address of
 * {@code X-Forwarded-For} when the line has one, else the remote address.
 */
public final class CompiledFormatParser implements LineParser {
    private static final byte[] DASH = {'-'};
    private static final long DASH_HASH = ByteHash.finish(ByteHash.step(ByteHash.SEED, (byte) '-'));

    private final CompiledFormat format;
    private final byte[][] literals;
    private final FieldKind[] kinds;
    private final int[] units;
    private final int fields;
    private final boolean hostFromForwardedFor;
    private final boolean hasHost;
    /** Index of the host field when a space ends it (its bytes are copied while it is scanned), else -1. */
    private final int hostBySpace;
    /**
     * How many leading fields are the Common layout ({@code %h %l %u %t "%r" %>s %b}, or nginx's
     * {@code $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent}): 7 or
     * 6, read by the built-in {@link AccessLogParser#common} at its speed; 0 otherwise.
     */
    private final int commonPrefix;
    /** True when the Common fields are followed by {@code "referer" "agent"} (opaque), also read by the built-in code. */
    private final boolean combined;
    /** The literal after the agent, without the closing quote the built-in code consumes. */
    private final byte[] afterCombined;
    /** Index of the user-agent field ({@code $http_user_agent}, {@code %{User-Agent}i}, W3C {@code cs(User-Agent)}), or -1. */
    private final int agentField;
    /**
     * How each field ends, decided once: {@link #FIXED}, {@link #QUOTED}, {@link #UNTIL_BYTE},
     * {@link #UNTIL_SPACE}, {@link #UNTIL_LAST_COLON}.
     */
    private final int[] endMode;
    private final byte[] stopByte;
    private final int[] fixedLength;
    /**
     * True for fields that may hold a list ({@code 0.100, 0.004}, {@code 0.1 : 0.2},
     * {@code 10.0.0.1, 10.0.0.2}) though a space ends them: the host, request times and opaque
     * fields followed by a space (not by {@code " :"}) or ending the format.
     */
    private final boolean[] mayBeList;
    /** Request times that could not be read; the hit counted without one (single writer: the source thread). */
    private volatile long unreadableLatencies;
    /** True for literals that are one space (the common case, matched without a loop). */
    private final boolean[] oneSpace;
    private final TimestampCache times = new TimestampCache();
    /** True when the line's time is a W3C date with its time of day in another field. */
    private final boolean dateTime;

    /** Length of {@code dd/Mon/yyyy:HH:mm:ss}. */
    private static final int NO_ZONE_LENGTH = 20;
    private static final int FIXED = 0;
    private static final int QUOTED = 1;
    private static final int UNTIL_BYTE = 2;
    private static final int UNTIL_SPACE = 3;
    /** A host written {@code address:port} ({@code %h:%p}): up to the last colon before a space, so IPv6 keeps its colons. */
    private static final int UNTIL_LAST_COLON = 4;

    /**
     * @param format               the compiled format
     * @param hostFromForwardedFor take the client from X-Forwarded-For when the line has one
     */
    public CompiledFormatParser(final CompiledFormat format, final boolean hostFromForwardedFor) {
        this.format = Objects.requireNonNull(format, "format");
        this.literals = format.literals;
        this.kinds = format.kinds;
        this.agentField = agentField(format.tokens);
        this.units = format.units;
        this.fields = kinds.length;
        this.hostFromForwardedFor = hostFromForwardedFor && format.hasForwardedFor();
        this.hasHost = format.has(FieldKind.HOST);
        endMode = new int[fields];
        stopByte = new byte[fields];
        fixedLength = new int[fields];
        for (int i = 0; i < fields; i++) {
            final byte[] before = literals[i];
            final byte[] next = literals[i + 1];
            if (kinds[i].fixedTime) {
                endMode[i] = FIXED;
                fixedLength[i] = kinds[i] == FieldKind.TIME_BRACKETED ? TimestampParser.LENGTH
                        : kinds[i] == FieldKind.TIME_NO_ZONE ? NO_ZONE_LENGTH : TimestampParser.BARE_LENGTH;
            } else if (next.length > 0 && next[0] == '"' && before.length > 0 && before[before.length - 1] == '"') {
                endMode[i] = QUOTED;
            } else if (next.length == 0) {
                endMode[i] = UNTIL_SPACE;
            } else if (kinds[i] == FieldKind.HOST && next.length == 1 && next[0] == ':' && i + 1 < fields
                    && literals[i + 2].length > 0 && literals[i + 2][0] == ' ') {
                endMode[i] = UNTIL_LAST_COLON;
            } else {
                endMode[i] = UNTIL_BYTE;
                stopByte[i] = next[0];
            }
        }
        int hostIndex = -1;
        for (int i = 0; i < fields; i++) {
            if (kinds[i] == FieldKind.HOST && ((endMode[i] == UNTIL_BYTE && stopByte[i] == ' ')
                    || endMode[i] == UNTIL_SPACE)) {
                hostIndex = i;
            }
        }
        hostBySpace = hostIndex;
        commonPrefix = commonPrefix(literals, kinds);
        final int c = commonPrefix;
        combined = c > 0 && fields >= c + 2 && kinds[c] == FieldKind.OPAQUE_SPACED && kinds[c + 1] == FieldKind.OPAQUE_SPACED
                && java.util.Arrays.equals(literals[c], new byte[] {' ', '"'})
                && java.util.Arrays.equals(literals[c + 1], new byte[] {'"', ' ', '"'})
                && literals[c + 2].length > 0 && literals[c + 2][0] == '"'
                && (literals[c + 2].length == 1 || literals[c + 2][1] == ' ');
        afterCombined = combined ? java.util.Arrays.copyOfRange(literals[c + 2], 1, literals[c + 2].length) : null;
        oneSpace = new boolean[literals.length];
        for (int i = 0; i < literals.length; i++) {
            oneSpace[i] = literals[i].length == 1 && literals[i][0] == ' ';
        }
        boolean date = false;
        for (int i = 0; i < fields; i++) {
            if (kinds[i].isTime()) {
                date = kinds[i] == FieldKind.DATE;
                break;
            }
        }
        dateTime = date;
        mayBeList = new boolean[fields];
        for (int i = 0; i < fields; i++) {
            final FieldKind k = kinds[i];
            mayBeList[i] = (k == FieldKind.HOST || k == FieldKind.LATENCY || k == FieldKind.OPAQUE)
                    && (endMode[i] == UNTIL_SPACE || (endMode[i] == UNTIL_BYTE && stopByte[i] == ' '
                    && !(literals[i + 1].length > 1 && literals[i + 1][1] == ':')));
        }
    }

    @Override
    public long unreadableLatencies() {
        return unreadableLatencies;
    }

    /** The format this parser reads. */
    public CompiledFormat format() {
        return format;
    }

    /** Stateless per line apart from its timestamp cache: a fresh one parses alike. */
    @Override
    public LineParser forOtherThread() {
        return new CompiledFormatParser(format, hostFromForwardedFor);
    }

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
        long second = 0;
        boolean timeSeen = false;
        boolean hostDone = false;
        int status = 0;
        long size = 0;
        long latency = LogEvent.NO_LATENCY;
        long timeOfDay = 0;
        boolean sectionSeen = false;
        int hostStart = -1;
        int hostEnd = -1;
        int xffStart = -1;
        int xffEnd = -1;

        int pos;
        final int first = combined ? commonPrefix + 2 : commonPrefix;
        if (first > 0) {
            // the format starts with the Common fields: read them with the built-in code
            final int sizeEnd = AccessLogParser.common(buf, offset, end, out, times);
            if (sizeEnd < 0) {
                return malformed(out, sizeEnd);
            }
            hostStart = offset;
            hostEnd = offset + out.hostLength;
            hostDone = true;
            second = out.second;
            timeSeen = true;
            status = out.status;
            size = out.size;
            sectionSeen = true;
            if (combined) {
                // and the quoted referer and user agent after them too
                final int afterAgent = AccessLogParser.refererAndAgent(buf, sizeEnd, end, out);
                if (afterAgent < 0) {
                    return malformed(out, afterAgent);
                }
                pos = matchLiteral(afterCombined, buf, afterAgent, end);
            } else {
                pos = literal(first, buf, sizeEnd, end);
            }
        } else {
            pos = matchLiteral(literals[0], buf, offset, end);
        }
        if (pos < 0) {
            return malformed(out, pos);
        }
        for (int i = first; i < fields; i++) {
            final int fieldEnd;
            if (i == hostBySpace) {
                // the host ends at a space: copy and hash it in the same pass that finds its end
                final int p = HostExtractor.extract(buf, pos, end, out);
                if (p < 0) {
                    // a list of addresses (its first is taken at the end), or badHost if the rest matches
                    fieldEnd = fieldEnd(i, buf, pos, end);
                    if (fieldEnd < 0) {
                        return malformed(out, fieldEnd);
                    }
                    hostStart = pos;
                    hostEnd = fieldEnd;
                } else {
                    hostStart = pos;
                    hostEnd = p;
                    fieldEnd = p;
                    hostDone = true;
                }
                pos = literal(i + 1, buf, fieldEnd, end);
                if (pos < 0) {
                    return malformed(out, pos);
                }
                continue;
            }
            fieldEnd = fieldEnd(i, buf, pos, end);
            if (fieldEnd < 0) {
                return malformed(out, fieldEnd);
            }
            final FieldKind kind = kinds[i];
            if (kind == FieldKind.OPAQUE || kind == FieldKind.OPAQUE_SPACED) {
                if (i == agentField) {
                    // where the agent is, for a --where on it (no bytes copied)
                    out.agentBytes = buf;
                    out.agentAt = pos;
                    out.agentLength = fieldEnd - pos;
                }
                pos = literal(i + 1, buf, fieldEnd, end);
                if (pos < 0) {
                    return malformed(out, pos);
                }
                continue;
            }
            switch (kind) {
                case HOST -> {
                    hostStart = pos;
                    hostEnd = fieldEnd;
                }
                case TIME_OF_DAY -> {
                    timeOfDay = FieldValues.timeOfDay(buf, pos, fieldEnd);
                    if (timeOfDay < 0) {
                        return malformed(out, MalformedReason.BAD_TIMESTAMP);
                    }
                }
                case TIME_BRACKETED, TIME_LOCAL, TIME_ISO8601, TIME_EPOCH, TIME_EPOCH_MILLIS, TIME_EPOCH_MICROS,
                     TIME_NO_ZONE, DATE -> {
                    if (!timeSeen) {
                        final long s = time(kinds[i], buf, pos, fieldEnd, end);
                        if (s == TimestampParser.TRUNCATED) {
                            return malformed(out, MalformedReason.TRUNCATED);
                        }
                        if (s == FieldValues.INVALID) {
                            return malformed(out, MalformedReason.BAD_TIMESTAMP);
                        }
                        second = s;
                        timeSeen = true;
                    }
                }
                case REQUEST -> {
                    SectionExtractor.extract(buf, pos, fieldEnd, out);
                    sectionSeen = true;
                }
                case URI -> {
                    if (!sectionSeen) {
                        SectionExtractor.extractTarget(buf, pos, fieldEnd, out);
                        sectionSeen = true;
                    }
                }
                case STATUS -> {
                    status = FieldValues.status(buf, pos, fieldEnd);
                    if (status < 0) {
                        return malformed(out, MalformedReason.BAD_STATUS);
                    }
                }
                case SIZE -> {
                    size = FieldValues.size(buf, pos, fieldEnd);
                    if (size < 0) {
                        return malformed(out, MalformedReason.BAD_SIZE);
                    }
                }
                case LATENCY -> {
                    latency = FieldValues.latencyListMicros(buf, pos, fieldEnd, units[i]);
                    if (latency == FieldValues.INVALID) {
                        latency = LogEvent.NO_LATENCY; // -1 (AWS: no target) or garbage: the hit still counts
                        unreadableLatencies++;
                    }
                }
                case XFF -> {
                    xffStart = pos;
                    xffEnd = fieldEnd;
                }
                default -> {
                    // opaque: skipped
                }
            }
            pos = literal(i + 1, buf, fieldEnd, end);
            if (pos < 0) {
                return malformed(out, pos);
            }
        }
        if (!(hostDone && (!hostFromForwardedFor || xffStart < 0)) && !setHost(buf, hostStart, hostEnd, xffStart, xffEnd, out)) {
            return malformed(out, MalformedReason.BAD_HOST);
        }
        if (!sectionSeen) {
            SectionExtractor.setNone(out);
        }
        out.second = dateTime ? second + timeOfDay : second;
        out.status = status;
        out.size = size;
        out.latencyMicros = latency;
        out.kind = LogEvent.DATA;
        return true;
    }

    private static int commonPrefix(final byte[][] literals, final FieldKind[] kinds) {
        final FieldKind[] apache = {FieldKind.HOST, FieldKind.OPAQUE, FieldKind.OPAQUE, FieldKind.TIME_BRACKETED,
            FieldKind.REQUEST, FieldKind.STATUS, FieldKind.SIZE};
        final String[] apacheLiterals = {"", " ", " ", " ", " \"", "\" ", " "};
        final FieldKind[] nginx = {FieldKind.HOST, FieldKind.OPAQUE, FieldKind.TIME_LOCAL, FieldKind.REQUEST,
            FieldKind.STATUS, FieldKind.SIZE};
        final String[] nginxLiterals = {"", " - ", " [", "] \"", "\" ", " "};
        if (startsWith(literals, kinds, apache, apacheLiterals)) {
            return apache.length;
        }
        return startsWith(literals, kinds, nginx, nginxLiterals) ? nginx.length : 0;
    }

    private static boolean startsWith(final byte[][] literals, final FieldKind[] kinds, final FieldKind[] want,
                                      final String[] wantLiterals) {
        if (kinds.length < want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (kinds[i] != want[i] || !java.util.Arrays.equals(literals[i],
                    wantLiterals[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                return false;
            }
        }
        // the built-in reads the size up to a space: the next literal must start with one (or be the end)
        final byte[] next = literals[want.length];
        return next.length == 0 || next[0] == ' ';
    }

    /** Matches fields and literals only as far as the first time field, and reads only that. */
    @Override
    public long lineSecond(final byte[] buf, final int offset, final int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        final int end = offset + length;
        int pos = matchLiteral(literals[0], buf, offset, end);
        long date = UNKNOWN_SECOND;
        long timeOfDay = -1;
        for (int i = 0; i < fields && pos >= 0; i++) {
            final int fieldEnd = fieldEnd(i, buf, pos, end);
            if (fieldEnd < 0) {
                return UNKNOWN_SECOND;
            }
            if (kinds[i] == FieldKind.TIME_OF_DAY) {
                timeOfDay = FieldValues.timeOfDay(buf, pos, fieldEnd);
                if (timeOfDay < 0) {
                    return UNKNOWN_SECOND;
                }
            } else if (kinds[i].isTime() && date == UNKNOWN_SECOND) {
                final long s = time(kinds[i], buf, pos, fieldEnd, end);
                if (s == FieldValues.INVALID || s == TimestampParser.TRUNCATED) {
                    return UNKNOWN_SECOND;
                }
                if (!dateTime) {
                    return s;
                }
                date = s;
            }
            if (date != UNKNOWN_SECOND && timeOfDay >= 0) {
                return date + timeOfDay;
            }
            pos = matchLiteral(literals[i + 1], buf, fieldEnd, end);
        }
        return date != UNKNOWN_SECOND && !format.has(FieldKind.TIME_OF_DAY) ? date : UNKNOWN_SECOND;
    }

    private boolean setHost(final byte[] buf, final int hostStart, final int hostEnd, final int xffStart,
                            final int xffEnd, final LogEvent out) {
        if (hostFromForwardedFor && xffStart >= 0 && HostExtractor.firstAddress(buf, xffStart, xffEnd, out)) {
            return true;
        }
        if (!hasHost) {
            out.host[0] = DASH[0];
            out.hostLength = 1;
            out.hostHash = DASH_HASH;
            return true;
        }
        return hostEnd > hostStart && (HostExtractor.extract(buf, hostStart, hostEnd, out) == hostEnd
                || HostExtractor.firstAddress(buf, hostStart, hostEnd, out));
    }

    private long time(final FieldKind kind, final byte[] buf, final int start, final int fieldEnd,
                             final int end) {
        final long s;
        switch (kind) {
            case TIME_BRACKETED -> s = times.parse(buf, start, end);
            case TIME_LOCAL -> s = times.parseBare(buf, start, end);
            case TIME_ISO8601 -> s = FieldValues.iso8601(buf, start, fieldEnd);
            case TIME_EPOCH -> s = FieldValues.epochSeconds(buf, start, fieldEnd, false);
            case TIME_EPOCH_MICROS -> s = FieldValues.epochMicrosAsSeconds(buf, start, fieldEnd);
            case TIME_NO_ZONE -> s = FieldValues.noZone(buf, start, fieldEnd);
            case DATE -> s = FieldValues.date(buf, start, fieldEnd);
            default -> s = FieldValues.epochSeconds(buf, start, fieldEnd, true);
        }
        return s == TimestampParser.INVALID ? FieldValues.INVALID : s;
    }

    /** Where field {@code i} starting at {@code pos} ends, or a negative encoded reason. */
    private int fieldEnd(final int i, final byte[] buf, final int pos, final int end) {
        final int mode = endMode[i];
        if (mode == UNTIL_BYTE) {
            final byte stop = stopByte[i];
            for (int p = pos; p < end; p++) {
                if (buf[p] == stop) {
                    return mayBeList[i] && p > pos ? listEnd(buf, p, end) : p;
                }
            }
            return encode(MalformedReason.TRUNCATED);
        }
        switch (mode) {
            case UNTIL_BYTE -> {
                final byte stop = stopByte[i];
                for (int p = pos; p < end; p++) {
                    if (buf[p] == stop) {
                        return p;
                    }
                }
                return encode(MalformedReason.TRUNCATED);
            }
            case QUOTED -> {
                return closingQuote(buf, pos, end, literals[i + 1], i == fields - 1);
            }
            case UNTIL_LAST_COLON -> {
                int space = pos;
                while (space < end && buf[space] != ' ') {
                    space++;
                }
                for (int p = space - 1; p >= pos; p--) {
                    if (buf[p] == ':') {
                        return p;
                    }
                }
                return space == end ? encode(MalformedReason.TRUNCATED) : space;
            }
            case FIXED -> {
                final int n = fixedLength[i];
                if (end - pos >= n) {
                    return pos + n;
                }
                // too short: let the time parser tell a cut timestamp from a bad one
                final long s = kinds[i] == FieldKind.TIME_BRACKETED ? TimestampParser.parse(buf, pos, end)
                        : TimestampParser.parseBare(buf, pos, end);
                return encode(s == TimestampParser.TRUNCATED ? MalformedReason.TRUNCATED
                        : MalformedReason.BAD_TIMESTAMP);
            }
            default -> {
                int p = pos;
                while (p < end && buf[p] != ' ') {
                    p++;
                }
                return mayBeList[i] && p > pos ? listEnd(buf, p, end) : p;
            }
        }
    }

    /**
     * Where a value that a space ended at {@code p} really ends when it is a list: {@code a, b}
     * (a comma before the space) or {@code a : b} (nginx's internal redirects); else {@code p}.
     */
    private static int listEnd(final byte[] buf, final int p, final int end) {
        int q = p;
        while (q < end) {
            int next;
            if (buf[q - 1] == ',') {
                next = q + 1;
            } else if (q + 2 < end && buf[q + 1] == ':' && buf[q + 2] == ' ') {
                next = q + 3;
            } else {
                return q;
            }
            while (next < end && buf[next] == ' ') {
                next++;
            }
            if (next == end) {
                return q;
            }
            while (next < end && buf[next] != ' ') {
                next++;
            }
            q = next;
        }
        return q;
    }

    /** {@link #matchLiteral} with a fast path for a literal of one space. */
    private int literal(final int index, final byte[] buf, final int pos, final int end) {
        if (oneSpace[index]) {
            if (pos == end) {
                return encode(MalformedReason.TRUNCATED);
            }
            if (buf[pos] != ' ') {
                return encode(MalformedReason.BAD_FORMAT);
            }
            int p = pos + 1;
            while (p < end && buf[p] == ' ') {
                p++;
            }
            return p;
        }
        return matchLiteral(literals[index], buf, pos, end);
    }

    /**
     * The quote that closes a quoted field: not escaped by a backslash, and followed by the rest
     * of the next literal (for a closing quote ending the format: by a space or the end of line).
     */
    private static int closingQuote(final byte[] buf, final int from, final int end, final byte[] next,
                                    final boolean lastField) {
        int p = from;
        while (p < end) {
            p = QuotedField.nextQuoteOrBackslash(buf, p, end);
            if (p == end) {
                break;
            }
            final byte c = buf[p];
            if (c == '\\') {
                p += 2;
                continue;
            }
            if (c == '"') {
                if (next.length == 1) {
                    if (!lastField || p + 1 == end || buf[p + 1] == ' ') {
                        return p;
                    }
                } else if (matchLiteral(next, buf, p, end) >= 0) {
                    return p;
                }
            }
            p++;
        }
        return encode(MalformedReason.TRUNCATED);
    }

    /** Index after {@code literal} matched at {@code pos}, or a negative encoded reason. */
    private static int matchLiteral(final byte[] literal, final byte[] buf, final int pos, final int end) {
        int p = pos;
        for (final byte want : literal) {
            if (p == end) {
                return encode(MalformedReason.TRUNCATED);
            }
            if (want == ' ') {
                if (buf[p] != ' ') {
                    return encode(MalformedReason.BAD_FORMAT);
                }
                while (p < end && buf[p] == ' ') {
                    p++;
                }
            } else if (buf[p++] != want) {
                return encode(MalformedReason.BAD_FORMAT);
            }
        }
        return p;
    }

    private static int encode(final MalformedReason reason) {
        return -1 - reason.ordinal();
    }

    private static boolean malformed(final LogEvent out, final int encoded) {
        out.setMalformed(MalformedReason.ofOrdinal(-1 - encoded));
        return false;
    }

    private static boolean malformed(final LogEvent out, final MalformedReason reason) {
        out.setMalformed(reason);
        return false;
    }

    /** The index of the user-agent field among the format's tokens, or -1. */
    private static int agentField(final String[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            final String t = tokens[i].toLowerCase(java.util.Locale.ROOT);
            if (t.equals("$http_user_agent") || t.equals("${http_user_agent}") || t.equals("%{user-agent}i")
                    || t.equals("cs(user-agent)")) {
                return i;
            }
        }
        return -1;
    }
}
