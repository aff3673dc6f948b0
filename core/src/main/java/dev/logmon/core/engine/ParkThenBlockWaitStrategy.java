package dev.logmon.core.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code blocking} consumer wait: like the sleeping strategy it first spins, yields and parks
 * briefly (so a busy ring costs nothing per publish and a consumer that is caught up for an instant
 * does not need a signal), and after {@code parks} parks without a line it waits on a condition until
 * a publisher signals it. An idle consumer thus wakes only every {@value #MAX_BLOCK_NANOS} ns (10 times a second); a publisher takes the lock
 * once per wait (the first publish after a consumer asked for a signal), a fence and a volatile read
 * otherwise: signalling on every publish while a woken consumer waits to run cost a lock, and
 * often a thread wake-up, per line on a busy machine.
 *
 * <p>Where no publisher signals (a consumer ahead, the shards, still on a published line; a line
 * the cursor has passed but whose producer has not yet published it), it never blocks: it spins,
 * yields, then parks {@code parkNanos} at a time and looks again, so nothing waits longer than one
 * park for progress it cannot be told of, and nothing spins for long either.
 *
 * <p>Why it cannot miss a signal: a consumer sets {@code signalNeeded} (under the lock) before it
 * reads the cursor a last time; a publisher moves the cursor before it reads {@code signalNeeded}
 * behind a full fence. One of the two sees the other's write, and the publisher that clears the
 * flag takes the lock, so its signal comes after the consumer awaits.
 */
final class ParkThenBlockWaitStrategy implements WaitStrategy {
    /** Longest single wait on the condition. */
    static final long MAX_BLOCK_NANOS = 100_000_000L;

    private final int spins;
    private final int parks;
    private final long parkNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();
    private final AtomicBoolean signalNeeded = new AtomicBoolean();
    /** Consumers blocked on the condition (only for tests). */
    private final AtomicInteger waiters = new AtomicInteger();
    /** Parks while waiting for a consumer ahead in the chain (only for tests). */
    private final AtomicLong dependentParks = new AtomicLong();
    /** Parks while a line the cursor has passed is claimed but not yet published (only for tests). */
    private final AtomicLong unpublishedParks = new AtomicLong();
    /** The sequence this consumer thread asked for last, and how often in a row. */
    private final ThreadLocal<Asked> asked = ThreadLocal.withInitial(Asked::new);

    /** One consumer thread's last request. */
    private static final class Asked {
        long sequence = Long.MIN_VALUE;
        int times;
    }

    /**
     * @param spins     busy retries (the last half yield) before parking
     * @param parks     parks of {@code parkNanos} before blocking
     * @param parkNanos length of one park
     */
    ParkThenBlockWaitStrategy(final int spins, final int parks, final long parkNanos) {
        this.spins = spins;
        this.parks = parks;
        this.parkNanos = parkNanos;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
                        final SequenceBarrier barrier) throws AlertException, InterruptedException {
        // Asked again for the line it asked for last: the cursor had passed it but the line was
        // not yet published, so the barrier answered "nothing yet" and the processor came straight
        // back. On a multi-producer ring (following: the arrival ticker is the other producer) the
        // cursor moves when a slot is claimed, and a source claims up to LinePublisher.MAX_BATCH
        // lines and parses them before it publishes: without a pause here every consumer spun
        // through the processor's loop for as long as the source parsed, on the cores it parses on.
        final Asked last = asked.get();
        if (last.sequence == sequence) {
            barrier.checkAlert();
            pause(last.times++, unpublishedParks);
        } else {
            last.sequence = sequence;
            last.times = 0;
        }
        int tries = 0;
        while (cursor.get() < sequence) {
            barrier.checkAlert();
            if (tries < spins) {
                if (tries < spins / 2) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            } else if (tries < spins + parks) {
                LockSupport.parkNanos(parkNanos);
            } else {
                block(sequence, cursor, barrier);
            }
            tries++;
        }
        // The line is published but a consumer this one runs behind (the combiner behind the
        // shards) has not finished it: the same spin, yield, then park, without blocking (no one
        // signals a consumer's progress). A bare spin here kept the combiner on a core for as
        // long as the shards took, on a 2-core machine the core they and the source needed:
        // JFR put 105 of its 131 samples in this loop during a catch-up of 2 M lines.
        long available;
        int waits = 0;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            pause(waits++, dependentParks);
        }
        return available;
    }

    /**
     * Waits a little for someone else's progress (no one signals it): spins, then yields, then
     * parks {@code parkNanos}, counting the parks in {@code parks}.
     */
    private void pause(final int waits, final AtomicLong parks) {
        if (waits < spins / 2) {
            Thread.onSpinWait();
        } else if (waits < spins) {
            Thread.yield();
        } else {
            parks.incrementAndGet();
            LockSupport.parkNanos(parkNanos);
        }
    }

    private void block(final long sequence, final Sequence cursor, final SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        lock.lock();
        try {
            waiters.incrementAndGet();
            try {
                while (true) {
                    signalNeeded.set(true);
                    VarHandle.fullFence(); // Sequence.get() is a plain read: keep it after the flag's store
                    if (cursor.get() >= sequence) {
                        break;
                    }
                    barrier.checkAlert();
                    // bounded: should a signal ever be missed, a line waits at most this long (and an idle
                    // consumer wakes 10 times a second instead of 1,000)
                    published.awaitNanos(MAX_BLOCK_NANOS);
                }
            } finally {
                waiters.decrementAndGet();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        // The fence orders the publisher's cursor store (a release store for a single producer)
        // before the read of signalNeeded; see the class comment.
        VarHandle.fullFence();
        if (signalNeeded.get() && signalNeeded.getAndSet(false)) {
            lock.lock();
            try {
                published.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Parks so far in waits for a consumer ahead in the chain (for tests). */
    long dependentParks() {
        return dependentParks.get();
    }

    /** Parks so far while a claimed line was not yet published (for tests). */
    long unpublishedParks() {
        return unpublishedParks.get();
    }

    /** Consumers blocked on the condition now (for tests). */
    int blocked() {
        return waiters.get();
    }
}
