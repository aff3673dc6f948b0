package dev.logmon.sinks.notify;

import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.sinks.Await;
import dev.logmon.sinks.Snapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flapping and storms (RELIABILITY rows 30 and 31) on a scripted clock: the seconds are those of
 * the alert events and snapshots, as the combiner would publish them; the real {@link AlertRule}
 * makes the events from a scripted 2-minute hit count.
 */
@Timeout(20)
class NotificationHoldTest {
    private static final long T0 = 1_767_225_600L; // 2026-01-01T00:00:00Z
    private static final long HOLD = 120;

    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private final DeliveryEngine engine = new DeliveryEngine("webhook", new Transport() {
        @Override
        public Attempt send(final Notification n) {
            sent.add(n);
            return Attempt.delivered();
        }

        @Override
        public String redactedTarget() {
            return "test://";
        }
    }, DeliveryPolicy.of(1_000, 60_000, 1_000, 0), System::currentTimeMillis, Thread::sleep, () -> 0.0,
            new PrintStream(OutputStream.nullOutputStream()));

    @AfterEach
    void close() {
        engine.close(0);
    }

    private static AlertEvent on(final long second) {
        return new AlertEvent(true, second, second, false, 12, 0, 10, AlertRuleKind.ABSOLUTE, "High traffic at " + second);
    }

    private static AlertEvent off(final long second, final long started) {
        return new AlertEvent(false, second, started, false, 9, 0, 10, AlertRuleKind.ABSOLUTE, "Alert Off at " + second);
    }

    private static Snapshot at(final long second, final long hits2m, final boolean last) {
        final WindowView w = Snapshots.window(120, hits2m, hits2m / 120.0, List.of(), List.of());
        return new Snapshot(second, last, Snapshots.lines(), w, w, w,
                new AlertStatus(false, 10, AlertRuleKind.ABSOLUTE, 0, 0), 0, List.of(), List.of());
    }

    /** Drives the real rule once a second from a script of 2-minute hit counts; snapshots every 10 s. */
    private static void drive(final NotificationSink sink, final long[] hits2m) {
        final AlertRule rule = new AlertRule(AlertRuleKind.ABSOLUTE, 10, 0);
        for (int i = 0; i < hits2m.length; i++) {
            final long s = T0 + i;
            final AlertEvent e = rule.evaluate(s, hits2m[i], 0, AlertRule.WINDOW_SECONDS + i);
            if (e != null) {
                sink.publishAlert(e);
            }
            if (s % 10 == 0) {
                sink.publishSnapshot(at(s, hits2m[i], false));
            }
        }
    }

    private List<String> settled(final long count) {
        Await.until(count + " notifications", () -> engine.stats().sent() == count && engine.stats().pending() == 0);
        final List<String> out = new ArrayList<>();
        for (final Notification n : sent) {
            out.add(n.status() + "@" + ((n.firing() ? n.startsAt() : n.endsAt()) - T0) + "/" + n.flaps());
        }
        return out;
    }

    private static AlertEvent named(final String name, final boolean on, final long second) {
        return new AlertEvent(on, second, T0, false, 5, 1, 0.05, AlertRuleKind.ERROR_RATIO,
                "Alert " + name + (on ? " firing" : " off"), name, 0.2);
    }

    @Test
    void shouldFollowEachNamedRuleOnItsOwnAndCarryItsNameInThePayload() {
        final NotificationSink sink = new NotificationSink(engine, 0, 0, 3, "mon", List.of());
        sink.publishAlert(on(T0));
        sink.publishAlert(named("5xx", true, T0 + 1)); // a second rule firing while the first fires
        sink.publishAlert(named("slow", true, T0 + 2));
        sink.publishAlert(named("5xx", false, T0 + 3));
        sink.publishAlert(off(T0 + 4, T0));

        settled(5);
        final List<String> got = new ArrayList<>();
        for (final Notification n : sent) {
            got.add(n.status() + ":" + n.alert().name());
        }
        assertThat(got).containsExactly("firing:null", "firing:5xx", "firing:slow", "resolved:5xx",
                "resolved:null");
        final String body = new String(WebhookPayload.write(sent.get(1)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).contains("\"rule\":\"error-ratio\"", "\"name\":\"5xx\"", "\"value\":0.2");
        assertThat(AlertText.summary(sent.get(1))).contains("Alert 5xx firing", "(rule 5xx, error-ratio)");
        assertThat(AlertText.mailBody(sent.get(1))).contains("rule:", "5xx (error-ratio)", "measured:");
    }

    @Test
    void shouldSendOneFiringAndOneResolvedForAnAlertFlippingEverySecondForTenMinutes() {
        final NotificationSink sink = new NotificationSink(engine, 0, HOLD, 3, "mon", List.of());
        final long[] hits = new long[900];
        for (int i = 0; i < hits.length; i++) {
            // 1201 hits (avg 10.01 > 10) on even seconds, 1200 (avg 10, not above) on odd ones, for 10 minutes
            hits[i] = i < 600 ? (i % 2 == 0 ? 1_201 : 1_200) : 600;
        }
        drive(sink, hits);

        final List<String> got = settled(2);
        assertThat(got).as("the rule flipped 600 times; the receiver hears of one alert")
                .containsExactly("firing@0/0", "resolved@599/299");
        assertThat(engine.stats()).isEqualTo(new DeliveryStats("webhook", 2, 0, 0, 0));
    }

    @Test
    void shouldSendEveryTransitionWhenTheResolvedPeriodsOutlastTheHold() {
        final NotificationSink sink = new NotificationSink(engine, 0, HOLD, 3, "mon", List.of());
        final long[] hits = new long[1_000];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = (i / 300) % 2 == 0 ? 2_000 : 600; // 300 s on, 300 s off: each off period outlasts the hold
        }
        drive(sink, hits);
        sink.publishSnapshot(at(T0 + 1_000, 600, true));

        assertThat(settled(4)).containsExactly("firing@0/0", "resolved@300/0", "firing@600/0", "resolved@900/0");
    }

