package dev.logmon.sinks.notify;

import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.sinks.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static dev.logmon.sinks.notify.HostileReceiver.Mode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a receiver does breaks delivery (RELIABILITY row 40): real sockets on 127.0.0.1 that
 * stream an endless body, announce 3 GB, close mid-response or hang; transports that throw
 * {@code Error}s or ignore interrupts. The counters add up in every state.
 */
class DeliveryRobustnessTest {
    private static final long FIRED = 1_767_225_600L;

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

    private HostileReceiver receiver(final Mode mode) throws IOException {
        final HostileReceiver r = new HostileReceiver(mode);
        toClose.add(r);
        return r;
    }

    private DeliveryEngine engine(final Transport transport, final DeliveryPolicy policy) {
        final DeliveryEngine e = new DeliveryEngine("webhook", transport, policy, time, time, () -> 0.0, log);
        toClose.add(() -> e.close(0));
        return e;
    }

    private DeliveryEngine webhook(final String url, final long timeoutMs, final long giveUpMs) {
        return engine(new WebhookTransport(SecretUrl.parse(url), timeoutMs, time),
                DeliveryPolicy.of(timeoutMs, giveUpMs, 1_000, 0));
    }

    private static void offer(final DeliveryEngine e, final int n) {
        for (int i = 0; i < n; i++) {
            e.offer(WebhookDeliveryTest.notification(i % 2 == 0 ? WebhookDeliveryTest.on(FIRED + i)
                    : WebhookDeliveryTest.off(FIRED + i, FIRED + i - 1)));
        }
    }

    private static void awaitSettled(final DeliveryEngine e, final long done, final long timeoutMs) {
        Await.until("settled " + done + ", now " + e.stats(), timeoutMs, () -> {
            final DeliveryStats s = e.stats();
            return s.sent() + s.failed() == done && s.pending() == 0;
        });
    }

