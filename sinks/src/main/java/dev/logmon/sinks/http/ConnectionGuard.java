package dev.logmon.sinks.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Watches every connection the API's connector opens and closes the ones no well-behaved client
 * would hold:
 *
 * <ul>
 *   <li>more than {@code maxPerAddress} at once from one remote address (closed as they open);</li>
 *   <li>a connection whose request's headers have not all arrived {@code headerDeadlineMs} after it
 *       was accepted (a half-open request, or one trickled a byte at a time, which an idle timeout
 *       alone never ends). Connections serve one request each, so this bounds every request;</li>
 *   <li>with {@code ipv6Only}, an IPv4 client of a socket bound to the IPv6 wildcard (Java opens
 *       such sockets dual-stack and cannot set {@code IPV6_V6ONLY}).</li>
 * </ul>
 *
 * Nothing here holds a thread: one scheduled task per connection, cancelled once its request is
 * being handled.
 */
final class ConnectionGuard implements Connection.Listener {
    private final Scheduler scheduler;
    private final long headerDeadlineMs;
    private final int maxPerAddress;
    private final boolean ipv6Only;
    private final ApiCounters counters;
    // counted with merge/computeIfPresent only: each change is atomic with the removal of a zero entry
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<Connection, Tracked> open = new ConcurrentHashMap<>();

    /** One open connection: where it comes from and its pending deadline. */
    private static final class Tracked {
        final InetAddress from;
        volatile Scheduler.Task deadline;

        Tracked(final InetAddress from) {
            this.from = from;
        }
    }

    ConnectionGuard(final Scheduler scheduler, final long headerDeadlineMs, final int maxPerAddress,
                    final boolean ipv6Only, final ApiCounters counters) {
        this.scheduler = scheduler;
        this.headerDeadlineMs = headerDeadlineMs;
        this.maxPerAddress = maxPerAddress;
        this.ipv6Only = ipv6Only;
        this.counters = counters;
    }

    /** Connections from {@code address} counted open now (the ones beyond the cap included until they close). */
    int openFrom(final InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    @Override
    public void onOpened(final Connection connection) {
        final InetAddress from = remote(connection);
        final Tracked t = new Tracked(from);
        open.put(connection, t);
        if (from != null) {
            final int n = perAddress.merge(from, 1, Integer::sum);
            if (n > maxPerAddress) {
                counters.count(ApiCounters.Reason.PER_ADDRESS);
                connection.getEndPoint().close();
                return;
            }
            if (ipv6Only && from instanceof Inet4Address) {
                counters.count(ApiCounters.Reason.IPV4_ON_IPV6_ONLY);
                connection.getEndPoint().close();
                return;
            }
        }
        t.deadline = scheduler.schedule(() -> expire(connection), headerDeadlineMs, TimeUnit.MILLISECONDS);
    }

    private void expire(final Connection connection) {
        final Tracked t = open.get(connection);
        if (t != null && t.deadline != null) {
            counters.count(ApiCounters.Reason.HEADER_DEADLINE);
            connection.getEndPoint().close();
        }
    }

    /** The connection's request headers were read: its header deadline no longer applies. */
    void requestStarted(final Connection connection) {
        final Tracked t = open.get(connection);
        if (t != null) {
            final Scheduler.Task d = t.deadline;
            t.deadline = null;
            if (d != null) {
                d.cancel();
            }
        }
    }

    @Override
    public void onClosed(final Connection connection) {
        final Tracked t = open.remove(connection);
        if (t == null) {
            return;
        }
        final Scheduler.Task d = t.deadline;
        t.deadline = null;
        if (d != null) {
            d.cancel();
        }
        if (t.from != null) {
            perAddress.computeIfPresent(t.from, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static InetAddress remote(final Connection connection) {
        final SocketAddress a = connection.getEndPoint().getRemoteSocketAddress();
        return a instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}
