package dev.logmon.core.format;

/**
 * Finds the section of a request line ({@code METHOD SP TARGET [SP PROTOCOL]}) and stores it in a
 * {@link LogEvent}. The section is the path up to (not including) its second {@code /}, and never
 * includes the query string or fragment:
 *
 * <pre>
 *  /pages/create  -&gt; /pages        /a?x=/y -&gt; /a       http://host/a/b -&gt; /a
 *  /              -&gt; /             /a#frag -&gt; /a       http://host     -&gt; /
 *  -, "", a binary probe, CONNECT host:443, OPTIONS *  -&gt; no section (length 0)
 * </pre>
 *
 * Leading slashes are one ({@code //a/b -&gt; /a}, as servers resolve it) and percent escapes are
 * decoded ({@code /A%20Beka -&gt; /A Beka}, as GoAccess shows it; {@code %2F} stays a byte of the
 * segment, an escape that would give a control byte or is not two hex digits is kept as written).
 * Only the first {@link LogEvent#MAX_SECTION} bytes are stored; the hash covers all of them.
 */
public final class SectionExtractor {
    /** Hash of the empty section, as {@link ByteHash#hash} gives it. */
    static final long EMPTY_HASH = ByteHash.finish(ByteHash.SEED);

    private SectionExtractor() {
    }

    /** Sets the section of the request line held in {@code buf[start, end)}. */
    static void extract(final byte[] buf, final int start, final int end, final LogEvent out) {
        int p = start;
        while (p < end && buf[p] != ' ') {
            p++;
        }
        out.requestBytes = buf;
        out.methodAt = start;
        out.methodLength = p - start;
        out.targetEnd = end;
        if (p == start) {
            out.targetAt = start;
            setNone(out);
            return;
        }
        while (p < end && buf[p] == ' ') {
            p++;
        }
        final int target = p;
        out.targetAt = target;
        if (p < end && buf[p] == '/') {
            // The usual origin-form target: its first segment is all we need, so the rest of a
            // long path or query string is never read (the target ends at the next space).
            copyFirstSegment(buf, p, end, true, out);
            return;
        }
        while (p < end && buf[p] != ' ') {
            p++;
        }
        sectionOfTarget(buf, target, p, out);
    }

    /**
     * Sets the section of a request target alone ({@code /a/b?q}, {@code http://host/a}), as
     * nginx {@code $request_uri} or Apache {@code %U} write it, held in {@code buf[target, targetEnd)}.
     */
    static void extractTarget(final byte[] buf, final int target, final int targetEnd, final LogEvent out) {
        out.requestBytes = buf;
        out.methodAt = target;
        out.methodLength = -1;
        out.targetAt = target;
        out.targetEnd = targetEnd;
        sectionOfTarget(buf, target, targetEnd, out);
    }

    private static void sectionOfTarget(final byte[] buf, final int target, final int targetEnd, final LogEvent out) {
        if (target == targetEnd || (targetEnd - target == 1 && buf[target] == '-')) {
            setNone(out);
            return;
        }
        int path = target;
        if (buf[target] != '/') {
            final int authority = afterHttpScheme(buf, target, targetEnd);
            if (authority < 0) {
                setNone(out);
                return;
            }
            path = authority;
            while (path < targetEnd && buf[path] != '/' && buf[path] != '?' && buf[path] != '#') {
                path++;
            }
            if (path == targetEnd || buf[path] != '/') {
                setRoot(out);
                return;
            }
        }
        copyFirstSegment(buf, path, targetEnd, false, out);
    }

    /**
     * Copies {@code /segment} starting at the {@code /} at {@code path}; the segment also ends at a
     * space when {@code spaceEnds} (the target is still followed by the rest of the request line).
     */
    private static void copyFirstSegment(final byte[] buf, final int path, final int end, final boolean spaceEnds,
                                         final LogEvent out) {
        byte[] section = out.section;
        section[0] = '/';
        long h = ByteHash.step(ByteHash.SEED, (byte) '/');
        int n = 1;
        int i = path + 1;
        while (i < end && buf[i] == '/') {
            i++; // "//a/b" is "/a/b"
        }
        for (; i < end; i++) {
            byte c = buf[i];
            if (c == '/' || c == '?' || c == '#' || (spaceEnds && c == ' ')) {
                break;
            }
            if (c == '%' && i + 2 < end) {
                final int hi = hex(buf[i + 1]);
                final int lo = hex(buf[i + 2]);
                final int d = (hi << 4) | lo;
                if (hi >= 0 && lo >= 0 && d >= 0x20 && d != 0x7f) {
                    c = (byte) d;
                    i += 2;
                }
            }
            if (n < section.length) {
                section[n] = c;
            } else if (n < LogEvent.MAX_SECTION) {
                section = out.growSection(); // the slot's first section this long: it keeps the room
                section[n] = c;
            }
            h = ByteHash.step(h, c);
            n++;
        }
        out.sectionLength = Math.min(n, LogEvent.MAX_SECTION);
        out.sectionHash = ByteHash.finish(h);
    }

    private static int hex(final byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        final int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /**
     * Index just past {@code http://} or {@code https://} (any letter case) at {@code p}, or -1
     * when the target is not an absolute http(s) URL.
     */
    private static int afterHttpScheme(final byte[] buf, final int p, final int end) {
        if (end - p < 7 || (buf[p] | 0x20) != 'h' || (buf[p + 1] | 0x20) != 't' || (buf[p + 2] | 0x20) != 't'
                || (buf[p + 3] | 0x20) != 'p') {
            return -1;
        }
        int i = p + 4;
        if ((buf[i] | 0x20) == 's') {
            i++;
        }
        if (end - i < 3 || buf[i] != ':' || buf[i + 1] != '/' || buf[i + 2] != '/') {
            return -1;
        }
        return i + 3;
    }

    private static void setRoot(final LogEvent out) {
        out.section[0] = '/';
        out.sectionLength = 1;
        out.sectionHash = ByteHash.finish(ByteHash.step(ByteHash.SEED, (byte) '/'));
    }

    static void setNone(final LogEvent out) {
        out.sectionLength = 0;
        out.sectionHash = EMPTY_HASH;
    }
}