    @Test
    @Timeout(30)
    void shouldCountAnEndlessChunked200DeliveredAtOnceAndCloseTheConnectionOnTheBody() throws IOException {
        final HostileReceiver r = receiver(Mode.ENDLESS_200);
        final DeliveryEngine e = webhook(r.url(), 5_000, 600_000);
        final long start = System.nanoTime();

        offer(e, 3);

        awaitSettled(e, 3, 20_000);
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 3, 0, 0, 0));
        assertThat(ms).as("three deliveries, none waiting for the body or the 5 s timeout").isLessThan(5_000);
        Await.until("the client closed each endless body, " + r.closedByClient.get() + " so far", 10_000,
                () -> r.closedByClient.get() == 3);
        assertThat(r.requests.get()).isEqualTo(3);
    }

    @Test
    @Timeout(30)
    void shouldRejectA400WithA3GbBodyAfterReadingOnlyAPrefixAndLogTwoHundredCharacters() throws IOException {
        final HostileReceiver r = receiver(Mode.HUGE_400);
        final DeliveryEngine e = webhook(r.url(), 5_000, 600_000);

        offer(e, 3);

        awaitSettled(e, 3, 20_000);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 0, 0, 3, 0));
        assertThat(r.requests.get()).as("4xx: not retried").isEqualTo(3);
        Await.until("the client closed each 3 GB body", 10_000, () -> r.closedByClient.get() == 3);
        final String line = log().lines().filter(l -> l.contains("HTTP 400")).findFirst().orElseThrow();
        assertThat(line).contains("rejected, not retried").contains("HTTP 400: the receiver says no")
                .hasSizeLessThan(400);
        assertThat(r.bytesWritten.get()).as("what the receiver could push before the close: socket buffers, not GBs")
                .isLessThan(256L << 20);
    }

    @Test
    @Timeout(30)
    void shouldCountA200CutShortDeliveredAndRetryA503CutShortUntilGivenUp() throws IOException {
        final HostileReceiver ok = receiver(Mode.CUT_200);
        final DeliveryEngine delivered = webhook(ok.url(), 2_000, 600_000);
        offer(delivered, 2);
        awaitSettled(delivered, 2, 20_000);
        assertThat(delivered.stats()).isEqualTo(new DeliveryStats("webhook", 2, 0, 0, 0));

        final HostileReceiver cut = receiver(Mode.CUT_503);
        final DeliveryEngine retried = webhook(cut.url(), 2_000, 1_000);
        offer(retried, 1);
        awaitSettled(retried, 1, 20_000);
        final DeliveryStats s = retried.stats();
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.retried()).as("503 cut short: retried until the give-up").isPositive();
        assertThat(cut.requests.get()).isEqualTo((int) s.retried() + 1);
    }

    @Test
    @Timeout(30)
    void shouldTimeOutAHangingReceiverAndCountTheAttemptsFailed() throws IOException {
        final HostileReceiver r = receiver(Mode.HANG);
        final DeliveryEngine e = webhook(r.url(), 300, 1_000);

        offer(e, 2);

        awaitSettled(e, 2, 20_000);
        assertThat(e.stats().failed()).isEqualTo(2);
        assertThat(e.stats().sent()).isZero();
        assertThat(log()).contains("no complete response within 300 ms");
    }

    @Test
    @Timeout(30)
    void shouldTreatAnErrorThrownByAnAttemptAsAFailedAttemptAndKeepDelivering() {
        final AtomicInteger calls = new AtomicInteger();
        final DeliveryEngine e = engine(new Transport() {
            @Override
            public Attempt send(final Notification n) {
                final int c = calls.incrementAndGet();
                if (c == 1) {
                    throw new OutOfMemoryError("Java heap space (thrown by the test)");
                }
                if (c == 2) {
                    throw new StackOverflowError();
                }
                return Attempt.delivered();
            }

            @Override
            public String redactedTarget() {
                return "test://";
            }
        }, DeliveryPolicy.of(1_000, 600_000, 1_000, 0));

        offer(e, 2);

        awaitSettled(e, 2, 10_000);
        assertThat(e.stats()).isEqualTo(new DeliveryStats("webhook", 2, 2, 0, 0));
        assertThat(log()).contains("attempt failed with OutOfMemoryError").contains("attempt failed with StackOverflowError");
    }

    @Test
    @Timeout(30)
    void shouldReturnFromCloseWithinTheGracePlusTheJoinEvenWhenTheTransportIgnoresInterrupts() {
        final DeliveryEngine e = new DeliveryEngine("email", new Transport() {
            @Override
            public Attempt send(final Notification n) {
                final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < end) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // deaf to interrupts
                }
                return Attempt.delivered();
            }

            @Override
            public String redactedTarget() {
                return "smtp://test";
            }
        }, DeliveryPolicy.of(1_000, 600_000, 300, 0), time, time, () -> 0.0, log);
        offer(e, 3);
        Await.until("one in flight", () -> e.stats().pending() == 3);

        final long start = System.nanoTime();
        final boolean drained = e.close(300);
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(drained).isFalse();
        assertThat(ms).isBetween(300L, 300 + DeliveryEngine.JOIN_MS + 1_500);
        assertThat(e.stats()).as("what was left is counted failed, nothing pending")
                .isEqualTo(new DeliveryStats("email", 0, 0, 3, 0));
        assertThat(log()).contains("3 notification(s) not delivered, counted failed");
    }

    /** Whatever the outcomes and however the threads interleave, sent + failed + pending = offered. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 11, 2026})
    @Timeout(60)
    void shouldKeepTheCountersAddingUpInEverySnapshot(final long seed) throws Exception {
        final Random random = new Random(seed);
        final DeliveryEngine e = engine(new Transport() {
            @Override
            public Attempt send(final Notification n) {
                final int roll;
                synchronized (random) {
                    roll = random.nextInt(6);
                }
                return switch (roll) {
                    case 0 -> throw new IllegalStateException("bug");
                    case 1 -> throw new OutOfMemoryError("test");
                    case 2 -> Attempt.rejected("HTTP 400");
                    case 3 -> Attempt.retry("HTTP 503");
                    default -> Attempt.delivered();
                };
            }

            @Override
            public String redactedTarget() {
                return "test://";
            }
        }, new DeliveryPolicy(1_000, 2_000, 1_000, 0, 50, 100, 400));
        final Thread producer = new Thread(() -> {
            for (int i = 0; i < 2_000; i++) {
                e.offer(WebhookDeliveryTest.notification(WebhookDeliveryTest.on(FIRED + i)));
            }
        });
        producer.start();
        while (producer.isAlive()) {
            final long before = e.offered();
            final DeliveryStats s = e.stats();
            final long after = e.offered();
            assertThat(s.sent() + s.failed() + s.pending()).as("seed " + seed + ": " + s)
                    .isBetween(before, after);
        }
        producer.join();
        awaitSettled(e, 2_000, 30_000);
        assertThat(e.offered()).isEqualTo(2_000);
    }
}
