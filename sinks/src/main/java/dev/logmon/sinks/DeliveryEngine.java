package dev.logmon.sinks;

import dev.logmon.core.Clock;
import dev.logmon.core.DeliveryStats;
import dev.logmon.core.TextSafety;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Delivers notifications through one {@link Transport} on its own thread, one at a time and in
 * order: a notification is delivered, rejected or given up on before the next one is tried, so a
 * resolved alert never reaches the receiver before its firing.
 *
 * <pre>
 *   offer() --> [ bounded queue ] --thread--> transport.send()  --retry/backoff/give-up-->  counters
 * </pre>
 *
 * <ul>
 *   <li>{@link #offer} never blocks: when the queue is full the notification is counted failed.</li>
 *   <li>RETRY outcomes wait {@code Retry-After} when given, else an exponential backoff with
 *       jitter; a notification is given up on (counted failed) once its next attempt would start
 *       more than {@code giveUpMs} after its first.</li>
 *   <li>REJECTED outcomes are counted failed at once.</li>
 *   <li>Each distinct problem is logged once (the detail never holds the URL or a password).</li>
 *   <li>{@link #close(long)} lets pending notifications be delivered for a grace period, then
 *       interrupts the thread and counts what is left failed.</li>
 * </ul>
 * Time is read from an injected {@link Clock} and waits go through an injected {@link Sleeper},
 * so tests run minutes of retries in milliseconds.
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final int MAX_DISTINCT_PROBLEMS = 64;

    private final String name;
    private final Transport transport;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final PrintStream log;
    private final ArrayDeque<Notification> queue = new ArrayDeque<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private int inFlight;
    private boolean closing;

    /**
     * @param name      the sink's name ({@code webhook}, {@code email}), used in counters, logs and the thread name
     * @param transport how one attempt is made
     * @param policy    timeouts, give-up, queue size, backoff
     * @param clock     time for give-up decisions
     * @param sleeper   waits between attempts
     * @param random    jitter source, uniform in [0, 1)
     * @param log       where problems are reported (stderr)
     */
    public DeliveryEngine(final String name, final Transport transport, final DeliveryPolicy policy, final Clock clock,
                          final Sleeper sleeper, final DoubleSupplier random, final PrintStream log) {
        this.name = name;
        this.transport = transport;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = new Backoff(policy.firstBackoffMs(), policy.maxBackoffMs(), random);
        this.log = log;
        this.thread = new Thread(this::run, "logmon-deliver-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a notification without ever waiting.
     *
     * @return false when it was refused (queue full or engine closed) and counted failed
     */
    public boolean offer(final Notification n) {
        synchronized (queue) {
            if (!closing && queue.size() < policy.queueCapacity()) {
                queue.addLast(n);
                queue.notifyAll();
                return true;
            }
        }
        failed.incrementAndGet();
        report("queue-full", "queue full (" + policy.queueCapacity() + " notifications waiting): dropped the "
                + n.status() + " notification of " + JsonLinesSink.isoSecond(n.alert().second()) + ", counted failed");
        return false;
    }

    /** The counters for the snapshot ({@code pending} = queued + in flight). */
    public DeliveryStats stats() {
        final long pending;
        synchronized (queue) {
            pending = queue.size() + inFlight;
        }
        return new DeliveryStats(name, sent.get(), retried.get(), failed.get(), pending);
    }

    private void run() {
        while (true) {
            final Notification n;
            synchronized (queue) {
                while (queue.isEmpty() && !closing) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        abandonQueued();
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                n = queue.pollFirst();
                inFlight = 1;
            }
            try {
                deliver(n);
            } catch (InterruptedException e) {
                failed.incrementAndGet();
                abandonQueued();
                return;
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                report("bug:" + e.getClass().getName(), "unexpected " + e.getClass().getSimpleName()
                        + " while delivering; notification counted failed");
            } finally {
                synchronized (queue) {
                    inFlight = 0;
                    queue.notifyAll();
                }
            }
        }
    }

    private void deliver(final Notification n) throws InterruptedException {
        final long deadline = clock.millis() + policy.giveUpMs();
        int retries = 0;
        while (true) {
            final Attempt a = transport.send(n);
            if (a.kind() == Attempt.Kind.DELIVERED) {
                sent.incrementAndGet();
                return;
            }
            if (a.kind() == Attempt.Kind.REJECTED) {
                failed.incrementAndGet();
                report("rejected:" + a.detail(), "rejected, not retried, counted failed: " + a.detail());
                return;
            }
            report("retry:" + a.detail(), a.detail() + " (retrying with backoff)");
            final long now = clock.millis();
            final long wait = a.retryAfterMs() >= 0 ? a.retryAfterMs() : backoff.delayMs(retries);
            if (now >= deadline || (a.retryAfterMs() >= 0 && now + wait > deadline)) {
                failed.incrementAndGet();
                log.println("logmon: " + name + ": gave up on the " + n.status() + " notification of "
                        + JsonLinesSink.isoSecond(n.alert().second()) + " after " + (retries + 1)
                        + " attempts (last: " + TextSafety.oneLine(a.detail()) + "), counted failed");
                return;
            }
            retried.incrementAndGet();
            retries++;
            sleeper.sleep(Math.min(wait, deadline - now));
        }
    }

    private void abandonQueued() {
        final int left;
        synchronized (queue) {
            left = queue.size();
            queue.clear();
        }
        failed.addAndGet(left);
        if (left + inFlightCount() == 0) {
            return;
        }
        log.println("logmon: " + name + ": grace period over, " + (left + inFlightCount())
                + " notification(s) not delivered, counted failed");
    }

    private int inFlightCount() {
        synchronized (queue) {
            return inFlight;
        }
    }

    private void report(final String key, final String message) {
        if (reported.size() < MAX_DISTINCT_PROBLEMS && reported.add(key)) {
            log.println("logmon: " + name + " to " + transport.redactedTarget() + ": " + TextSafety.oneLine(message));
        }
    }

    /**
     * Stops taking notifications, lets pending ones be delivered for at most {@code graceMs}
     * (real time), then interrupts delivery and counts what is left failed.
     *
     * @return true when everything pending was dealt with in time
     */
    public boolean close(final long graceMs) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        final boolean drained;
        synchronized (queue) {
            closing = true;
            queue.notifyAll();
            while (!queue.isEmpty() || inFlight > 0) {
                final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    queue.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            drained = queue.isEmpty() && inFlight == 0;
        }
        thread.interrupt();
        try {
            thread.join(Math.max(1_000, policy.timeoutMs()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return drained;
    }

    /** {@link #close(long)} with the policy's grace period. */
    @Override
    public void close() {
        close(policy.graceMs());
    }
}
