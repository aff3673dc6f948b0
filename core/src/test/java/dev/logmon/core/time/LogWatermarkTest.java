package dev.logmon.core.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogWatermarkTest {
    private final List<Long> ticks = new CopyOnWriteArrayList<>();
    private final LogWatermark watermark = new LogWatermark(2, (second, last) -> ticks.add(second));

    /** Runs {@code advance(source, second)} on a thread of its own; the latch opens when it returns. */
    private CountDownLatch advanceAsync(final int source, final long second) {
        final CountDownLatch returned = new CountDownLatch(1);
        final Thread t = new Thread(() -> {
            try {
                watermark.advance(source, second);
                returned.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        return returned;
    }

    @Test
    void shouldTickTheSecondBeforeTheSlowestReadingSource() throws InterruptedException {
        final CountDownLatch ahead = advanceAsync(0, T0 + 10);
        assertThat(ahead.await(100, TimeUnit.MILLISECONDS)).as("source 1 has read nothing yet").isFalse();
        assertThat(ticks).isEmpty();
        watermark.advance(1, T0 + 5);
        watermark.advance(1, T0 + 8);
        assertThat(ticks).containsExactly(T0 + 4, T0 + 7);
        watermark.finish(1);
        assertThat(ticks).containsExactly(T0 + 4, T0 + 7, T0 + 9);
        assertThat(ahead.await(10, TimeUnit.SECONDS)).isTrue();
        watermark.finish(0);
        assertThat(ticks).containsExactly(T0 + 4, T0 + 7, T0 + 9, T0 + 10);
        assertThat(watermark.maxSeen()).isEqualTo(T0 + 10);
    }

    @Test
    void shouldHoldALeadingSourceUntilTheSlowOneHasReadItsSecond() throws InterruptedException {
        final CountDownLatch first = advanceAsync(0, T0);
        watermark.advance(1, T0);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        final CountDownLatch released = advanceAsync(0, T0 + 200);
        assertThat(released.await(200, TimeUnit.MILLISECONDS)).as("waits while 200 s ahead").isFalse();
        watermark.advance(1, T0 + 150);
        assertThat(released.await(200, TimeUnit.MILLISECONDS)).as("still 50 s ahead").isFalse();
        watermark.advance(1, T0 + 200);
        assertThat(released.await(10, TimeUnit.SECONDS)).as("released once the other reached its second").isTrue();
        assertThat(ticks).containsExactly(T0 - 1, T0 + 149, T0 + 199);
    }

    @Test
    void shouldHoldASourceThatRunsAheadBeforeTheOtherHasReadAnyLine() throws InterruptedException {
        final CountDownLatch released = advanceAsync(0, T0 + 1_000);
        assertThat(released.await(200, TimeUnit.MILLISECONDS)).as("waits for the other source's first line").isFalse();
        watermark.advance(1, T0 + 990);
        assertThat(released.await(200, TimeUnit.MILLISECONDS)).as("still ahead").isFalse();
        watermark.advance(1, T0 + 1_000);
        assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldReleaseAWaitingSourceWhenTheOtherFinishes() throws InterruptedException {
        final CountDownLatch released = advanceAsync(0, T0 + 1_000);
        watermark.finish(1);
        assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ticks).containsExactly(T0 + 999);
    }

    @Test
    void shouldNotHoldASourceWhenTheOtherIsIdle() throws InterruptedException {
        watermark.idle(1, true);
        watermark.advance(0, T0 + 50); // returns: nothing else is reading
        assertThat(ticks).containsExactly(T0 + 49);
    }

    /**
     * A follower at the end of its file (idle) gets new lines: it says it is busy only after the
     * read that published them. The seconds must still be ticked one behind the newest, not each
     * at its first line, and going idle again ticks the last one.
     */
    @Test
    void shouldTickOneBehindASourceThatAdvancesBeforeSayingItIsBusyAgain() throws InterruptedException {
        final LogWatermark w = new LogWatermark(1, (second, last) -> ticks.add(second));
        w.advance(0, T0);
        w.idle(0, true);
        assertThat(ticks).containsExactly(T0 - 1, T0);

        w.advance(0, T0 + 1); // the appended lines, published before the read ends
        w.advance(0, T0 + 2);
        assertThat(ticks).as("T0+2 still has lines to come").containsExactly(T0 - 1, T0, T0 + 1);
        w.idle(0, false); // the read ends
        w.idle(0, true); // the next finds nothing
        assertThat(ticks).containsExactly(T0 - 1, T0, T0 + 1, T0 + 2);
    }

    /**
     * Three sources of out-of-order stamps, each on its own thread, write their lines and the
     * ticks into one shared log (as onto the ring): on every run each line must fall after the same
     * tick, and the ticks must be the same sequence, however the threads are scheduled.
     */
    @Test
    void shouldPutEveryLineBetweenTheSameTicksOnEveryRun() throws InterruptedException {
        final long seed = 20_261_206L;
        final SplittableRandom rnd = new SplittableRandom(seed);
        final long[][] stamps = new long[3][];
        for (int s = 0; s < stamps.length; s++) {
            stamps[s] = new long[400];
            long max = T0 + rnd.nextInt(30);
            for (int i = 0; i < stamps[s].length; i++) {
                max += rnd.nextInt(4) == 0 ? rnd.nextInt(1, 20) : 0;
                stamps[s][i] = max - (rnd.nextInt(3) == 0 ? rnd.nextInt(100) : 0);
            }
        }
        List<String> reference = null;
        for (int run = 0; run < 15; run++) {
            final List<String> log = replay(stamps, new SplittableRandom(seed + run));
            if (reference == null) {
                reference = log;
                assertThat(log).as("seed %d", seed).anyMatch(e -> e.startsWith("tick"));
            } else {
                assertThat(log).as("run %d, seed %d", run, seed).isEqualTo(reference);
            }
        }
    }

    /**
     * One replay: the log of ticks and of lines (named by source and index, in the order each source
     * wrote them, after the tick they follow). Within one tick's stretch the sources interleave
     * freely, so each stretch's lines are sorted before comparing.
     */
    private static List<String> replay(final long[][] stamps, final SplittableRandom jitter) throws InterruptedException {
        final List<String> log = new ArrayList<>();
        final LogWatermark w = new LogWatermark(stamps.length, (second, last) -> {
            synchronized (log) {
                log.add("tick " + (second - T0));
            }
        });
        final List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < stamps.length; s++) {
            final int source = s;
            final long pause = jitter.nextLong();
            threads.add(new Thread(() -> {
                final SplittableRandom r = new SplittableRandom(pause);
                long max = Long.MIN_VALUE;
                try {
                    for (int i = 0; i < stamps[source].length; i++) {
                        synchronized (log) {
                            log.add("line " + source + "." + i);
                        }
                        if (r.nextInt(20) == 0) {
                            Thread.yield();
                        }
                        if (stamps[source][i] > max) {
                            max = stamps[source][i];
                            w.advance(source, max);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    w.finish(source);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (final Thread t : threads) {
            t.join(20_000);
        }
        final List<String> normalised = new ArrayList<>();
        final List<String> stretch = new ArrayList<>();
        synchronized (log) {
            for (final String e : log) {
                if (e.startsWith("tick")) {
                    stretch.sort(null);
                    normalised.addAll(stretch);
                    stretch.clear();
                    normalised.add(e);
                } else {
                    stretch.add(e);
                }
            }
        }
        stretch.sort(null);
        normalised.addAll(stretch);
        return normalised;
    }
}
