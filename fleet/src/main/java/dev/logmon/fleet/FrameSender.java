package dev.logmon.fleet;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.text.TextSafety;

/**
 * Sends frame envelopes to the frames topic on a thread of its own, in the order offered, through
 * an idempotent producer ({@code acks=all}, {@code enable.idempotence=true}, retried without a
 * deadline). The combiner's thread only offers: it never waits for the broker.
 *
 * <pre>
 *   combiner --offer--> [ waiting: at most capacity envelopes, sent or not yet acknowledged ] --> broker
 *                  full: the new envelope is dropped and counted (never silent)
 * </pre>
 *
 * While the broker is away the producer keeps retrying what it holds, in order, and the rest waits
 * here; when it is back everything is sent in order and the idempotent producer writes each record
 * once. The buffer is counted in envelopes (one a second, plus a few late ones), so
 * {@code capacity} is about the seconds of frames kept while the broker is away.
 */
public final class FrameSender implements AutoCloseable {
    /** Default buffer: ten minutes of frames. */
    public static final int DEFAULT_CAPACITY = 600;
    /** Pause between two attempts when the producer cannot even take a record (no metadata). */
    private static final long RETRY_PAUSE_MS = 200;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int capacity;
    private final PrintStream notices;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Indexes (1, 2, ... in offer order) of the envelopes accepted and not yet resolved (acked or failed). */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> unresolved = new java.util.concurrent.ConcurrentSkipListSet<>();
    /** The index of the first envelope dropped or failed, or Long.MAX_VALUE while none was. */
    private final AtomicLong firstLoss = new AtomicLong(Long.MAX_VALUE);
    /** Set once a {@link #deliveryGate()} is in use: the first loss is then said with what it holds back. */
    private volatile boolean deliveryGated;
    private volatile boolean lossSaid;
    private static final String LOSS_NOTICE = "logmon: kafka sink: a frame was lost (buffer full or refused); the "
            + "offsets of the -s kafka: sources are no longer committed past the lines it counted, so a restart "
            + "reads them again and sends their frames (said once)";
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Envelopes ever offered, accepted or dropped (combiner's thread writes). */
    private final AtomicLong attempted = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean failureSaid;
    /** A failure send() reported through the callback on the sender's own thread (sender thread only). */
    private Exception refused;

    /**
     * @param connection where Kafka is and the passed-through properties
     * @param topic      the frames topic
     * @param capacity   envelopes kept at most, sent or not yet acknowledged
     * @param notices    where the first failure of a kind is said, one line
     */
    public static FrameSender start(final KafkaConnection connection, final String topic, final int capacity,
                                    final PrintStream notices) {
        return start(connection, topic, capacity, notices, null);
    }

    /**
     * @param uncaught where an {@link Error} ending the sender's thread goes (the run's fatal-error
     *                 handling: a dead sender would hold every state save back), or null for the default
     */
    public static FrameSender start(final KafkaConnection connection, final String topic, final int capacity,
                                    final PrintStream notices, final Thread.UncaughtExceptionHandler uncaught) {
        return new FrameSender(props -> new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
                producerProperties(connection), topic, capacity, notices, uncaught);
    }

    /** The producer's configuration: ours, then the user's (security), then what order and no-duplicates need. */
    static Map<String, Object> producerProperties(final KafkaConnection connection) {
        final Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "logmon-frames");
        p.putAll(connection.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        return p;
    }

    FrameSender(final Function<Map<String, Object>, Producer<byte[], byte[]>> factory, final Map<String, Object> props,
                final String topic, final int capacity, final PrintStream notices) {
        this(factory, props, topic, capacity, notices, null);
    }

    FrameSender(final Function<Map<String, Object>, Producer<byte[], byte[]>> factory, final Map<String, Object> props,
                final String topic, final int capacity, final PrintStream notices,
                final Thread.UncaughtExceptionHandler uncaught) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be at least 1, not " + capacity);
        }
        this.producer = factory.apply(props);
        this.topic = topic;
        this.capacity = capacity;
        this.notices = notices;
        this.thread = new Thread(this::run, "logmon-kafka-frames");
        thread.setDaemon(true);
        if (uncaught != null) {
            thread.setUncaughtExceptionHandler(uncaught);
        }
        thread.start();
    }

    /**
     * Queues an envelope (combiner's thread; never blocks).
     *
     * @return false when the buffer is full: the envelope is dropped and counted
     */
    public boolean offer(final FrameEnvelope e) {
        final long index = attempted.incrementAndGet();
        if (closing || outstanding.get() >= capacity) {
            dropped.incrementAndGet();
            lost(index, e);
            return false;
        }
        outstanding.incrementAndGet();
        unresolved.add(index);
        queue.add(new Pending(index, e));
        return true;
    }

    /** An envelope accepted, with its place in the offer order. */
    private record Pending(long index, FrameEnvelope envelope) {
    }

    private void run() {
        Pending next = null;
        while (true) {
            if (next == null) {
                try {
                    next = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (next == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
            }
            try {
                refused = null;
                final FrameEnvelope e = next.envelope();
                final long index = next.index();
                producer.send(new ProducerRecord<>(topic, null, e.key(), e.frame(), e.headers()),
                        (metadata, failure) -> acked(index, e, failure));
                if (refused instanceof RetriableException r) {
                    throw r;
                }
                if (refused != null) {
                    throw new KafkaException(refused.getMessage(), refused);
                }
                next = null;
            } catch (RetriableException e) {
                // no metadata yet (the broker is away at start): the same envelope again, order kept
                retried.incrementAndGet();
                say("waiting for Kafka: " + e.getClass().getSimpleName());
                if (closing) {
                    return;
                }
                try {
                    Thread.sleep(RETRY_PAUSE_MS);
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (RuntimeException e) {
                // anything else (a fatal KafkaException, a closed producer, an unexpected bug in a
                // client or interceptor) costs this envelope, counted, never the thread: a dead
                // sender would hold every state save back for good and fill the buffer unseen
                failed.incrementAndGet();
                outstanding.decrementAndGet();
                unresolved.remove(next.index());
                lost(next.index(), next.envelope());
                say("a frame could not be sent: " + TextSafety.oneLine(String.valueOf(e.getMessage())));
                next = null;
            }
        }
    }

    private void acked(final long index, final FrameEnvelope envelope, final Exception e) {
        if (e != null && Thread.currentThread() == thread) {
            // called inside send(): the record was never taken (no metadata while the broker is
            // away); the sender thread tries it again, in order
            refused = e;
            return;
        }
        outstanding.decrementAndGet();
        if (e == null) {
            sent.incrementAndGet();
        } else {
            failed.incrementAndGet();
            lost(index, envelope);
            say("a frame was not accepted: " + TextSafety.oneLine(String.valueOf(e.getMessage())));
        }
        unresolved.remove(index);
    }

    /**
     * Envelope {@code index} will never reach the broker (dropped by a full buffer, or failed). A
     * heartbeat (no frame) carries no counts: losing it loses no line's frame, so it holds no
     * commit back (an idle instance whose broker is away long enough drops heartbeats only).
     */
    private void lost(final long index, final FrameEnvelope envelope) {
        if (envelope.heartbeat()) {
            return;
        }
        firstLoss.accumulateAndGet(index, Math::min);
        if (deliveryGated && !lossSaid) {
            lossSaid = true;
            notices.println(LOSS_NOTICE);
        }
    }

    private void say(final String message) {
        if (!failureSaid) {
            failureSaid = true;
            notices.println("logmon: kafka sink: " + message + " (said once; see the kafka counters in snapshots)");
        }
    }

    /**
     * Holds {@code --state-dir} saves back until the frames offered before them are acknowledged
     * (or given up on: dropped, failed), so a crash never leaves a save counting lines whose frames
     * the aggregate will not get. Acknowledgements come in order: one instance's records share a
     * partition.
     */
    public dev.logmon.core.state.CheckpointGate checkpointGate() {
        return new dev.logmon.core.state.CheckpointGate() {
            @Override
            public long mark() {
                return attempted.get();
            }

            @Override
            public boolean passed(final long mark) {
                return resolvedThrough(mark);
            }
        };
    }

    /**
     * Holds the commits of the {@code -s kafka:} sources' offsets back until the frames offered
     * before them are acknowledged by the broker; unlike {@link #checkpointGate()}, a frame given
     * up on (dropped by a full buffer, refused) never lets a mark at or after it pass: the lines it
     * counted stay uncommitted, so a restart reads them again and their frames reach the aggregate
     * (at least once for the fleet view). Marks before the first loss still pass.
     */
    public dev.logmon.core.state.CheckpointGate deliveryGate() {
        deliveryGated = true;
        if (firstLoss.get() != Long.MAX_VALUE && !lossSaid) {
            lossSaid = true;
            notices.println(LOSS_NOTICE);
        }
        return new dev.logmon.core.state.CheckpointGate() {
            @Override
            public long mark() {
                return attempted.get();
            }

            @Override
            public boolean passed(final long mark) {
                return mark < firstLoss.get() && resolvedThrough(mark);
            }
        };
    }

    /** True when every envelope offered up to index {@code mark} is acknowledged, failed or dropped. */
    private boolean resolvedThrough(final long mark) {
        if (mark > attempted.get()) {
            return false;
        }
        final Long oldest = unresolved.isEmpty() ? null : firstOrNull();
        return oldest == null || oldest > mark;
    }

    private Long firstOrNull() {
        try {
            return unresolved.first();
        } catch (java.util.NoSuchElementException e) {
            return null; // resolved meanwhile
        }
    }

    /** Envelopes acknowledged by the broker. */
    public long sent() {
        return sent.get();
    }

    /** Envelopes dropped because the buffer was full (or offered after the close). */
    public long dropped() {
        return dropped.get();
    }

    /** Envelopes the producer gave up on (a fatal error: authorization, a record too large). */
    public long failed() {
        return failed.get();
    }

    /** Envelopes waiting: queued or sent and not yet acknowledged. */
    public long waiting() {
        return outstanding.get();
    }

    /** The buffer's capacity in envelopes. */
    public int capacity() {
        return capacity;
    }

    /** The counters as a sink's: sent, retried, failed (dropped included), pending. */
    public DeliveryStats stats() {
        return new DeliveryStats("kafka", sent.get(), retried.get(), failed.get() + dropped.get(), outstanding.get());
    }

    /**
     * Sends what waits, within {@code timeoutMs}, then closes the producer.
     *
     * @return true when every envelope offered was acknowledged
     */
    public boolean close(final long timeoutMs) {
        closing = true;
        final long failedBefore = failed.get();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            thread.join(Math.max(1, timeoutMs));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
            }
            final long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            producer.close(Duration.ofMillis(left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.close(Duration.ZERO);
        } catch (KafkaException e) {
            say("closing: " + TextSafety.oneLine(String.valueOf(e.getMessage())));
        }
        return outstanding.get() == 0 && failed.get() == failedBefore;
    }

    @Override
    public void close() {
        close(10_000);
    }
}
