package dev.logmon.sinks.notify;

import dev.logmon.core.time.Clock;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when the code under test "sleeps": minutes of retries take no time. */
final class FakeTime implements Clock, Sleeper {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    /** Every wait asked for, in order. */
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    /** Runs after each wait (e.g. to start a receiver after a few refused connections). */
    volatile Runnable afterSleep = () -> { };

    @Override
    public long millis() {
        return now.get();
    }

    @Override
    public void sleep(final long millis) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(millis);
        now.addAndGet(millis);
        afterSleep.run();
    }

    long sleptTotal() {
        return sleeps.stream().mapToLong(Long::longValue).sum();
    }
}
