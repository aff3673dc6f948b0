package dev.logmon.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LogWatermarkTest {
    private final List<Long> ticks = new CopyOnWriteArrayList<>();
    private final LogWatermark watermark = new LogWatermark(2, (second, last) -> ticks.add(second));

    @Test
    void shouldTickTheSecondBeforeTheSlowestReadingSource() throws InterruptedException {
        watermark.advance(0, T0 + 10);
        assertThat(ticks).isEmpty();
        watermark.advance(1, T0 + 5);
        watermark.advance(1, T0 + 8);
        assertThat(ticks).containsExactly(T0 + 4, T0 + 7);
        watermark.finish(1);
        assertThat(ticks).containsExactly(T0 + 4, T0 + 7, T0 + 9);
        watermark.finish(0);
        assertThat(ticks).containsExactly(T0 + 4, T0 + 7, T0 + 9, T0 + 10);
        assertThat(watermark.maxSeen()).isEqualTo(T0 + 10);
    }

    @Test
    void shouldHoldALeadingSourceUntilTheSlowOneCatchesUp() throws InterruptedException {
        watermark.advance(0, T0);
        watermark.advance(1, T0);
        final CountDownLatch released = new CountDownLatch(1);
        final Thread leader = new Thread(() -> {
            try {
                watermark.advance(0, T0 + 200);
                released.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        leader.start();
        assertThat(released.await(200, TimeUnit.MILLISECONDS)).as("waits while 200 s ahead").isFalse();
        watermark.advance(1, T0 + 150);
        assertThat(released.await(10, TimeUnit.SECONDS)).as("released within the lead").isTrue();
        leader.join();
    }

    @Test
    void shouldHoldASourceThatRunsAheadBeforeTheOtherHasReadAnyLine() throws InterruptedException {
        final CountDownLatch released = new CountDownLatch(1);
        final Thread leader = new Thread(() -> {
            try {
                watermark.advance(0, T0);
                watermark.advance(0, T0 + 1_000);
                released.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        leader.start();
        assertThat(released.await(200, TimeUnit.MILLISECONDS)).as("waits for the other source's first line").isFalse();
        watermark.advance(1, T0 + 990);
        assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
        leader.join();
    }

    @Test
    void shouldReleaseAWaitingSourceWhenTheOtherFinishes() throws InterruptedException {
        final CountDownLatch released = new CountDownLatch(1);
        final Thread leader = new Thread(() -> {
            try {
                watermark.advance(0, T0 + 1_000);
                released.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        leader.start();
        watermark.finish(1);
        assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
        leader.join();
        assertThat(ticks).containsExactly(T0 + 999);
    }
}
