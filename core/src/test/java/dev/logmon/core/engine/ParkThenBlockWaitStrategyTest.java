package dev.logmon.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.logmon.core.time.TimeMode;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking wait: idle consumers block (no wake-ups) and every publish still reaches them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParkThenBlockWaitStrategyTest {

    /** One ring slot. */
    static final class Slot {
        long value;
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void shouldBlockIdleConsumersAndWakeThemOnEveryPublish() throws Exception {
        final ParkThenBlockWaitStrategy wait = new ParkThenBlockWaitStrategy(200, 20, 1_000_000);
        final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 64, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, wait);
        final AtomicLong sumA = new AtomicLong();
        final AtomicLong sumB = new AtomicLong();
        disruptor.handleEventsWith((e, seq, end) -> sumA.addAndGet(e.value), (e, seq, end) -> sumB.addAndGet(e.value));
        final RingBuffer<Slot> ring = disruptor.start();
        try {
            await("both idle consumers block", () -> wait.blocked() == 2);
            ring.publishEvent((e, seq) -> e.value = 7);
            await("the publish reaches both", () -> sumA.get() == 7 && sumB.get() == 7);
            await("both block again", () -> wait.blocked() == 2);

            // Two producers publish with random pauses (some long enough for the consumers to block):
            // no publish may be left unseen behind a missed signal.
            final long seed = new Random().nextLong();
            final long[] expected = new long[1];
            final Thread[] producers = new Thread[2];
            final long[] sums = new long[2];
            for (int p = 0; p < 2; p++) {
                final int id = p;
                producers[p] = new Thread(() -> {
                    final Random random = new Random(seed + id);
                    for (int i = 0; i < 300; i++) {
                        final long v = 1 + random.nextInt(1000);
                        sums[id] += v;
                        ring.publishEvent((e, seq) -> e.value = v);
                        final int pause = random.nextInt(10);
                        if (pause > 6) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause * 4L));
                        }
                    }
                });
                producers[p].start();
            }
            for (final Thread t : producers) {
                t.join();
            }
            expected[0] = 7 + sums[0] + sums[1];
            await("every publish is seen (seed " + seed + ")",
                    () -> sumA.get() == expected[0] && sumB.get() == expected[0]);
            await("both block after the burst", () -> wait.blocked() == 2);
        } finally {
            disruptor.halt();
        }
        await("halt wakes the blocked consumers", () -> wait.blocked() == 0);
    }

    @Test
    void shouldParkNotSpinWhileTheConsumerAheadIsBusy() throws Exception {
        // The combiner runs behind the shards: while a shard is still on a published line the
        // combiner must park (a bare spin took the core the shard and the source needed).
        final ParkThenBlockWaitStrategy wait = new ParkThenBlockWaitStrategy(200, 20, 1_000_000);
        final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 64, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, wait);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong ahead = new AtomicLong();
        final AtomicLong behind = new AtomicLong();
        disruptor.handleEventsWith((Slot e, long seq, boolean end) -> {
            release.await();
            ahead.addAndGet(e.value);
        }).then((Slot e, long seq, boolean end) -> behind.addAndGet(e.value));
        final RingBuffer<Slot> ring = disruptor.start();
        try {
            ring.publishEvent((e, seq) -> e.value = 5);
            await("the consumer behind parks while the one ahead holds the line", () -> wait.dependentParks() >= 3);
            assertEquals(0, behind.get(), "nothing passes the consumer ahead");
            release.countDown();
            await("the line reaches the consumer behind", () -> ahead.get() == 5 && behind.get() == 5);
        } finally {
            release.countDown();
            disruptor.halt();
        }
    }

    @Test
    void shouldParkNotSpinWhileAClaimedLineIsNotYetPublished() throws Exception {
        // Following runs a multi-producer ring, whose cursor moves when a source claims a batch of
        // lines, before it parses and publishes them: the analyzers must park meanwhile, not spin
        // through the processor's loop (on 2 cores, the one the source parses on).
        final ParkThenBlockWaitStrategy wait = new ParkThenBlockWaitStrategy(200, 20, 1_000_000);
        final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 64, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, wait);
        final AtomicLong first = new AtomicLong();
        final AtomicLong second = new AtomicLong();
        final AtomicLong behind = new AtomicLong();
        disruptor.handleEventsWith((e, seq, end) -> first.addAndGet(e.value), (e, seq, end) -> second.addAndGet(e.value))
                .then((Slot e, long seq, boolean end) -> behind.addAndGet(e.value));
        final RingBuffer<Slot> ring = disruptor.start();
        try {
            ring.publishEvent((e, seq) -> e.value = 1);
            await("the first line passes", () -> behind.get() == 1);
            final long claimed = ring.next();
            await("the consumers park while the claimed line is not published", () -> wait.unpublishedParks() >= 6);
            assertEquals(1, first.get(), "nothing unpublished is handled");
            assertEquals(1, second.get(), "nothing unpublished is handled");
            assertEquals(1, behind.get(), "nothing unpublished is handled");
            ring.get(claimed).value = 9;
            ring.publish(claimed);
            await("the line reaches every consumer once published",
                    () -> first.get() == 10 && second.get() == 10 && behind.get() == 10);
        } finally {
            disruptor.halt();
        }
    }

    @Test
    void shouldEndAConsumerParkedBehindABusyConsumerWhenHalted() throws Exception {
        // A stop must reach the combiner while it parks behind a shard that does not finish (a
        // shard stuck in a slow handler): the park is short and checks the alert, so halt ends it.
        final ParkThenBlockWaitStrategy wait = new ParkThenBlockWaitStrategy(200, 20, 1_000_000);
        final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 64, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, wait);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<Thread> behindThread = new AtomicReference<>();
        final AtomicBoolean behindShutDown = new AtomicBoolean();
        final AtomicLong behind = new AtomicLong();
        disruptor.handleEventsWith((Slot e, long seq, boolean end) -> release.await())
                .then(new EventHandler<Slot>() {
                    @Override
                    public void onStart() {
                        behindThread.set(Thread.currentThread());
                    }

                    @Override
                    public void onEvent(final Slot e, final long seq, final boolean end) {
                        behind.addAndGet(e.value);
                    }

                    @Override
                    public void onShutdown() {
                        behindShutDown.set(true);
                    }
                });
        final RingBuffer<Slot> ring = disruptor.start();
        try {
            ring.publishEvent((e, seq) -> e.value = 3);
            await("the consumer behind parks", () -> wait.dependentParks() >= 3);
            disruptor.halt();
            await("the halted consumer behind ends", () -> behindShutDown.get() && behindThread.get() != null
                    && behindThread.get().getState() == Thread.State.TERMINATED);
            assertEquals(0, behind.get(), "a halted consumer handles nothing the one ahead did not finish");
        } finally {
            release.countDown();
            disruptor.halt();
        }
    }

    @Test
    void shouldSleepWhenOneThreadPublishesEverythingAndBlockOtherwiseByDefault() {
        final Settings s = new Settings();
        s.sources.add("a.log");
        assertEquals(WaitStrategyName.BLOCKING, s.effectiveWaitStrategy(), "following in arrival time");
        s.once = true;
        assertTrue(s.singleProducer(), "--once replay of one file: log time, one producer");
        assertEquals(WaitStrategyName.SLEEPING, s.effectiveWaitStrategy(), "--once replay of one file");
        s.sources.add("b.log");
        assertFalse(s.singleProducer(), "two files: two source threads publish");
        assertEquals(WaitStrategyName.BLOCKING, s.effectiveWaitStrategy(),
                "--once replay of two files: sleeping would spin while a source parses into a claimed slot");
        s.sources.remove(1);
        s.timeMode = TimeMode.ARRIVAL;
        assertFalse(s.singleProducer(), "arrival time: the ticker thread publishes too");
        assertEquals(WaitStrategyName.BLOCKING, s.effectiveWaitStrategy(), "--once --time arrival");
        s.once = false;
        s.timeMode = TimeMode.LOG;
        assertEquals(WaitStrategyName.SLEEPING, s.effectiveWaitStrategy(), "--time log, one file");
        s.waitStrategy = WaitStrategyName.YIELDING;
        assertEquals(WaitStrategyName.YIELDING, s.effectiveWaitStrategy(), "explicit --wait wins");
        assertNull(new Settings().waitStrategy, "no explicit strategy by default");
        assertTrue(WaitStrategyName.BLOCKING.create() instanceof ParkThenBlockWaitStrategy);
    }
}
