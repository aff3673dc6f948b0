package dev.logmon.sinks.notify;

import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;
import dev.logmon.sinks.json.JsonStyle;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 *   <li>Anything an attempt throws, {@link Error}s included ({@code OutOfMemoryError}), is a
 *       failed attempt (retried like a connection error); the delivery thread never dies of it.</li>
 *   <li>The counters always add up: every notification offered is exactly one of sent, failed or
 *       pending, in every {@link #stats()} (they are read and changed under one lock).</li>
 *   <li>Each distinct problem is logged once (the detail never holds the URL or a password).</li>
 *   <li>{@link #close(long)} lets pending notifications be delivered for a grace period, then
 *       interrupts the thread, waits at most {@value #JOIN_MS} ms more for it, and counts what is
 *       left failed: a close returns within the grace plus {@value #JOIN_MS} ms whatever the
 *       receiver does.</li>
 * </ul>
 * Time is read from an injected {@link Clock} and waits go through an injected {@link Sleeper},
 * so tests run minutes of retries in milliseconds.
 */
public final class DeliveryEngine implements AutoCloseable {
    /** After the grace period, how long a close waits for an interrupted delivery thread to stop. */
    static final long JOIN_MS = 2_000;
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
    private final Thread thread;
    // all guarded by queue
    private long offered;
    private long sent;
    private long retried;
    private long failed;
    private int inFlight;
    private boolean closing;
    private boolean abandoned;

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

    /** The sink's name. */
    public String name() {
        return name;
    }

    /**
     * Queues a notification without ever waiting.
     *
     * @return false when it was refused (queue full or engine closed) and counted failed
     */
    public boolean offer(final Notification n) {
        synchronized (queue) {
            offered++;
            if (!closing && queue.size() < policy.queueCapacity()) {
                queue.addLast(n);
                queue.notifyAll();
                return true;
            }
            failed++;
        }
        report("queue-full", "queue full (" + policy.queueCapacity() + " notifications waiting) or closing: dropped the "
                + n.status() + " notification of " + JsonStyle.isoSecond(n.alert().second()) + ", counted failed");
        return false;
    }

    /** The counters for the snapshot ({@code pending} = queued + in flight); sent + failed + pending = offered. */
    public DeliveryStats stats() {
        synchronized (queue) {
            return new DeliveryStats(name, sent, retried, failed, queue.size() + inFlight);
        }
    }

    /** Notifications offered so far (each is sent, failed or pending). */
    public long offered() {
        synchronized (queue) {
            return offered;
        }
    }

    private void run() {
        while (true) {
            final Notification n;
            synchronized (queue) {
                while (queue.isEmpty() && !closing) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        abandon();
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                n = queue.pollFirst();
                inFlight = 1;
            }
            boolean delivered = false;
            try {
                delivered = deliver(n);
            } catch (InterruptedException e) {
                abandon(); // the one in flight and the queued ones
                return;
            } catch (Throwable t) { // an Error in the bookkeeping must not kill the thread either
                report("bug:" + t.getClass().getName(), "unexpected " + t.getClass().getSimpleName()
                        + " while delivering; notification counted failed");
            }
            settle(delivered);
        }
    }

    /** Counts the notification in flight sent or failed (unless a close already counted it). */
    private void settle(final boolean delivered) {
        synchronized (queue) {
            if (inFlight > 0) {
                if (delivered) {
                    sent++;
                } else {
                    failed++;
                }
                inFlight = 0;
            }
            queue.notifyAll();
        }
    }

    /** One notification to its end: true when delivered, false when rejected or given up on. */
    private boolean deliver(final Notification n) throws InterruptedException {
        final long deadline = clock.millis() + policy.giveUpMs();
        int retries = 0;
        while (true) {
            final Attempt a = attempt(n);
            if (a.kind() == Attempt.Kind.DELIVERED) {
                return true;
            }
            if (a.kind() == Attempt.Kind.REJECTED) {
                report("rejected:" + a.detail(), "rejected, not retried, counted failed: " + a.detail());
                return false;
            }
            report("retry:" + a.detail(), a.detail() + " (retrying with backoff)");
            final long now = clock.millis();
            final long wait = a.retryAfterMs() >= 0 ? a.retryAfterMs() : backoff.delayMs(retries);
            if (now >= deadline || (a.retryAfterMs() >= 0 && now + wait > deadline)) {
                log.println("logmon: " + name + ": gave up on the " + n.status() + " notification of "
                        + JsonStyle.isoSecond(n.alert().second()) + " after " + (retries + 1)
                        + " attempts (last: " + TextSafety.oneLine(a.detail()) + "), counted failed");
                return false;
            }
            synchronized (queue) {
                retried++;
            }
            retries++;
            sleeper.sleep(Math.min(wait, deadline - now));
        }
    }

    /** One attempt; whatever it throws (but an interrupt) is a failed attempt worth retrying. */
    private Attempt attempt(final Notification n) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        try {
            return transport.send(n);
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable t) { // OutOfMemoryError, StackOverflowError, a bug: a failed attempt
            return Attempt.retry("attempt failed with " + t.getClass().getSimpleName());
        }
    }

    /** Counts everything queued (and in flight) failed, once; logs how many when there were any. */
    private void abandon() {
        final long left;
        synchronized (queue) {
            if (abandoned) {
                return;
            }
            abandoned = true;
            left = queue.size() + inFlight;
            failed += left;
            queue.clear();
            inFlight = 0;
            queue.notifyAll();
        }
        if (left > 0) {
            log.println("logmon: " + name + ": grace period over, " + left
                    + " notification(s) not delivered, counted failed");
        }
    }

    private void report(final String key, final String message) {
        if (reported.size() < MAX_DISTINCT_PROBLEMS && reported.add(key)) {
            log.println("logmon: " + name + " to " + transport.redactedTarget() + ": " + TextSafety.oneLine(message));
        }
    }

    /**
     * Stops taking notifications, lets pending ones be delivered for at most {@code graceMs}
     * (real time), then interrupts delivery, waits at most {@value #JOIN_MS} ms for the thread and
     * counts what is left failed. Never waits longer than {@code graceMs +} {@value #JOIN_MS} ms.
     *
     * @return true when everything pending was dealt with in time
     */
    public boolean close(final long graceMs) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, graceMs));
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
            thread.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abandon(); // a thread stuck past the join (a transport deaf to interrupts) leaves its work counted failed
        return drained;
    }

    /** {@link #close(long)} with the policy's grace period. */
    @Override
    public void close() {
        close(policy.graceMs());
    }
}
