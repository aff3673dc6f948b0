package dev.logmon.core.format;

import java.util.List;
import java.util.Objects;

/**
 * Parses one JSON object per line into a {@link LogEvent}, with the keys of a {@link JsonFormat},
 * in one pass and with no allocation once its scratch buffer has grown to the longest escaped
 * request seen.
 *
 * <pre>
 *  {"time":"2026-01-01T00:00:00+00:00","remote_addr":"10.0.0.1","request":"GET /a HTTP/1.1",
 *   "status":200,"body_bytes_sent":"512","request_time":0.042,"request":{"uri":"/a"}, ...}
 * </pre>
 *
 * Values may be JSON numbers or strings holding the number (nginx {@code escape=json} writes
 * strings); other keys, arrays and objects deeper than one level are skipped. Times may be ISO-8601
 * with a zone, {@code dd/Mon/yyyy:HH:mm:ss +zzzz} or epoch seconds (a number or a string). A
 * request or path holding escapes ({@code \"}, {@code \/}, {@code \u00e9}) is unescaped before its
 * section is taken; an unpaired surrogate becomes U+FFFD. Missing {@code status} or {@code time}
 * makes the line {@code badStatus} or {@code badTimestamp}; a missing host counts as {@code -}, a
 * missing size as 0, a missing request time as none. A value of the wrong type ({@code "status":
 * true}) is malformed with that field's reason; broken JSON is {@code badFormat}, or
 * {@code truncated} when the line ends inside it.
 *
 * <p>Not thread-safe: each source owns its parser.
 */
public final class JsonLineParser implements LineParser {
    private static final int NONE = 0;
    private static final int STRING = 1;
    private static final int NUMBER = 2;
    private static final int OTHER = 3;
    private static final byte[] DASH = {'-'};
    private static final long DASH_HASH = ByteHash.finish(ByteHash.step(ByteHash.SEED, (byte) '-'));

    private final JsonFormat format;
    private final TimestampCache times = new TimestampCache();
    private final boolean hostFromForwardedFor;
    private final int[] keyRole;
    private final byte[][] keyParent;
    private final byte[][] keyName;
    private final int[] keyUnit;
    private final int[] keyPriority;

    private final int[] start = new int[JsonFormat.ROLES];
    private final int[] end = new int[JsonFormat.ROLES];
    private final int[] type = new int[JsonFormat.ROLES];
    private final int[] priority = new int[JsonFormat.ROLES];
    private final int[] unit = new int[JsonFormat.ROLES];
    private final boolean[] escaped = new boolean[JsonFormat.ROLES];
    private byte[] scratch = new byte[256];
    private final LogEvent probe = new LogEvent();

    private boolean lastEscaped;
    private int failure;
    /** Request times that could not be read (single writer: the source thread). */
    private volatile long unreadableLatencies;

    /**
     * @param format               which keys hold which field
     * @param hostFromForwardedFor take the client from the first X-Forwarded-For address when present
     */
    public JsonLineParser(final JsonFormat format, final boolean hostFromForwardedFor) {
        this.format = Objects.requireNonNull(format, "format");
        this.hostFromForwardedFor = hostFromForwardedFor;
        final List<JsonFormat.Key> keys = format.keys();
        final int n = keys.size();
        keyRole = new int[n];
        keyParent = new byte[n][];
        keyName = new byte[n][];
        keyUnit = new int[n];
        keyPriority = new int[n];
        for (int i = 0; i < n; i++) {
            final JsonFormat.Key k = keys.get(i);
            keyRole[i] = k.role();
            keyParent[i] = k.parent();
            keyName[i] = k.name();
            keyUnit[i] = k.unit();
            keyPriority[i] = k.priority();
        }
    }

    /** The keys this parser reads. */
    public JsonFormat format() {
        return format;
    }

    /** Keeps nothing from one line to the next but scratch and its timestamp cache: a fresh one parses alike. */
    @Override
    public LineParser forOtherThread() {
        return new JsonLineParser(format, hostFromForwardedFor);
    }

    /**
     * Parses the whole line (JSON has no cheaper way to its time) and returns its second. Counts
     * nothing: the line is parsed again to be counted ({@code --since}; with 2+ shards by a shard's
     * copy of this parser), and its unreadable request time must count once.
     */
    @Override
    public long lineSecond(final byte[] buf, final int offset, final int length) {
        final long counted = unreadableLatencies;
        final boolean hit = parse(buf, offset, length, probe);
        if (unreadableLatencies != counted) {
            unreadableLatencies = counted;
        }
        return hit ? probe.second : UNKNOWN_SECOND;
    }

