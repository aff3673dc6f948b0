package dev.logmon.cli.options;

import dev.logmon.core.text.TextSafety;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code --listen}: {@code IPV4:PORT}, {@code [IPV6]:PORT}, {@code localhost:PORT} or
 * {@code *:PORT}, port 0 (any free port) to 65535. Only address literals and localhost are taken,
 * so parsing never waits for a name lookup, and a service binds exactly where it was told: an IPv4
 * address on IPv4 only ({@code 0.0.0.0} is every IPv4 address, never IPv6 too), an IPv6 address on
 * IPv6 only, and {@code *} on both (the IPv6 wildcard, dual-stack), the one form that asks for both.
 */
public final class ListenAddress {
    /** Loopback only: nothing outside this machine can reach the API unless asked for. */
    static final String DEFAULT = "127.0.0.1:9900";

    private static final Pattern FORM = Pattern.compile("^(?:\\[([0-9A-Fa-f:.]+)]|([0-9.]+|localhost|\\*)):([0-9]{1,5})$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");

    private static final InetAddress ANY6;

    static {
        try {
            ANY6 = InetAddress.getByAddress(new byte[16]);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ListenAddress() {
    }

    /** The URL of the API: IPv6 in its short form ({@code [::1]}, never {@code [0:0:0:0:0:0:0:1]}). */
    public static String url(final InetSocketAddress bound) {
        final InetAddress a = bound.getAddress();
        return "http://" + (a instanceof Inet6Address ? "[" + shortIpv6(a.getAddress()) + "]" : a.getHostAddress())
                + ":" + bound.getPort();
    }

    /** What a wildcard address covers, in words; null for any other address. */
    public static String scope(final InetSocketAddress bound, final boolean dualStack) {
        final InetAddress a = bound.getAddress();
        if (!a.isAnyLocalAddress()) {
            return null;
        }
        return dualStack ? "every IPv4 and IPv6 address of this machine"
                : a instanceof Inet6Address ? "every IPv6 address of this machine, IPv4 clients are closed"
                : "every IPv4 address of this machine";
    }

    /** The URL, and the scope of a wildcard in parentheses. */
    public static String describe(final InetSocketAddress bound, final boolean dualStack) {
        final String scope = scope(bound, dualStack);
        return url(bound) + (scope == null ? "" : " (" + scope + ")");
    }

    /** RFC 5952: lower-case hex, leading zeros dropped, the longest run of two or more zero groups as {@code ::}. */
    static String shortIpv6(final byte[] a) {
        final int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    /** What {@code --listen} asked for: the address, and whether IPv4 and IPv6 are both taken. */
    record Parsed(InetSocketAddress address, boolean dualStack) {
    }

    /** The address, or null after adding one message to {@code problems}. */
    static Parsed parse(final String text, final List<String> problems) {
        final Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            problems.add("--listen must be ADDRESS:PORT such as 127.0.0.1:9900, [::1]:9900, 0.0.0.0:9900 or *:9900: "
                    + TextSafety.oneLine(text));
            return null;
        }
        final int port = Integer.parseInt(m.group(3));
        if (port > 65_535) {
            problems.add("--listen port must be between 0 and 65535: " + TextSafety.oneLine(text));
            return null;
        }
        final String host = m.group(1) != null ? m.group(1) : m.group(2);
        if ("*".equals(host)) {
            return new Parsed(new InetSocketAddress(ANY6, port), true);
        }
        if (m.group(2) != null && !"localhost".equals(host) && !IPV4.matcher(host).matches()) {
            problems.add("--listen address is not an IPv4 address: " + TextSafety.oneLine(text));
            return null;
        }
        try {
            // literals and localhost only: no lookup leaves the machine
            final InetAddress address = "localhost".equals(host) ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName(host);
            return new Parsed(new InetSocketAddress(address, port), false);
        } catch (UnknownHostException | RuntimeException e) {
            problems.add("--listen address is not an IP address: " + TextSafety.oneLine(text));
            return null;
        }
    }
}
