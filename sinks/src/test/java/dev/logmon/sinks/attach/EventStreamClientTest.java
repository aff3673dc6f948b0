package dev.logmon.sinks.attach;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.sinks.Await;
import dev.logmon.sinks.http.HttpApiServer;
import dev.logmon.sinks.http.HttpApiSink;
import dev.logmon.sinks.http.HttpApiTest;
import dev.logmon.sinks.json.SnapshotJson;
import dev.logmon.sinks.notify.Sleeper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class EventStreamClientTest {

    /** Remembers what it was given, in order. */
    static final class Recorder implements SnapshotListener {
        final List<Object> got = new CopyOnWriteArrayList<>();

        @Override
        public void onSnapshot(final Snapshot snapshot) {
            got.add(snapshot);
        }

        @Override
        public void onAlert(final AlertEvent alert) {
            got.add(alert);
        }
    }

    private static String sse(final String event, final byte[] json) {
        return "event: " + event + "\ndata: " + new String(json, StandardCharsets.UTF_8) + "\n\n";
    }

    /** A scripted connector: each open() takes the next script, a list of lines or an exception. */
    private static final class FakeConnector implements EventStreamClient.Connector {
        final Deque<Object> scripts = new ArrayDeque<>();
        int opened;

        @Override
        public EventStreamClient.Lines open() throws IOException {
            opened++;
            final Object next = scripts.pollFirst();
            if (next instanceof IOException e) {
                throw e;
            }
            final Deque<String> lines = new ArrayDeque<>(List.of(((String) next).split("\n", -1)));
            return new EventStreamClient.Lines() {
                @Override
                public String next() {
                    return lines.pollFirst();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void shouldReconnectWithGrowingBackoffAndReportTheStateUntilConnectedAgain() {
        final FakeConnector connector = new FakeConnector();
        final Recorder recorder = new Recorder();
        final List<String> states = Collections.synchronizedList(new ArrayList<>());
        final List<Long> waits = new ArrayList<>();
        final EventStreamClient[] client = new EventStreamClient[1];
        connector.scripts.add(sse("snapshot", SnapshotJson.snapshotBytes(HttpApiTest.snapshot(100, 1, false), 10, true))
                + ": keep-alive\n\n" + sse("alert", SnapshotJson.alertBytes(HttpApiTest.alert(100, true))));
        connector.scripts.add(new ConnectException("Connection refused"));
        connector.scripts.add(new ConnectException("Connection refused"));
        connector.scripts.add(new IOException("HTTP 401: the token was refused or is missing"));
        connector.scripts.add(sse("snapshot", SnapshotJson.snapshotBytes(HttpApiTest.snapshot(200, 9, true), 10, true))
                + "event: snapshot\ndata: {broken\n\n");
        client[0] = new EventStreamClient(connector, recorder, states::add, 100, 1_000, ms -> {
            waits.add(ms);
            if (connector.scripts.isEmpty()) {
                client[0].stop();
            }
        }, () -> 0.999);

        client[0].run();

        assertThat(recorder.got).hasSize(3);
        assertThat(((Snapshot) recorder.got.get(0)).second()).isEqualTo(100);
        assertThat(((AlertEvent) recorder.got.get(1)).on()).isTrue();
        assertThat(((Snapshot) recorder.got.get(2)).second()).isEqualTo(200);
        assertThat(client[0].badEvents()).isEqualTo(1);
        assertThat(states).containsExactly(null,
                "reconnecting (the service ended the stream)",
                "reconnecting (connection refused)",
                "reconnecting (connection refused)",
                "reconnecting (HTTP 401: the token was refused or is missing)",
                null,
                "reconnecting (the service ended the stream)");
        // after a connection the backoff starts over; each failure doubles it, up to the maximum
        assertThat(waits).hasSize(5);
        assertThat(waits.get(0)).isBetween(50L, 100L);
        assertThat(waits.get(1)).isBetween(100L, 200L);
        assertThat(waits.get(2)).isBetween(200L, 400L);
        assertThat(waits.get(3)).isBetween(400L, 800L);
        assertThat(waits.get(4)).isBetween(50L, 100L);
    }

    @Test
    void shouldFollowARestartedServiceOnTheSamePort() throws Exception {
        HttpApiSink sink = new HttpApiSink(10);
        HttpApiServer server = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), sink, null);
        final int port = server.address().getPort();
        final Recorder recorder = new Recorder();
        final List<String> states = new CopyOnWriteArrayList<>();
        final EventStreamClient client = new EventStreamClient(
                new HttpEventConnector(URI.create("http://127.0.0.1:" + port), null), recorder, states::add,
                20, 200, Sleeper.SYSTEM, () -> 0.5);
        final Thread t = new Thread(client, "attach-under-test");
        t.setDaemon(true);
        t.start();
        try {
            final HttpApiSink first = sink;
            Await.until("connected", () -> first.clients() == 1);
            sink.onSnapshot(HttpApiTest.snapshot(100, 1, false));
            Await.until("first snapshot", () -> recorder.got.size() == 1);

            sink.onSnapshot(HttpApiTest.snapshot(101, 2, true));
            sink.close();
            server.close();
            Await.until("the final snapshot, then reconnecting",
                    () -> recorder.got.size() == 2 && states.stream().anyMatch(s -> s != null && s.startsWith("reconnecting")));
            assertThat(((Snapshot) recorder.got.get(1)).last()).isTrue();

            sink = new HttpApiSink(10);
            server = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), sink, null);
            sink.onSnapshot(HttpApiTest.snapshot(300, 7, false));
            Await.until("the restarted service's snapshot", () -> recorder.got.size() == 3);

            assertThat(((Snapshot) recorder.got.get(2)).second()).isEqualTo(300);
            assertThat(states.get(states.size() - 1)).isNull();
        } finally {
            client.stop();
            sink.close();
            server.close();
        }
    }
}