    @Override
    public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        int stop = offset + length;
        while (stop > offset && (buf[stop - 1] == '\r' || buf[stop - 1] == ' ' || buf[stop - 1] == '\t')) {
            stop--;
        }
        if (stop == offset) {
            return malformed(out, MalformedReason.EMPTY);
        }
        for (int r = 0; r < JsonFormat.ROLES; r++) {
            type[r] = NONE;
            priority[r] = Integer.MAX_VALUE;
        }
        failure = -1;
        final int after = object(buf, ws(buf, offset, stop), stop, -1, 0, 0);
        if (after < 0) {
            return malformed(out, MalformedReason.ofOrdinal(failure));
        }
        if (ws(buf, after, stop) != stop) {
            return malformed(out, MalformedReason.BAD_FORMAT);
        }
        return fill(buf, out);
    }

    private boolean fill(final byte[] buf, final LogEvent out) {
        // status
        final int ss = start[JsonFormat.STATUS];
        final int status = type[JsonFormat.STATUS] == NUMBER && end[JsonFormat.STATUS] - ss == 1 && buf[ss] == '0'
                ? 0 // Caddy writes "status":0 when no handler wrote a response: a hit of status class other
                : type[JsonFormat.STATUS] == NUMBER || type[JsonFormat.STATUS] == STRING
                ? FieldValues.status(buf, ss, end[JsonFormat.STATUS]) : -1;
        if (status < 0) {
            return malformed(out, MalformedReason.BAD_STATUS);
        }
        // time
        final long second = time(buf);
        if (second == FieldValues.INVALID) {
            return malformed(out, MalformedReason.BAD_TIMESTAMP);
        }
        // size
        long size = 0;
        final int st = type[JsonFormat.SIZE];
        if (st == STRING || st == NUMBER) {
            size = FieldValues.size(buf, start[JsonFormat.SIZE], end[JsonFormat.SIZE]);
        } else if (st == OTHER) {
            size = -1;
        }
        if (size < 0) {
            return malformed(out, MalformedReason.BAD_SIZE);
        }
        // latency
        long latency = LogEvent.NO_LATENCY;
        final int lt = type[JsonFormat.LATENCY];
        if (lt == STRING || lt == NUMBER) {
            latency = FieldValues.latencyListMicros(buf, start[JsonFormat.LATENCY], end[JsonFormat.LATENCY],
                    unit[JsonFormat.LATENCY]);
            if (latency == FieldValues.INVALID) {
                latency = LogEvent.NO_LATENCY; // the hit counts without its time
                unreadableLatencies++;
            }
        } else if (lt == OTHER && !isNull(buf, JsonFormat.LATENCY)) {
            unreadableLatencies++;
        }
        // host
        if (!host(buf, out)) {
            return malformed(out, MalformedReason.BAD_HOST);
        }
        // section: the request line, else the path
        if (type[JsonFormat.REQUEST] == STRING) {
            section(buf, JsonFormat.REQUEST, out, false);
        } else if (type[JsonFormat.URI] == STRING) {
            section(buf, JsonFormat.URI, out, true);
        } else {
            SectionExtractor.setNone(out);
        }
        out.second = second;
        out.status = status;
        out.size = size;
        out.latencyMicros = latency;
        out.kind = LogEvent.DATA;
        return true;
    }

    private boolean isNull(final byte[] buf, final int role) {
        return end[role] - start[role] == 4 && buf[start[role]] == 'n';
    }

    private long time(final byte[] buf) {
        final int t = type[JsonFormat.TIME];
        final int s = start[JsonFormat.TIME];
        final int e = end[JsonFormat.TIME];
        final boolean millis = unit[JsonFormat.TIME] == FieldValues.MILLIS;
        if (t == NUMBER) {
            return FieldValues.epochSeconds(buf, s, e, millis);
        }
        if (t != STRING || escaped[JsonFormat.TIME] || e == s) {
            return FieldValues.INVALID;
        }
        if (e - s == TimestampParser.BARE_LENGTH && buf[s + 2] == '/') {
            final long v = times.parseBare(buf, s, e);
            return v == TimestampParser.INVALID || v == TimestampParser.TRUNCATED ? FieldValues.INVALID : v;
        }
        if (e - s >= 20 && buf[s + 4] == '-') {
            return FieldValues.iso8601(buf, s, e);
        }
        return FieldValues.epochSeconds(buf, s, e, millis);
    }

    private boolean host(final byte[] buf, final LogEvent out) {
        if (hostFromForwardedFor && type[JsonFormat.XFF] == STRING && !escaped[JsonFormat.XFF]
                && HostExtractor.firstAddress(buf, start[JsonFormat.XFF], end[JsonFormat.XFF], out)) {
            return true;
        }
        final int t = type[JsonFormat.HOST];
        if (t == NONE || (t == OTHER && isNull(buf, JsonFormat.HOST))) {
            out.host[0] = DASH[0];
            out.hostLength = 1;
            out.hostHash = DASH_HASH;
            return true;
        }
        if (t != STRING || escaped[JsonFormat.HOST]) {
            return false;
        }
        final int s = start[JsonFormat.HOST];
        final int e = end[JsonFormat.HOST];
        return e > s && (HostExtractor.extract(buf, s, e, out) == e || HostExtractor.firstAddress(buf, s, e, out));
    }

    private void section(final byte[] buf, final int role, final LogEvent out, final boolean target) {
        byte[] b = buf;
        int s = start[role];
        int e = end[role];
        if (escaped[role]) {
            e = unescape(buf, s, e);
            s = 0;
            b = scratch;
        }
        if (target) {
            SectionExtractor.extractTarget(b, s, e, out);
        } else {
            SectionExtractor.extract(b, s, e, out);
        }
    }

    /** Unescapes the JSON string body {@code buf[s, e)} into {@link #scratch}; returns its length. */
    private int unescape(final byte[] buf, final int s, final int e) {
        if (scratch.length < e - s) {
            scratch = new byte[Math.max(e - s, scratch.length * 2)];
        }
        final byte[] o = scratch;
        int n = 0;
        int p = s;
        while (p < e) {
            final byte c = buf[p];
            if (c != '\\' || p + 1 >= e) {
                o[n++] = c;
                p++;
                continue;
            }
            final byte x = buf[p + 1];
            p += 2;
            switch (x) {
                case 'b' -> o[n++] = '\b';
                case 'f' -> o[n++] = '\f';
                case 'n' -> o[n++] = '\n';
                case 'r' -> o[n++] = '\r';
                case 't' -> o[n++] = '\t';
                case 'u' -> {
                    int cp = hex4(buf, p, e);
                    if (cp < 0) {
                        o[n++] = '?';
                        break;
                    }
                    p += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        final int low = p + 1 < e && buf[p] == '\\' && buf[p + 1] == 'u' ? hex4(buf, p + 2, e) : -1;
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            p += 6;
                        } else {
                            cp = 0xFFFD;
                        }
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        cp = 0xFFFD;
                    }
                    n = utf8(o, n, cp);
                }
                default -> o[n++] = x; // \" \\ \/ and anything else: the byte itself
            }
        }
        return n;
    }

    private static int utf8(final byte[] o, final int at, final int cp) {
        int n = at;
        if (cp < 0x80) {
            o[n++] = (byte) cp;
        } else if (cp < 0x800) {
            o[n++] = (byte) (0xC0 | cp >> 6);
            o[n++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            o[n++] = (byte) (0xE0 | cp >> 12);
            o[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            o[n++] = (byte) (0x80 | cp & 0x3F);
        } else {
            o[n++] = (byte) (0xF0 | cp >> 18);
            o[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
            o[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            o[n++] = (byte) (0x80 | cp & 0x3F);
        }
        return n;
    }

    private static int hex4(final byte[] b, final int p, final int e) {
        if (e - p < 4) {
            return -1;
        }
        int v = 0;
        for (int i = p; i < p + 4; i++) {
            final int c = b[i];
            final int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /**
     * Reads the object at {@code p}, recording the values of known keys. Returns the index after
     * its closing brace, or -1 with {@link #failure} set.
     *
     * @param parentStart start of the key this object is the value of (-1 at the top)
     */
    private int object(final byte[] b, final int from, final int stop, final int parentStart, final int parentLength,
                       final int depth) {
        int p = from;
        if (p >= stop) {
            return fail(MalformedReason.TRUNCATED);
        }
        if (b[p] != '{') {
            return fail(MalformedReason.BAD_FORMAT);
        }
        p = ws(b, p + 1, stop);
        if (p < stop && b[p] == '}') {
            return p + 1;
        }
        while (true) {
            if (p >= stop) {
                return fail(MalformedReason.TRUNCATED);
            }
            if (b[p] != '"') {
                return fail(MalformedReason.BAD_FORMAT);
            }
            final int keyStart = p + 1;
            final int keyEnd = stringEnd(b, keyStart, stop);
            if (keyEnd < 0) {
                return -1;
            }
            p = ws(b, keyEnd + 1, stop);
            if (p >= stop) {
                return fail(MalformedReason.TRUNCATED);
            }
            if (b[p] != ':') {
                return fail(MalformedReason.BAD_FORMAT);
            }
            p = ws(b, p + 1, stop);
            if (p >= stop) {
                return fail(MalformedReason.TRUNCATED);
            }
            final int valueStart;
            final int valueEnd;
            final int valueType;
            boolean valueEscaped = false;
            final byte c = b[p];
            if (c == '"') {
                valueStart = p + 1;
                valueEnd = stringEnd(b, valueStart, stop);
                if (valueEnd < 0) {
                    return -1;
                }
                valueEscaped = lastEscaped;
                valueType = STRING;
                p = valueEnd + 1;
            } else if (c == '{' && depth == 0) {
                valueStart = p;
                p = object(b, p, stop, keyStart, keyEnd - keyStart, 1);
                if (p < 0) {
                    return -1;
                }
                valueEnd = p;
                valueType = OTHER;
            } else if (c == '{' || c == '[') {
                valueStart = p;
                p = skipNested(b, p, stop);
                if (p < 0) {
                    return -1;
                }
                valueEnd = p;
                valueType = OTHER;
            } else {
                valueStart = p;
                while (p < stop && b[p] != ',' && b[p] != '}' && b[p] != ']' && b[p] != ' ' && b[p] != '\t') {
                    p++;
                }
                valueEnd = p;
                if (valueEnd == valueStart) {
                    return fail(MalformedReason.BAD_FORMAT);
                }
                valueType = c == '-' || (c >= '0' && c <= '9') ? NUMBER : OTHER;
            }
            record(b, keyStart, keyEnd, parentStart, parentLength, valueStart, valueEnd, valueType, valueEscaped);
            p = ws(b, p, stop);
            if (p >= stop) {
                return fail(MalformedReason.TRUNCATED);
            }
            if (b[p] == '}') {
                return p + 1;
            }
            if (b[p] != ',') {
                return fail(MalformedReason.BAD_FORMAT);
            }
            p = ws(b, p + 1, stop);
        }
    }

    private void record(final byte[] b, final int keyStart, final int keyEnd, final int parentStart,
                        final int parentLength, final int vs, final int ve, final int vt, final boolean esc) {
        for (int k = 0; k < keyName.length; k++) {
            final byte[] parent = keyParent[k];
            if (parent == null ? parentStart >= 0
                    : parentStart < 0 || !equal(b, parentStart, parentLength, parent)) {
                continue;
            }
            if (!equal(b, keyStart, keyEnd - keyStart, keyName[k])) {
                continue;
            }
            final int r = keyRole[k];
            if (keyPriority[k] < priority[r]) {
                priority[r] = keyPriority[k];
                start[r] = vs;
                end[r] = ve;
                type[r] = vt;
                escaped[r] = esc;
                unit[r] = keyUnit[k];
            }
        }
    }

    private static boolean equal(final byte[] b, final int s, final int n, final byte[] want) {
        if (n != want.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[s + i] != want[i]) {
                return false;
            }
        }
        return true;
    }

    /** Index of the closing quote of a string whose body starts at {@code p}; sets {@link #lastEscaped}. */
    private int stringEnd(final byte[] b, final int from, final int stop) {
        boolean esc = false;
        int p = from;
        while (p < stop) {
            final byte c = b[p];
            if (c == '\\') {
                esc = true;
                p += 2;
            } else if (c == '"') {
                lastEscaped = esc;
                return p;
            } else {
                p++;
            }
        }
        return fail(MalformedReason.TRUNCATED);
    }

    /** Skips a nested array or object (strings respected); index after it, or -1. */
    private int skipNested(final byte[] b, final int from, final int stop) {
        int depth = 0;
        int p = from;
        while (p < stop) {
            final byte c = b[p];
            if (c == '"') {
                p = stringEnd(b, p + 1, stop);
                if (p < 0) {
                    return -1;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return p + 1;
                }
            }
            p++;
        }
        return fail(MalformedReason.TRUNCATED);
    }

    private int fail(final MalformedReason reason) {
        failure = reason.ordinal();
        return -1;
    }

    private static int ws(final byte[] b, final int from, final int stop) {
        int p = from;
        while (p < stop && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        return p;
    }

    private static boolean malformed(final LogEvent out, final MalformedReason reason) {
        out.setMalformed(reason);
        return false;
    }

    @Override
    public long unreadableLatencies() {
        return unreadableLatencies;
    }
}
