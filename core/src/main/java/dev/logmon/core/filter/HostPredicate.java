package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;

/**
 * The client is in a network ({@code host=10.0.0.0/8}, {@code host=2001:db8::/32}; an address
 * alone is a /32 or /128) or has a name ({@code host=crawler.example}, letter case ignored).
 * Addresses compare as 128 bits with the mask precomputed, an IPv4 one in its mapped form, so
 * {@code ::ffff:10.1.2.3} is in {@code 10.0.0.0/8}. Holds scratch space: one thread only.
 */
final class HostPredicate implements LinePredicate {
    private final boolean byName;
    private final byte[] name;
    private final long netHigh;
    private final long netLow;
    private final long maskHigh;
    private final long maskLow;
    private final long[] address = new long[2];
    private final int[] groups = new int[8];

    private HostPredicate(final byte[] name, final long netHigh, final long netLow, final int bits) {
        this.byName = name != null;
        this.name = name == null ? new byte[0] : name.clone();
        this.maskHigh = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        this.maskLow = bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
        this.netHigh = netHigh & maskHigh;
        this.netLow = netLow & maskLow;
    }

    /** A host name, compared whole with letter case ignored. */
    static HostPredicate named(final byte[] lowerName) {
        return new HostPredicate(lowerName, 0, 0, 0);
    }

    /** A network of {@code bits} leading bits of the 128-bit (mapped) address. */
    static HostPredicate network(final long high, final long low, final int bits) {
        return new HostPredicate(null, high, low, bits);
    }

    @Override
    public boolean test(final LogEvent event) {
        final int n = event.hostLength;
        if (byName) {
            return n == name.length && Ascii.equalsIgnoreCase(event.host, 0, name);
        }
        if (!Addresses.read(event.host, 0, n, address, groups)) {
            return false;
        }
        return (address[0] & maskHigh) == netHigh && (address[1] & maskLow) == netLow;
    }
}
