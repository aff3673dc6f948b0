package dev.logmon.sinks.notify;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.sinks.Await;
import dev.logmon.sinks.Snapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.logmon.sinks.notify.Receiver.Reply;
import static org.assertj.core.api.Assertions.assertThat;

/** The webhook end to end against a real HTTP server on 127.0.0.1, with a fake clock for waits. */
class WebhookDeliveryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long FIRED = Instant.parse("2026-01-01T00:07:31Z").getEpochSecond();

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final FakeTime time = new FakeTime();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (final AutoCloseable c : toClose) {
            c.close();
        }
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private Receiver receiver(final Reply... replies) throws IOException {
        final Receiver r = new Receiver(replies);
        toClose.add(r);
        return r;
    }

    private DeliveryEngine engine(final String url, final DeliveryPolicy policy, final Sleeper sleeper) {
        final DeliveryEngine e = new DeliveryEngine("webhook", new WebhookTransport(SecretUrl.parse(url),
                policy.timeoutMs(), time), policy, time, sleeper, () -> 0.0, log);
        toClose.add(() -> e.close(0));
        return e;
    }

    private DeliveryEngine engine(final String url) {
        // a generous attempt timeout: these receivers answer at once, and a loaded 2-core machine
        // must not turn a slow answer into an extra retry (tests of the timeout set their own)
        return engine(url, DeliveryPolicy.of(10_000, 600_000, 1_000, 0), time);
    }

    static AlertEvent on(final long second) {
        return new AlertEvent(true, second, second, false, 72.5, 58.125, 10, AlertRuleKind.RELATIVE,
                "High traffic generated an alert - hits = 72.50, triggered at " + Instant.ofEpochSecond(second));
    }

    static AlertEvent repeat(final long second, final long started) {
        return new AlertEvent(true, second, started, true, 70, 58, 10, AlertRuleKind.RELATIVE, "High traffic (repeat)");
    }

    static AlertEvent off(final long second, final long started) {
        return new AlertEvent(false, second, started, false, 50.25, 58.5, 10, AlertRuleKind.RELATIVE,
                "Alert Off - Traffic returned to normal at " + Instant.ofEpochSecond(second));
    }

    static Notification notification(final AlertEvent a) {
        return new Notification(a, false, a.startedAt(), List.of(), List.of(), "mon1", List.of("/var/log/a.log"));
    }

    private static void awaitSettled(final DeliveryEngine e, final long done) {
        Await.until("settled " + done, () -> {
            final DeliveryStats s = e.stats();
            return s.sent() + s.failed() == done && s.pending() == 0;
        });
    }

    @Test
    @Timeout(20)
    void shouldPostFiringThenResolvedWithTheDocumentedBodyAndSkipRepeats() throws IOException {
        final Receiver r = receiver();
        final DeliveryEngine e = engine(r.url("/hook"));
        final NotificationSink sink = new NotificationSink(e, 0, 2, "mon1", List.of("/var/log/a.log", "/x/\u001b[2Jb.log"));

        sink.onSnapshot(Snapshots.withHostsAndSections(
                List.of(new SectionCount("/api", 120, 3, 1), new SectionCount("/img", 80, 0, 0),
                        new SectionCount("/cut", 1, 0, 0)),
                List.of(new HostCount("203.0.113.7", 90_000, 40), new HostCount("2001:db8::1", 50_000, 20))));
        sink.onAlert(on(FIRED));
        sink.onAlert(repeat(FIRED + 10, FIRED));
        sink.onSnapshot(Snapshots.withHostsAndSections(List.of(new SectionCount("/later", 1, 0, 0)), List.of()));
        sink.onAlert(off(FIRED + 150, FIRED));

        awaitSettled(e, 2);
        assertThat(r.delivered).hasSize(2);
        assertThat(r.count.get()).isEqualTo(2);
        final JsonNode firing = JSON.readTree(r.delivered.get(0));
        assertThat(firing.get("version").asInt()).isEqualTo(1);
        assertThat(firing.get("status").asString()).isEqualTo("firing");
        assertThat(firing.get("reminder").asBoolean()).isFalse();
        assertThat(firing.get("startsAt").asString()).isEqualTo("2026-01-01T00:07:31Z");
        assertThat(firing.has("endsAt")).isFalse();
        assertThat(firing.get("avg2m").decimalValue()).isEqualByComparingTo("72.5");
        assertThat(firing.get("lifetimeRate").decimalValue()).isEqualByComparingTo("58.13");
        assertThat(firing.get("threshold").decimalValue()).isEqualByComparingTo("10");
        assertThat(firing.get("rule").asString()).isEqualTo("relative");
        assertThat(firing.get("message").asString()).startsWith("High traffic generated an alert - hits = 72.50");
        assertThat(firing.at("/monitor/host").asString()).isEqualTo("mon1");
        assertThat(firing.at("/monitor/sources/1").asString()).isEqualTo("/x/\u001b[2Jb.log");
        assertThat(firing.at("/topSections").size()).isEqualTo(2);
        assertThat(firing.at("/topSections/0/section").asString()).isEqualTo("/api");
        assertThat(firing.at("/topSections/0/hits").asLong()).isEqualTo(120);
        assertThat(firing.at("/topHosts/1/host").asString()).isEqualTo("2001:db8::1");
        assertThat(firing.at("/topHosts/0/bytes").asLong()).isEqualTo(90_000);
        assertThat(firing.get("text").asString())
                .startsWith("[FIRING] logmon@mon1: High traffic generated an alert - hits = 72.50");
        assertThat(r.delivered.get(0)).doesNotContain("\u001b").isPrintable();

        final JsonNode resolved = JSON.readTree(r.delivered.get(1));
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.get("startsAt").asString()).isEqualTo("2026-01-01T00:07:31Z");
        assertThat(resolved.get("endsAt").asString()).isEqualTo("2026-01-01T00:10:01Z");
        assertThat(resolved.at("/topSections/0/section").asString()).as("the picture when it fired").isEqualTo("/api");
        assertThat(resolved.get("text").asString()).startsWith("[RESOLVED] logmon@mon1: Alert Off");
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 2, 0, 0, 0));
    }

    @Test
    @Timeout(20)
    void shouldSendAReminderOnlyAfterTheRepeatInterval() throws IOException {
        final Receiver r = receiver();
        final DeliveryEngine e = engine(r.url("/hook"));
        final NotificationSink sink = new NotificationSink(e, 30, 5, "mon1", List.of());

        sink.onAlert(on(FIRED));
        for (int s = 10; s <= 70; s += 10) {
            sink.onAlert(repeat(FIRED + s, FIRED));
        }
        sink.onAlert(off(FIRED + 75, FIRED));

        awaitSettled(e, 4);
        assertThat(r.delivered).extracting(b -> JSON.readTree(b).get("status").asString() + "/"
                        + JSON.readTree(b).get("reminder").asBoolean())
                .containsExactly("firing/false", "firing/true", "firing/true", "resolved/false");
    }

    @Test
    @Timeout(20)
    void shouldRetryServerErrorsThenDeliverOnce() throws IOException {
        final Receiver r = receiver(Reply.code(503), Reply.code(500));
        final DeliveryEngine e = engine(r.url("/hook"));

        e.offer(notification(on(FIRED)));

        awaitSettled(e, 1);
        assertThat(r.count.get()).isEqualTo(3);
        assertThat(r.delivered).hasSize(1);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 1, 2, 0, 0));
        assertThat(time.sleeps).as("exponential backoff, jitter at its low end").containsExactly(250L, 500L);
        assertThat(log()).contains("HTTP 503").contains("HTTP 500");
    }

    @Test
    @Timeout(20)
    void shouldRetryRefusedConnectionsUntilTheReceiverComesUp() throws IOException {
        final int port;
        try (Receiver probe = new Receiver()) {
            port = probe.port();
        }
        final DeliveryEngine e = engine("http://127.0.0.1:" + port + "/hook");
        final List<Receiver> started = new ArrayList<>();
        time.afterSleep = () -> {
            if (time.sleeps.size() == 3) {
                try {
                    final Receiver late = new Receiver(port);
                    started.add(late);
                    toClose.add(late);
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        };

        e.offer(notification(on(FIRED)));

        awaitSettled(e, 1);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 1, 3, 0, 0));
        assertThat(started.get(0).delivered).hasSize(1);
        assertThat(log()).contains("connection refused");
    }

    @Test
    @Timeout(20)
    void shouldHonourRetryAfterOnTooManyRequests() throws IOException {
        final Receiver r = receiver(new Reply(429, Map.of("Retry-After", "7"), "slow down", false));
        final DeliveryEngine e = engine(r.url("/hook"));

        e.offer(notification(on(FIRED)));

        awaitSettled(e, 1);
        assertThat(time.sleeps).containsExactly(7_000L);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 1, 1, 0, 0));
        assertThat(log()).contains("HTTP 429 (Retry-After 7 s)");
    }

    @Test
    @Timeout(20)
    void shouldNotRetryAClientErrorAndLogItsBodyTruncatedAndEscaped() throws IOException {
        final String body = "bad payload \u001b[31m" + "x".repeat(300) + "END";
        final Receiver r = receiver(new Reply(400, Map.of(), body, false));
        final DeliveryEngine e = engine(r.url("/hook"));

        e.offer(notification(on(FIRED)));

        awaitSettled(e, 1);
        assertThat(r.count.get()).isEqualTo(1);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 0, 0, 1, 0));
        assertThat(time.sleeps).isEmpty();
        assertThat(log()).contains("HTTP 400: bad payload \\x1b[31mxxx").contains("...")
                .doesNotContain("END").doesNotContain("\u001b");
    }

    @Test
    @Timeout(20)
    void shouldTimeOutAHangingReceiverAndRetry() throws IOException {
        final Receiver r = receiver(Reply.hanging());
        final DeliveryEngine e = engine(r.url("/hook"), DeliveryPolicy.of(1_000, 600_000, 1_000, 0), time);

        e.offer(notification(on(FIRED)));

        awaitSettled(e, 1);
        assertThat(r.count.get()).isEqualTo(2);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 1, 1, 0, 0));
        assertThat(log()).contains("within 1000 ms");
    }

    @Test
    @Timeout(20)
    void shouldGiveUpAfterTheDeadlineAndGoOnWithTheNextNotification() throws IOException {
        final Reply[] failing = new Reply[100];
        java.util.Arrays.fill(failing, Reply.code(502));
        final Receiver r = receiver(failing);
        final DeliveryEngine e = engine(r.url("/hook"));

        e.offer(notification(on(FIRED)));
        awaitSettled(e, 1);
        final DeliveryStats afterFirst = e.stats();
        final int attempts = r.count.get();

        assertThat(afterFirst.failed()).isEqualTo(1);
        assertThat(afterFirst.sent()).isZero();
        assertThat(time.sleptTotal()).isLessThanOrEqualTo(600_000).isGreaterThan(500_000);
        assertThat(time.sleeps).allMatch(ms -> ms <= 30_000);
        assertThat(attempts).isLessThan(100);
        assertThat(log()).contains("gave up on the firing notification of 2026-01-01T00:07:31Z after " + attempts
                + " attempts");

        r.clearScript();
        e.offer(notification(off(FIRED + 200, FIRED)));
        awaitSettled(e, 2);
        assertThat(e.stats().sent()).isEqualTo(1);
    }

    @Test
    @Timeout(20)
    void shouldDeliverTransitionsInOrderWhileRetrying() throws IOException {
        final Receiver r = receiver(Reply.code(503), Reply.code(503), Reply.code(503));
        final DeliveryEngine e = engine(r.url("/hook"));

        for (int i = 0; i < 3; i++) {
            final long start = FIRED + i * 1000L;
            e.offer(notification(on(start)));
            e.offer(notification(off(start + 200, start)));
        }

        awaitSettled(e, 6);
        assertThat(r.delivered).extracting(b -> JSON.readTree(b).get("status").asString() + "@"
                        + JSON.readTree(b).get("startsAt").asString())
                .containsExactly(
                        "firing@2026-01-01T00:07:31Z", "resolved@2026-01-01T00:07:31Z",
                        "firing@2026-01-01T00:24:11Z", "resolved@2026-01-01T00:24:11Z",
                        "firing@2026-01-01T00:40:51Z", "resolved@2026-01-01T00:40:51Z");
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 6, 3, 0, 0));
    }

    @Test
    @Timeout(20)
    void shouldNeverPrintTheUrlOrItsToken() throws IOException {
        final Receiver r = receiver(new Reply(404, Map.of(), "no hook at /services/T000/B000/SECRETTOKEN?k=abc", false));
        final String url = r.url("/services/T000/B000/SECRETTOKEN?k=abc");
        final DeliveryEngine e = engine(url);

        e.offer(notification(on(FIRED)));
        awaitSettled(e, 1);

        assertThat(SecretUrl.parse(url).toString()).isEqualTo("http://127.0.0.1");
        assertThat(e.stats().toString()).doesNotContain("SECRET");
        assertThat(log()).contains("webhook to http://127.0.0.1: rejected").contains("HTTP 404")
                .doesNotContain("SECRETTOKEN").doesNotContain("T000");
    }

    @Test
    @Timeout(20)
    void shouldCountWhatIsStillPendingAtTheEndOfTheGracePeriodAsFailed() throws IOException {
        final Reply[] failing = new Reply[1000];
        java.util.Arrays.fill(failing, Reply.code(503));
        final Receiver r = receiver(failing);
        final DeliveryPolicy policy = new DeliveryPolicy(1_000, 600_000, 200, 0, 10, 20, 40);
        final DeliveryEngine e = engine(r.url("/hook"), policy, Sleeper.SYSTEM);

        e.offer(notification(on(FIRED)));
        e.offer(notification(off(FIRED + 200, FIRED)));
        Await.until("first attempt", () -> r.count.get() > 0);

        assertThat(e.close(200)).isFalse();
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 0, e.stats().retried(), 2, 0));
        assertThat(log()).contains("2 notification(s) not delivered");
        assertThat(e.offer(notification(on(FIRED + 500)))).isFalse();
    }

    @Test
    @Timeout(20)
    void shouldDeliverWhatIsPendingWithinTheGracePeriod() throws IOException {
        final Receiver r = receiver(Reply.code(503));
        final DeliveryPolicy policy = new DeliveryPolicy(1_000, 600_000, 5_000, 0, 10, 20, 40);
        final DeliveryEngine e = engine(r.url("/hook"), policy, Sleeper.SYSTEM);

        e.offer(notification(on(FIRED)));
        e.offer(notification(off(FIRED + 200, FIRED)));

        assertThat(e.close(5_000)).isTrue();
        assertThat(r.delivered).hasSize(2);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 2, 1, 0, 0));
    }

    @Test
    @Timeout(20)
    void shouldRefuseNewNotificationsWhenTheQueueIsFullWithoutWaiting() throws IOException {
        final Receiver r = receiver(Reply.hanging());
        final DeliveryPolicy policy = new DeliveryPolicy(5_000, 600_000, 0, 0, 2, 20, 40);
        final DeliveryEngine e = engine(r.url("/hook"), policy, time);

        e.offer(notification(on(FIRED)));
        Await.until("first in flight", () -> r.count.get() == 1);
        assertThat(e.offer(notification(off(FIRED + 1, FIRED)))).isTrue();
        assertThat(e.offer(notification(on(FIRED + 2)))).isTrue();
        assertThat(e.offer(notification(off(FIRED + 3, FIRED + 2)))).isFalse();

        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 0, 0, 1, 3));
        assertThat(log()).contains("queue full");
    }
}
