package dev.logmon.core.filter;

/**
 * Reads IPv4 and IPv6 addresses from bytes in place, for {@link HostPredicate} (per line) and the
 * compiler (once). An IPv4 address is also read as IPv6 in its mapped form {@code ::ffff:a.b.c.d},
 * so one 128-bit comparison serves both families.
 */
final class Addresses {
    /** The high 64 bits of an IPv4-mapped IPv6 address are 0; the low ones start with this. */
    static final long MAPPED_V4 = 0xffff_0000_0000L;

    private Addresses() {
    }

    /** The IPv4 address {@code a.b.c.d} in {@code b[from, to)}, or -1 when it is not one. */
    static long ipv4(final byte[] b, final int from, final int to) {
        long value = 0;
        int p = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (p >= to || b[p] != '.') {
                    return -1;
                }
                p++;
            }
            final int start = p;
            int octet = 0;
            while (p < to && p - start < 4 && b[p] >= '0' && b[p] <= '9') {
                octet = octet * 10 + (b[p] - '0');
                p++;
            }
            if (p == start || p - start > 3 || octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return p == to ? value : -1;
    }

    /**
     * Reads an IPv4 or IPv6 address (brackets and a {@code %zone} allowed) from {@code b[from, to)}
     * into {@code out[0]} (high 64 bits) and {@code out[1]} (low 64 bits), an IPv4 address in its
     * mapped form. Returns false, {@code out} unspecified, when the bytes are no address.
     *
     * @param groups scratch of 8 ints
     */
    static boolean read(final byte[] b, final int from, final int to, final long[] out, final int[] groups) {
        int start = from;
        int end = to;
        if (end - start >= 2 && b[start] == '[' && b[end - 1] == ']') {
            start++;
            end--;
        }
        for (int i = start; i < end; i++) {
            if (b[i] == '%') {
                end = i;
                break;
            }
        }
        final long v4 = ipv4(b, start, end);
        if (v4 >= 0) {
            out[0] = 0;
            out[1] = MAPPED_V4 | v4;
            return true;
        }
        if (!ipv6(b, start, end, groups)) {
            return false;
        }
        out[0] = ((long) groups[0] << 48) | ((long) groups[1] << 32) | ((long) groups[2] << 16) | groups[3];
        out[1] = ((long) groups[4] << 48) | ((long) groups[5] << 32) | ((long) groups[6] << 16) | groups[7];
        return true;
    }

    /** Reads an IPv6 address (one {@code ::} at most, an IPv4 tail allowed) into 8 groups of 16 bits. */
    static boolean ipv6(final byte[] b, final int from, final int end, final int[] out) {
        int p = from;
        int n = 0;
        int gap = -1;
        if (p < end && b[p] == ':') {
            if (p + 1 >= end || b[p + 1] != ':') {
                return false;
            }
            gap = 0;
            p += 2;
        }
        while (p < end) {
            int q = p;
            int v = 0;
            while (q < end && q - p < 5 && hex(b[q]) >= 0) {
                v = (v << 4) | hex(b[q]);
                q++;
            }
            if (q < end && b[q] == '.') {
                final long v4 = ipv4(b, p, end);
                if (v4 < 0 || n > 6) {
                    return false;
                }
                out[n++] = (int) (v4 >>> 16);
                out[n++] = (int) (v4 & 0xffff);
                p = end;
                break;
            }
            if (q == p || q - p > 4 || n == 8) {
                return false;
            }
            out[n++] = v;
            p = q;
            if (p == end) {
                break;
            }
            if (b[p] != ':') {
                return false;
            }
            p++;
            if (p < end && b[p] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                p++;
            } else if (p == end) {
                return false; // a trailing single ':'
            }
        }
        if (gap < 0) {
            return n == 8;
        }
        if (n > 7) {
            return false;
        }
        final int moved = n - gap;
        for (int i = 0; i < moved; i++) {
            out[7 - i] = out[n - 1 - i];
        }
        for (int i = gap; i < 8 - moved; i++) {
            out[i] = 0;
        }
        return true;
    }

    private static int hex(final byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        final int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }
}
