package dev.logmon.core.format;

/**
 * Copies and hashes the host field (the first field of the line) into a {@link LogEvent}. A host
 * is an IPv4 or IPv6 address (optionally bracketed, kept as written) or a host name: letters,
 * digits and {@code . - _ : % [ ]}, at most {@link LogEvent#MAX_HOST} bytes.
 */
final class HostExtractor {
    private static final boolean[] HOST_BYTE = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            HOST_BYTE[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            HOST_BYTE[c] = true;
            HOST_BYTE[c - 'a' + 'A'] = true;
        }
        for (final char c : new char[] {'.', '-', '_', ':', '%', '[', ']'}) {
            HOST_BYTE[c] = true;
        }
    }

    private HostExtractor() {
    }

    /**
     * Reads the host starting at {@code start} up to the next space or {@code end}, storing its
     * bytes, length and hash in {@code out}. Returns the index just past the host, or -1 when the
     * host is empty, too long or holds a byte no host has.
     */
    static int extract(final byte[] buf, final int start, final int end, final LogEvent out) {
        byte[] host = out.host;
        long h = ByteHash.SEED;
        int p = start;
        while (true) {
            // The loop is bounded by the host array as well as the line: with only the line as bound,
            // C2 guarded host[n] with a check hoisted from the profile, and the first line longer
            // than MAX_HOST bytes after the host's start threw away the whole compiled source loop.
            final int limit = Math.min(end, start + host.length);
            while (p < limit) {
                final byte c = buf[p];
                if (c == ' ') {
                    break;
                }
                if (!HOST_BYTE[c & 0xff]) {
                    return -1;
                }
                host[p - start] = c;
                h = ByteHash.step(h, c);
                p++;
            }
            if (p < limit || p == end || buf[p] == ' ') {
                break;
            }
            if (host.length >= LogEvent.MAX_HOST) {
                return -1; // longer than MAX_HOST
            }
            host = out.growHost(); // the slot's first host this long: it keeps the room
        }
        if (p == start) {
            return -1;
        }
        out.hostLength = p - start;
        out.hostHash = ByteHash.finish(h);
        return p;
    }

    /**
     * Reads one address of a list such as X-Forwarded-For, held in {@code buf[start, end)} with
     * spaces around it, without its port: {@code 198.51.100.9:51234 -> 198.51.100.9},
     * {@code [2001:db8::2]:443 -> 2001:db8::2}, {@code [2001:db8::2] -> 2001:db8::2}. False when
     * what is left is not a host.
     */
    static boolean address(final byte[] buf, final int start, final int end, final LogEvent out) {
        int s = start;
        int e = end;
        while (s < e && buf[s] == ' ') {
            s++;
        }
        while (e > s && buf[e - 1] == ' ') {
            e--;
        }
        if (s < e && buf[s] == '[') {
            int close = s + 1;
            while (close < e && buf[close] != ']') {
                close++;
            }
            if (close == e || (close + 1 < e && buf[close + 1] != ':')) {
                return false;
            }
            s++;
            e = close;
        } else {
            int colon = -1;
            int colons = 0;
            for (int i = s; i < e; i++) {
                if (buf[i] == ':') {
                    colon = i;
                    colons++;
                }
            }
            if (colons == 1 && colon > s && buf[colon - 1] >= '0' && buf[colon - 1] <= '9') {
                e = colon; // a dotted IPv4 address or a name followed by :port (one colon: not IPv6)
            }
        }
        return e > s && extract(buf, s, e, out) == e;
    }

    /**
     * Reads the first usable address of a comma-separated list ({@code unknown, 198.51.100.7},
     * {@code 10.0.0.1, 10.0.0.2}) in {@code buf[start, end)}: entries that are empty, {@code -},
     * {@code unknown} or not a host are passed over, ports are dropped ({@link #address}).
     * False when no entry is usable.
     */
    static boolean firstAddress(final byte[] buf, final int start, final int end, final LogEvent out) {
        int s = start;
        while (s < end) {
            int e = s;
            while (e < end && buf[e] != ',') {
                e++;
            }
            if (!placeholder(buf, s, e) && address(buf, s, e, out)) {
                return true;
            }
            s = e + 1;
        }
        return false;
    }

    /**
     * The end of a host written as a list ({@code 10.0.0.2, 10.0.0.1, 127.0.0.1}) starting at
     * {@code start}, as some ingress controllers write nginx's {@code $remote_addr}: the index of
     * the space after its last entry, or -1 when no comma follows the first entry.
     */
    static int listEnd(final byte[] buf, final int start, final int end) {
        int p = start;
        while (p < end && buf[p] != ' ' && buf[p] != ',') {
            p++;
        }
        if (p + 1 >= end || buf[p] != ',' || buf[p + 1] != ' ') {
            return -1; // servers join lists with ", "; "1.2.3.4,5.6.7.8" stays a bad host
        }
        while (p < end && buf[p] == ',') {
            p++;
            while (p < end && buf[p] == ' ') {
                p++;
            }
            while (p < end && buf[p] != ' ' && buf[p] != ',') {
                p++;
            }
        }
        return p;
    }

    private static boolean placeholder(final byte[] buf, final int start, final int end) {
        int s = start;
        int e = end;
        while (s < e && buf[s] == ' ') {
            s++;
        }
        while (e > s && buf[e - 1] == ' ') {
            e--;
        }
        if (e - s == 1 && buf[s] == '-') {
            return true;
        }
        if (e - s != 7) {
            return false;
        }
        final String unknown = "unknown";
        for (int i = 0; i < 7; i++) {
            if ((buf[s + i] | 0x20) != unknown.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
