package dev.logmon.core;

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
        final byte[] host = out.host;
        long h = ByteHash.SEED;
        // The loop is bounded by the host array as well as the line: with only the line as bound,
        // C2 guarded host[n] with a check hoisted from the profile, and the first line longer
        // than MAX_HOST bytes after the host's start threw away the whole compiled source loop.
        final int limit = Math.min(end, start + LogEvent.MAX_HOST);
        int p = start;
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
        if (p == limit && p < end && buf[p] != ' ') {
            return -1; // longer than MAX_HOST
        }
        if (p == start) {
            return -1;
        }
        out.hostLength = p - start;
        out.hostHash = ByteHash.finish(h);
        return p;
    }
}
