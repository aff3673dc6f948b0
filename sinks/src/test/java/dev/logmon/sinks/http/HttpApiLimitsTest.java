package dev.logmon.sinks.http;

import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.sinks.Await;
import dev.logmon.sinks.Snapshots;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API's limits with real sockets on loopback: the header deadline, the cap per remote address,
 * places kept for {@code /events} clients that keep up, the address families, and label escaping.
 * Clients that misbehave connect from other loopback addresses (127.0.0.0/8 is all local on
 * Linux), so the per-address cap applies to them and not to the well-behaved client.
 */
@Timeout(120)
class HttpApiLimitsTest {
    private final List<Socket> sockets = new ArrayList<>();
    private HttpApiSink sink;
    private HttpApiServer server;

    @AfterEach
    void stop() throws IOException {
        for (final Socket s : sockets) {
            s.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(final HttpApiSink s, final InetSocketAddress at, final boolean dualStack, final ApiLimits limits)
            throws IOException {
        sink = s;
        server = HttpApiServer.start(at, dualStack, sink, null, limits);
    }

    private void startOnLoopback(final HttpApiSink s, final ApiLimits limits) throws IOException {
        start(s, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false, limits);
    }

    /** A raw client from {@code from}, with a small receive buffer; closed after the test. */
    private Socket connect(final String from, final InetSocketAddress to) throws IOException {
        final Socket s = new Socket();
        sockets.add(s);
        s.setReceiveBufferSize(4096);
        if (from != null) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        }
        s.connect(to, 5_000);
        return s;
    }

    private InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.address().getPort());
    }

    private static void send(final Socket s, final String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Reads until the server closes; the text, or what came before a reset. */
    private static String readToEnd(final Socket s, final long timeoutMs) throws IOException {
        s.setSoTimeout((int) timeoutMs);
        final StringBuilder out = new StringBuilder();
        final byte[] buf = new byte[8192];
        try {
            final InputStream in = s.getInputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close within " + timeoutMs + " ms; read: " + out, e);
        } catch (IOException reset) {
            // a reset also ends it
        }
        return out.toString();
    }

    /** One whole GET from {@code from}; the status line and body. */
    private String get(final String from, final InetSocketAddress to, final String path) throws IOException {
        try (Socket s = connect(from, to)) {
            send(s, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return readToEnd(s, 10_000);
        }
    }

    @Test
    void shouldCloseHalfOpenRequestsAtTheHeaderDeadlineWhileAnsweringOthers() throws Exception {
        startOnLoopback(new HttpApiSink(10), ApiLimits.DEFAULTS.withHeaderDeadlineMs(1_500));
        final List<Socket> halfOpen = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            final Socket s = connect("127.0.0." + (2 + i % 4), loopback());
            send(s, "GET /health HTTP/1.1\r\nHost: x\r\n");
            halfOpen.add(s);
        }
        final long opened = System.nanoTime();

        final List<Long> latenciesMs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            final long t0 = System.nanoTime();
            assertThat(get("127.0.0.1", loopback(), "/health")).startsWith("HTTP/1.1 200 ").contains("\"status\":\"ok\"");
            latenciesMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        for (final Socket s : halfOpen) {
            assertThat(readToEnd(s, 15_000)).as("a half-open request gets no answer, only a close").isEmpty();
        }
        final long allClosedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);

        Collections.sort(latenciesMs);
        assertThat(latenciesMs.get(latenciesMs.size() / 2)).as("median ms of /health beside 40 half-open requests: %s",
                latenciesMs).isLessThan(1_000);
        assertThat(allClosedMs).as("ms until every half-open request was closed (deadline 1,500)").isBetween(1_000L, 15_000L);
        assertThat(get("127.0.0.1", loopback(), "/metrics"))
                .contains("logmon_api_connections_closed_total{reason=\"header_deadline\"} 40.0");
    }

    @Test
    void shouldCloseConnectionsBeyondTheCapOfTheirAddressOnly() throws Exception {
        startOnLoopback(new HttpApiSink(10), ApiLimits.DEFAULTS.withMaxConnectionsPerAddress(4));
        for (int i = 0; i < 4; i++) {
            send(connect("127.0.0.9", loopback()), "GET /health HTTP/1.1\r\n");
        }
        // a connect returns once the kernel has the connection, before Jetty accepts it: without this
        // wait the fifth could be accepted before the fourth, and the fourth be the one closed
        final InetAddress from = InetAddress.getByName("127.0.0.9");
        Await.until("four connections from 127.0.0.9 accepted", () -> server.connectionsFrom(from) == 4);
        final Socket fifth = connect("127.0.0.9", loopback());
        send(fifth, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(readToEnd(fifth, 10_000)).as("the fifth connection from one address is closed unanswered").isEmpty();
        assertThat(get("127.0.0.10", loopback(), "/health")).startsWith("HTTP/1.1 200 ");
        assertThat(get("127.0.0.1", loopback(), "/metrics"))
                .contains("logmon_api_connections_closed_total{reason=\"per_address\"} 1.0");
    }

    private static Snapshot bigSnapshot(final int i) {
        final List<SectionCount> sections = new ArrayList<>();
        final List<HostCount> hosts = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            sections.add(new SectionCount("/section-with-a-long-name-" + k + "-" + i, 1000 - k, 0, 0));
            hosts.add(new HostCount("host-with-a-long-name-" + k + ".example.org", 100_000 - k, 10));
        }
        final WindowView w = Snapshots.window(10, 100, 10, sections, hosts);
        final Snapshot base = Snapshots.snapshot(w, w, w);
        return new Snapshot(1_000 + i, false, base.lines(), w, w, w, base.alert(), 0, base.sources(), base.deliveries());
    }

    /** Opens an {@code /events} stream that is never read. */
    private Socket idleEventsClient(final String from) throws IOException {
        final Socket s = connect(from, loopback());
        send(s, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        return s;
    }

    @Test
    void shouldGiveTheirPlacesToNewClientsOnlyWhenClientsFallBehind() throws Exception {
        // two places; clients that fall behind are never dropped for it here, so only eviction ends them
        startOnLoopback(new HttpApiSink(100, 4, 1_000_000, 60_000, 600_000, 2), ApiLimits.DEFAULTS);
        final Socket idleA = idleEventsClient("127.0.0.21");
        final Socket idleB = idleEventsClient("127.0.0.22");
        Await.until("two idle clients", () -> sink.clients() == 2);
        int i = 0;
        // a third client while both keep up (their kernel buffers still take everything): no place
        sink.onSnapshot(bigSnapshot(i++));
        assertThat(get("127.0.0.1", loopback(), "/events")).startsWith("HTTP/1.1 503 ");
        assertThat(sink.refusedClients()).isEqualTo(1);
        // then they stop taking snapshots: their buffers fill and their writes stay pending
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sink.droppedSnapshots() < 20 && System.nanoTime() < deadline) {
            sink.onSnapshot(bigSnapshot(i++ % 50));
        }
        assertThat(sink.droppedSnapshots()).as("snapshots dropped for the idle clients").isGreaterThanOrEqualTo(20);
        // once a write has been pending for a second, a new client takes that client's place
        assertThat(eventsAsSoonAsAPlaceFrees("127.0.0.1", deadline)).as("a new client got a lagging client's place")
                .isNotNull();
        Await.until("one lagging client evicted", () -> sink.evictedClients() == 1);
        assertThat(eventsAsSoonAsAPlaceFrees("127.0.0.1", deadline)).as("and another one the other's").isNotNull();
        Await.until("both lagging clients evicted", () -> sink.evictedClients() == 2);
        readToEnd(idleA, 10_000);
        readToEnd(idleB, 10_000);

        // the two new clients keep up (nothing new to send them): a fifth client finds no place
        assertThat(get("127.0.0.1", loopback(), "/events")).startsWith("HTTP/1.1 503 ");
        assertThat(sink.evictedClients()).isEqualTo(2);
        assertThat(sink.clients()).isEqualTo(2);
    }

    /** An {@code /events} stream opened as soon as one answers 200 (polling while it answers 503), or null. */
    private Socket eventsAsSoonAsAPlaceFrees(final String from, final long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            final Socket s = connect(from, loopback());
            send(s, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
            s.setSoTimeout(10_000);
            if ("HTTP/1.1 200 OK".equals(new String(s.getInputStream().readNBytes(15), StandardCharsets.US_ASCII))) {
                return s;
            }
            s.close();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return null;
    }

    @Test
    void shouldListenOnIpv4OnlyForAnIpv4Wildcard() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here: skipping");
        start(new HttpApiSink(10), new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), false, ApiLimits.DEFAULTS);
        final int port = server.address().getPort();

        assertThat(server.address().getAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(get(null, new InetSocketAddress("127.0.0.1", port), "/health")).startsWith("HTTP/1.1 200 ");
        assertThatThrownBy(() -> get(null, new InetSocketAddress("::1", port), "/health"))
                .as("nothing listens on IPv6").isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldTakeIpv6ClientsOnlyForAnIpv6WildcardUnlessDualStackIsAsked() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here: skipping");
        start(new HttpApiSink(10), new InetSocketAddress(InetAddress.getByName("::"), 0), false, ApiLimits.DEFAULTS);
        final int port = server.address().getPort();

        assertThat(get(null, new InetSocketAddress("::1", port), "/health")).startsWith("HTTP/1.1 200 ");
        assertThat(get(null, new InetSocketAddress("127.0.0.1", port), "/health")).as("an IPv4 client is closed unanswered")
                .isEmpty();
        assertThat(get(null, new InetSocketAddress("::1", port), "/metrics"))
                .contains("logmon_api_connections_closed_total{reason=\"ipv4_on_ipv6_only\"} 1.0");
        sink.close();
        server.close();

        start(new HttpApiSink(10), new InetSocketAddress(InetAddress.getByName("::"), 0), true, ApiLimits.DEFAULTS);
        final int dual = server.address().getPort();
        assertThat(get(null, new InetSocketAddress("::1", dual), "/health")).startsWith("HTTP/1.1 200 ");
        assertThat(get(null, new InetSocketAddress("127.0.0.1", dual), "/health")).startsWith("HTTP/1.1 200 ");
    }

    private static boolean ipv6Loopback() {
        try {
            final NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
            return lo != null && lo.inetAddresses().anyMatch(a -> a instanceof Inet6Address);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void shouldEscapeControlAndBidiCharactersOfFileNamesInMetricLabels() throws Exception {
        startOnLoopback(new HttpApiSink(10), ApiLimits.DEFAULTS);
        final Snapshot base = HttpApiTest.snapshot(100, 5, false);
        final String evil = "/var/log/a\u001b[2Jb\u0007c\u202ed.log";
        sink.onSnapshot(new Snapshot(base.second(), false, base.lines(), base.tenSeconds(), base.twoMinutes(),
                base.lifetime(), base.alert(), 0, List.of(new SourceStatus(evil, SourceState.FOLLOWING, 1, 2, 0, 0)),
                base.deliveries()));

        final String metrics = get("127.0.0.1", loopback(), "/metrics");

        assertThat(metrics).doesNotContain("\u001b").doesNotContain("\u0007")
                .doesNotContain(new String("\u202e".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .contains("logmon_source_lag_bytes{source=\"/var/log/a\\\\x1b[2Jb\\\\x07c\\\\u202ed.log\"} 1.0");
    }
}