    @Test
    void shouldSendAHeldResolveAtTheFirstIdleSnapshotAtTheFinalSnapshotOrAtFlush() {
        final NotificationSink idle = new NotificationSink(engine, 0, HOLD, 3, "mon", List.of());
        idle.publishAlert(on(T0));
        settled(1);
        idle.publishAlert(off(T0 + 50, T0));
        idle.publishSnapshot(at(T0 + 60, 5, false));
        assertThat(idle.stats().pending()).as("held: counted pending").isEqualTo(1);
        idle.publishSnapshot(at(T0 + 70, 0, false));
        assertThat(settled(2)).containsExactly("firing@0/0", "resolved@50/0");

        final NotificationSink last = new NotificationSink(engine, 0, HOLD, 3, "mon", List.of());
        last.publishAlert(on(T0 + 1_000));
        last.publishAlert(off(T0 + 1_010, T0 + 1_000));
        last.publishSnapshot(at(T0 + 1_011, 50, true));
        assertThat(settled(4)).endsWith("resolved@1010/0");

        final NotificationSink flushed = new NotificationSink(engine, 0, HOLD, 3, "mon", List.of());
        flushed.publishAlert(on(T0 + 2_000));
        flushed.publishAlert(off(T0 + 2_001, T0 + 2_000));
        flushed.flush();
        assertThat(settled(6)).endsWith("resolved@2001/0");
    }

    @Test
    void shouldKeepTheFirstStartAndTheLastEndOfAFlappingAlert() {
        final NotificationSink sink = new NotificationSink(engine, 0, HOLD, 3, "mon", List.of());
        sink.publishAlert(on(T0));
        sink.publishAlert(off(T0 + 30, T0));
        sink.publishAlert(on(T0 + 100)); // 70 s later: within the hold
        sink.publishAlert(off(T0 + 130, T0 + 100));
        sink.publishSnapshot(at(T0 + 250, 900, false)); // 120 s after the last resolve

        assertThat(settled(2)).containsExactly("firing@0/0", "resolved@130/1");
        assertThat(sent.get(1).startsAt()).isEqualTo(T0);
        assertThat(new String(WebhookPayload.write(sent.get(1)), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"flaps\":1").contains("\"startsAt\":\"2026-01-01T00:00:00Z\"")
                .contains("\"endsAt\":\"2026-01-01T00:02:10Z\"");
    }

    /**
     * The ordering the final snapshot relies on: the combiner calls the sink directly, so once
     * publishAlert returns, the notification is in the counters the next snapshot reads
     * (no thread hop in between, as there was behind a SinkRunner).
     */
    @Test
    void shouldCountATransitionInTheStatsBeforePublishAlertReturns() {
        final NotificationSink sink = new NotificationSink(engine, 0, 0, 3, "mon", List.of());
        for (int i = 0; i < 200; i++) {
            sink.publishAlert(i % 2 == 0 ? on(T0 + i) : off(T0 + i, T0 + i - 1));
            final DeliveryStats s = sink.stats();
            assertThat(s.sent() + s.failed() + s.pending()).as("after transition " + i).isEqualTo(i + 1);
        }
    }

    /** Any script: firings sent are more than the hold apart, so at most one pair per hold + 1 s. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1_000_003})
    void shouldNeverSendTwoFiringsWithinTheHoldWhateverTheRuleDoes(final long seed) {
        final Random random = new Random(seed);
        final NotificationSink sink = new NotificationSink(engine, 0, HOLD, 3, "mon", List.of());
        final long[] hits = new long[7_200];
        long level = 1_000;
        for (int i = 0; i < hits.length; i++) {
            level = Math.max(1, level + random.nextInt(61) - 30); // a random walk around the threshold (1200)
            hits[i] = random.nextInt(8) == 0 ? 1_200 + random.nextInt(3) - 1 : level;
        }
        java.util.Arrays.fill(hits, hits.length - 300, hits.length, 100); // ends quiet: every alert resolves
        drive(sink, hits);
        sink.publishSnapshot(at(T0 + hits.length, 1, true));

        Await.until("settled, seed " + seed, () -> engine.stats().pending() == 0);
        final List<Long> firings = sent.stream().filter(Notification::firing).map(Notification::startsAt).toList();
        for (int i = 1; i < firings.size(); i++) {
            assertThat(firings.get(i) - firings.get(i - 1)).as("seed " + seed + ", firings " + firings)
                    .isGreaterThan(HOLD);
        }
        assertThat(sent.size()).as("seed " + seed).isLessThanOrEqualTo(2 * (hits.length / (int) (HOLD + 1) + 1));
        final long resolved = sent.stream().filter(n -> !n.firing()).count();
        assertThat(resolved).as("seed " + seed + ": every firing resolved by the final snapshot").isEqualTo(firings.size());
    }
}
