package dev.logmon.core.engine;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A slow or failing sink never stalls the combiner and never loses an alert (RELIABILITY rows 16, 17). */
@Timeout(30)
class SinkRunnerTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final HandlerErrors errors = new HandlerErrors(new PrintStream(errBytes, true, StandardCharsets.UTF_8));

    private static Snapshot snapshot(final long second) {
        final WindowView empty = new WindowView(0, 0, 0, 0, new StatusCounts(0, 0, 0, 0, 0, 0), List.of(), List.of(),
                0, 0, 0, 0);
        return new Snapshot(second, false, LineCounts.of(0, new long[MalformedReason.count()], 0, 0), empty, empty,
                empty, new AlertStatus(false, 10, AlertRuleKind.RELATIVE, 0, 0), 0, List.of(), List.of());
    }

    private static AlertEvent alert(final long second, final boolean on) {
        return new AlertEvent(on, second, second, false, 1, 1, 10, AlertRuleKind.RELATIVE, "m" + second);
    }

    /** Blocks on its first event until released, then records everything in order. */
    private static final class GatedListener implements SnapshotListener {
        final CountDownLatch release = new CountDownLatch(1);
        final List<Object> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onSnapshot(final Snapshot snapshot) {
            await();
            seen.add(snapshot);
        }

        @Override
        public void onAlert(final AlertEvent alert) {
            await();
            seen.add(alert);
        }

        private void await() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void shouldDropOldSnapshotsButKeepEveryAlertInOrderWhenTheSinkIsStuck() {
        final GatedListener stuck = new GatedListener();
        final SinkRunner runner = new SinkRunner("test", stuck, false, errors);
        final long startNanos = System.nanoTime();
        for (int s = 0; s < 1000; s++) {
            runner.publishSnapshot(snapshot(s));
            if (s % 100 == 0) {
                runner.publishAlert(alert(s, (s / 100) % 2 == 0));
            }
        }
        final long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        stuck.release.countDown();
        assertThat(runner.close(10_000)).isTrue();

        assertThat(publishMillis).as("the publisher never waited for the stuck sink").isLessThan(5_000);
        assertThat(runner.dropped()).isPositive();
        final List<Long> alertSeconds = stuck.seen.stream().filter(AlertEvent.class::isInstance)
                .map(o -> ((AlertEvent) o).second()).toList();
        assertThat(alertSeconds).containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L);
        final List<Long> snapshotSeconds = stuck.seen.stream().filter(Snapshot.class::isInstance)
                .map(o -> ((Snapshot) o).second()).toList();
        assertThat(snapshotSeconds).isSorted().contains(999L);
        assertThat(snapshotSeconds.size() + runner.dropped()).isEqualTo(1000);
    }

    @Test
    void shouldDeliverEverySnapshotInOrderWhenLossless() {
        final GatedListener slow = new GatedListener();
        final SinkRunner runner = new SinkRunner("test", slow, true, errors);
        final Thread releaser = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slow.release.countDown();
        });
        releaser.start();
        for (int s = 0; s < 500; s++) {
            runner.publishSnapshot(snapshot(s));
        }
        assertThat(runner.close(10_000)).isTrue();

        assertThat(runner.dropped()).isZero();
        assertThat(slow.seen).hasSize(500);
        assertThat(slow.seen.stream().map(o -> ((Snapshot) o).second()).toList()).isSorted();
    }

    @Test
    void shouldCountAFailingSinkAndGoOnWithTheNextEvent() {
        final List<Long> delivered = new CopyOnWriteArrayList<>();
        final SnapshotListener flaky = new SnapshotListener() {
            @Override
            public void onSnapshot(final Snapshot snapshot) {
                if (snapshot.second() % 2 == 0) {
                    throw new IllegalStateException("sink bug \u001b[31m");
                }
                delivered.add(snapshot.second());
            }

            @Override
            public void onAlert(final AlertEvent alert) {
            }
        };
        final SinkRunner runner = new SinkRunner("flaky", flaky, true, errors);
        for (int s = 0; s < 10; s++) {
            runner.publishSnapshot(snapshot(s));
        }
        assertThat(runner.close(10_000)).isTrue();

        assertThat(delivered).containsExactly(1L, 3L, 5L, 7L, 9L);
        assertThat(errors.count()).isEqualTo(5);
        final String err = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(err).contains("sink bug").doesNotContain("\u001b");
        assertThat(err.lines().filter(l -> l.startsWith("logmon: error in")).count())
                .as("five failures with one stack trace are reported once").isEqualTo(1);
    }
}
