package dev.logmon.cli;

import dev.logmon.core.TextSafety;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code --listen}: {@code IPV4:PORT}, {@code [IPV6]:PORT} or {@code localhost:PORT}, port
 * 0 (any free port) to 65535. Only address literals and localhost are taken, so parsing never
 * waits for a name lookup, and a service binds exactly where it was told.
 */
final class ListenAddress {
    /** Loopback only: nothing outside this machine can reach the API unless asked for. */
    static final String DEFAULT = "127.0.0.1:9900";

    private static final Pattern FORM = Pattern.compile("^(?:\\[([0-9A-Fa-f:.]+)]|([0-9.]+|localhost)):([0-9]{1,5})$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");

    private ListenAddress() {
    }

    /** The address, or null after adding one message to {@code problems}. */
    static InetSocketAddress parse(final String text, final List<String> problems) {
        final Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            problems.add("--listen must be ADDRESS:PORT such as 127.0.0.1:9900, [::1]:9900 or 0.0.0.0:9900: "
                    + TextSafety.oneLine(text));
            return null;
        }
        final int port = Integer.parseInt(m.group(3));
        if (port > 65_535) {
            problems.add("--listen port must be between 0 and 65535: " + TextSafety.oneLine(text));
            return null;
        }
        final String host = m.group(1) != null ? m.group(1) : m.group(2);
        if (m.group(2) != null && !"localhost".equals(host) && !IPV4.matcher(host).matches()) {
            problems.add("--listen address is not an IPv4 address: " + TextSafety.oneLine(text));
            return null;
        }
        try {
            // literals and localhost only: no lookup leaves the machine
            final InetAddress address = "localhost".equals(host) ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName(host);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException | RuntimeException e) {
            problems.add("--listen address is not an IP address: " + TextSafety.oneLine(text));
            return null;
        }
    }
}
