package dev.logmon.fleet.lines;

import dev.logmon.core.combine.CombinerHook;
import dev.logmon.core.combine.LifetimeTotals;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.source.LinePublisher;
import dev.logmon.core.source.Source;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.LogWatermark;
import dev.logmon.fleet.KafkaConnection;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * {@code -s kafka:TOPIC}: access-log lines a shipper put into a Kafka topic, read as one member of
 * a consumer group (start N instances with the same {@code --kafka-group} and the partitions are
 * shared), published onto the ring like a file's lines ({@link RecordLines}).
 *
 * <pre>
 *   consumer thread (this source)                combiner thread (this object as a CombinerHook)
 *   poll ─► RecordLines ─► ring                   onLine: PartitionProgress (partition, epoch, offset, second)
 *     │  commitAsync(counted offsets)  ◄────────  onTickMerged: counted offsets published (volatile)
 *     │  partitions revoked: commitSync(counted)  final tick: commitSync(counted = all), close
 * </pre>
 *
 * <p><b>At least once.</b> An offset is committed only once every line before it is in the
 * combiner's lifetime totals (its tick merged). Lines read but not yet counted when partitions
 * are revoked (a rebalance) or the process dies are read again by whoever gets the partition:
 * at most the lines of the last tick or two plus those in the ring (the ring size) plus one poll
 * ({@code max.poll.records}), per instance. Nothing is lost; a clean stop commits everything
 * counted at the final tick, so nothing is counted twice. Exactly-once would need the counts and
 * the offsets in one Kafka transaction; the counts live in this process, so it is not offered.
 * With {@code --sink kafka} an offset also waits for the frames that counted its lines to be
 * acknowledged, and never passes a frame lost ({@link GatedOffsets}, {@link #gateCommits}).
 *
 * <p>{@code --once} reads up to the end offsets the assigned partitions had when they were
 * assigned, then ends (a replay, or a catch-up run from the group's committed offsets). A
 * partition a rebalance took away before it was read to that end keeps the run going until it is
 * back and read, or its new owner committed it there; the end says which partitions others read.
 *
 * <p>Broker trouble never ends the source: the consumer retries, the state says {@code waiting}
 * (broker unreachable, topic missing) with a one-line notice per episode, and reading resumes.
 */
public final class KafkaLineSource implements Source, CombinerHook {
    /** How long a poll waits for records. */
    static final Duration POLL = Duration.ofMillis(200);
    /** How long a commit at a rebalance or at the end may take. */
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The final commit and the close run on the combiner's thread inside the stop, which a signal
     * gives 5 s in all: at most 2 s for the commit and 1 s for the close (a reachable cluster takes
     * milliseconds; an unreachable one would otherwise hold the stop past its budget).
     */
    static final Duration FINAL_COMMIT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /**
     * With {@code --sink kafka}, how long the final commit waits for the last frames to be
     * acknowledged; then it commits what is acknowledged (the rest is read again at the next start).
     */
    static final Duration FINAL_FRAMES_WAIT = Duration.ofSeconds(1);
    /** Quiet polls before the broker and topic are checked. */
    private static final long CHECK_EVERY_NANOS = 2_000_000_000L;

    private final int id;
    private final String name;
    private final String topic;
    private final String group;
    private final KafkaConnection connection;
    private final LinePublisher lines;
    private final RecordLines records;
    private final boolean once;
    private final LogWatermark watermark;
    private final PrintStream notices;
    private final PartitionProgress progress;

    /** Partition → its current assignment (consumer thread only; read by the final tick once it has ended). */
    private final Map<Integer, Owned> owned = new HashMap<>();
    /** Partition → the epoch of its latest assignment (consumer thread). */
    private final Map<Integer, Integer> epochs = new HashMap<>();
    /** With once: partition → end offset when first assigned. */
    private final Map<Integer, Long> endAtStart = new HashMap<>();
    /**
     * With once: partitions known to be read to their end at start, by this member or (their
     * committed offset there) by another one. A partition taken away with part of it unread is not
     * done: the run waits for it to come back or for its new owner to commit it to that end.
     */
    private final java.util.Set<Integer> readToEnd = new java.util.HashSet<>();
    /** With once: partitions read to their end by other members (said at the end). */
    private final TreeSet<Integer> readByOthers = new TreeSet<>();
    private long othersCheckedAt;
    private boolean assignedOnce;
    /**
     * False from partitions revoked or lost until the next assignment: an empty assignment then
     * is a rebalance under way, not the group giving this member nothing.
     */
    private boolean settled;
    /** What the last commit was made from; null after a failed one (tried again at {@link #retryCommitAt}). */
    private CountedOffsets lastCommitted = CountedOffsets.NONE;
    private long retryCommitAt;
    private boolean idle;
    private long quietSince;
    private String trouble;
    private String lastCommitError;
    /** The final commit is done: close() revokes the partitions, and their commit must not be tried again. */
    private boolean closing;

    private volatile KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
    private volatile boolean stopping;
    /**
     * Set by the first of the two ends to come, the consumer thread's end and the final tick; the
     * second commits the counted offsets and closes the consumer (exactly once, never while the
     * consumer thread may still use it).
     */
    private final java.util.concurrent.atomic.AtomicBoolean oneEnded = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile SourceState state = SourceState.STARTING;
    private volatile String detail = "";
    private volatile long commits;
    private volatile long commitFailures;
    private volatile long revocations;
    private volatile long losses;
    /** Records returned by a poll for a partition this source no longer owned (not published). */
    private volatile long skippedNotOwned;
    /** With once: records past the end offset captured at assignment (left for the next run). */
    private volatile long skippedPastEnd;
    /** With {@code --sink kafka}: commits wait for the frames of the counted lines; null without. */
    private volatile GatedOffsets gated;
    /** A test seam: run after each polled batch is published (consumer thread); null in use. */
    volatile Runnable afterBatch;

    /** One partition assigned to this consumer. */
    private static final class Owned {
        final int epoch;
        /** The first offset read in this assignment (-1 before): commits never go below it. */
        long floor = -1;
        /** The last offset committed for it. */
        long committed = -1;

        Owned(final int epoch) {
            this.epoch = epoch;
        }
    }

    /**
     * @param id           source index
     * @param name         the {@code -s} argument ({@code kafka:TOPIC})
     * @param topic        the topic
     * @param group        the consumer group
     * @param valueField   the JSON envelope's field holding the line, or null when the value is the line
     * @param connection   bootstrap servers and client properties
     * @param lines        this source's way onto the ring
     * @param maxLineBytes longest line parsed
     * @param once         read to the end offsets at assignment, then end
     * @param watermark    log-time progress (null in arrival time)
     * @param notices      one-line notices
     */
    public KafkaLineSource(final int id, final String name, final String topic, final String group,
                           final String valueField, final KafkaConnection connection, final LinePublisher lines,
                           final int maxLineBytes, final boolean once, final LogWatermark watermark,
                           final PrintStream notices) {
        this.id = id;
        this.name = name;
        this.topic = topic;
        this.group = group;
        this.connection = connection;
        this.lines = lines;
        this.records = new RecordLines(lines, valueField, maxLineBytes);
        this.once = once;
        this.watermark = watermark;
        this.notices = notices;
        this.progress = new PartitionProgress(id);
    }

    /** The consumer's configuration: the passed-through properties, then what this source needs. */
    Map<String, Object> consumerConfig() {
        final Map<String, Object> c = connection.clientProperties();
        c.put("group.id", group);
        c.put("enable.auto.commit", "false");
        c.putIfAbsent("auto.offset.reset", "earliest");
        // a rebalance takes away only the partitions that move (the eager default takes all, so
        // every member would read again what it had not counted yet of partitions it keeps)
        c.putIfAbsent("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        // a reader never creates the topic it waits for (a deleted topic stays gone until made again)
        c.putIfAbsent("allow.auto.create.topics", "false");
        c.putIfAbsent("client.id", "logmon-" + topic);
        c.put("key.deserializer", ByteBufferDeserializer.class.getName());
        c.put("value.deserializer", ByteBufferDeserializer.class.getName());
        return c;
    }

    @Override
    public void run() {
        try {
            final KafkaConsumer<ByteBuffer, ByteBuffer> c;
            try {
                c = new KafkaConsumer<>(consumerConfig());
            } catch (KafkaException e) {
                notices.println("logmon: " + name + ": cannot create the Kafka consumer ("
                        + TextSafety.oneLine(connection.explain(e)) + ")");
                return;
            }
            consumer = c;
            if (stopping) {
                return;
            }
            c.subscribe(List.of(topic), new Rebalance());
            loop(c);
        } finally {
            lines.flush();
            if (watermark != null) {
                watermark.finish(id);
            }
            state = SourceState.DONE;
            if (!oneEnded.compareAndSet(false, true)) {
                // the final tick came first (this thread outlived the stop's wait): the counted
                // offsets are final, and closing is this thread's to do (the group must not wait
                // for the member to time out)
                commitAndClose();
            }
        }
    }

    private void loop(final KafkaConsumer<ByteBuffer, ByteBuffer> c) {
        long lastStatus = 0;
        quietSince = System.nanoTime();
        while (!stopping) {
            try {
                final ConsumerRecords<ByteBuffer, ByteBuffer> batch = c.poll(POLL);
                lines.refreshClock();
                if (batch.isEmpty()) {
                    if (quiet(c) && once) {
                        notices.println("logmon: " + name + ": no topic " + TextSafety.oneLine(topic)
                                + " on the cluster; nothing to read (--once)");
                        return;
                    }
                } else {
                    setIdle(false);
                    quietSince = System.nanoTime();
                    publish(batch);
                    lines.flush();
                    final Runnable hook = afterBatch;
                    if (hook != null) {
                        hook.run();
                    }
                }
                commitCounted(c);
                if (System.nanoTime() - lastStatus > 1_000_000_000L) {
                    lastStatus = System.nanoTime();
                    describe(c);
                }
                if (once && caughtUp(c)) {
                    describe(c); // the final snapshot shows the partitions read
                    sayWhatOthersRead();
                    return;
                }
            } catch (WakeupException e) {
                return; // stop()
            } catch (InterruptException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KafkaException e) {
                // e.g. an authorization or offset error: said once per distinct message, tried again
                troubled(message(e));
                state = SourceState.WAITING;
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void publish(final ConsumerRecords<ByteBuffer, ByteBuffer> batch) throws InterruptedException {
        if (trouble != null) {
            notices.println("logmon: " + name + ": reading again");
            trouble = null;
        }
        for (final ConsumerRecord<ByteBuffer, ByteBuffer> r : batch) {
            final int p = r.partition();
            final Owned o = owned.get(p);
            if (o == null) {
                skippedNotOwned++;
                continue; // revoked within this poll: whoever owns it now reads it
            }
            if (once) {
                final Long end = endAtStart.get(p);
                if (end != null && r.offset() >= end) {
                    skippedPastEnd++;
                    continue; // arrived after the start: left (uncommitted) for the next run
                }
            }
            if (o.floor < 0) {
                o.floor = r.offset();
            }
            records.publish(r.value(), p, o.epoch, r.offset());
            if (once) {
                final Long end = endAtStart.get(p);
                if (end != null && r.offset() + 1 >= end) {
                    readToEnd.add(p);
                }
            }
        }
    }

    /**
     * A poll without records: idle for the watermark; every few seconds, check broker and topic.
     *
     * @return true when the cluster answered that the topic does not exist
     */
    private boolean quiet(final KafkaConsumer<ByteBuffer, ByteBuffer> c) {
        setIdle(true);
        if (System.nanoTime() - quietSince < CHECK_EVERY_NANOS) {
            return false;
        }
        quietSince = System.nanoTime();
        try {
            // listTopics asks the cluster (partitionsFor may answer from the consumer's cache)
            final List<PartitionInfo> parts = c.listTopics(Duration.ofSeconds(2)).get(topic);
            if (parts == null || parts.isEmpty()) {
                if (!once) {
                    troubled("no topic " + topic + " on the cluster (waiting for it)");
                }
                state = SourceState.WAITING;
                return true;
            } else if (trouble != null && owned.isEmpty()) {
                state = SourceState.WAITING; // the topic is back; waiting for the group to assign partitions
            } else {
                if (trouble != null) {
                    notices.println("logmon: " + name + ": the broker and topic are back");
                    trouble = null;
                }
                state = once ? SourceState.READING : SourceState.FOLLOWING;
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            troubled("cannot reach the Kafka cluster at " + connection.bootstrapServers() + " (retrying)");
            state = SourceState.WAITING;
        }
        return false;
    }

    private void troubled(final String what) {
        if (!what.equals(trouble)) {
            trouble = what;
            notices.println("logmon: " + name + ": " + TextSafety.oneLine(what));
        }
    }

    /**
     * With {@code --sink kafka}: an offset is committed only once the frames of the tick that
     * counted its lines are acknowledged by the broker (never past a frame lost); the final commit
     * comes from {@link #framesOffered} then, after the last frames are offered. Call before start.
     */
    void gateCommits(final dev.logmon.core.state.CheckpointGate gate) {
        gated = new GatedOffsets(gate);
    }

    /**
     * The frames of the tick just merged are offered to the kafka sink, up to {@code mark}
     * (combiner's thread, after the frame publisher's hook).
     */
    void framesOffered(final long mark, final boolean last) {
        final GatedOffsets g = gated;
        if (g == null) {
            return;
        }
        g.offer(progress.counted(), mark);
        if (last) {
            finalCommit();
        }
    }

    /** What may be committed now: the counted offsets, or with the kafka sink those whose frames are acknowledged. */
    private CountedOffsets committable() {
        final GatedOffsets g = gated;
        return g == null ? progress.counted() : g.committable();
    }

    /** Commits the offsets counted since the last commit, for the partitions still assigned in the same epoch. */
    private void commitCounted(final KafkaConsumer<ByteBuffer, ByteBuffer> c) {
        final CountedOffsets now = committable();
        if (now == lastCommitted || lastCommitted == null && System.nanoTime() - retryCommitAt < 0) {
            return;
        }
        lastCommitted = now;
        final Map<TopicPartition, OffsetAndMetadata> offsets = toCommit(now, owned.keySet());
        if (offsets.isEmpty()) {
            return;
        }
        c.commitAsync(offsets, (done, failure) -> {
            if (failure == null) {
                commits++;
                done.forEach((tp, om) -> {
                    final Owned o = owned.get(tp.partition());
                    if (o != null) {
                        o.committed = Math.max(o.committed, om.offset());
                    }
                });
            } else {
                commitFailures++;
                lastCommitted = null; // tried again in a second, even if nothing more is counted
                retryCommitAt = System.nanoTime() + 1_000_000_000L;
                final String why = message(failure);
                if (!why.equals(lastCommitError)) {
                    lastCommitError = why;
                    notices.println("logmon: " + name + ": a commit failed (" + why + "); the next one covers it");
                }
            }
        });
    }

    /** The counted offsets worth committing for {@code partitions}: same epoch, past the floor and the last commit. */
    private Map<TopicPartition, OffsetAndMetadata> toCommit(final CountedOffsets counted,
                                                            final Collection<Integer> partitions) {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final Integer p : partitions) {
            final Owned o = owned.get(p);
            final CountedOffsets.Counted k = counted.byPartition().get(p);
            if (o == null || k == null || k.epoch() != o.epoch || o.floor < 0 || k.offset() <= o.floor
                    || k.offset() <= o.committed) {
                continue;
            }
            offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(k.offset()));
        }
        return offsets;
    }

    /** Commits what is counted of {@code partitions} now, waiting (a rebalance, the end). */
    private void commitNow(final KafkaConsumer<ByteBuffer, ByteBuffer> c, final Collection<Integer> partitions,
                           final Duration timeout) {
        final Map<TopicPartition, OffsetAndMetadata> offsets = toCommit(committable(), partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                c.commitSync(offsets, timeout);
            } catch (WakeupException e) {
                // stop() woke the consumer after its loop had ended (or inside a rebalance): the
                // wakeup is spent by this throw, and what is counted is still worth committing
                c.commitSync(offsets, timeout);
            }
            commits++;
            offsets.forEach((tp, om) -> {
                final Owned o = owned.get(tp.partition());
                if (o != null) {
                    o.committed = Math.max(o.committed, om.offset());
                }
            });
        } catch (KafkaException e) {
            commitFailures++;
            notices.println("logmon: " + name + ": cannot commit the counted offsets (" + message(e)
                    + "); their lines will be read again");
        }
    }

    /** With once: every assigned partition is read up to its end offset at assignment. */
    private boolean caughtUp(final KafkaConsumer<ByteBuffer, ByteBuffer> c) {
        if (!assignedOnce) {
            return false;
        }
        if (owned.isEmpty()) {
            if (!settled) {
                return false; // partitions taken away (revoked, lost): the group assigns them again
            }
            if (!endAtStart.isEmpty()) {
                return othersDone(c); // held some before: done when those are read to their end
            }
            // the group gave this member nothing: no such topic, or the other members hold every partition
            final List<PartitionInfo> parts = c.listTopics(Duration.ofSeconds(2)).get(topic);
            notices.println("logmon: " + name + ": " + (parts == null || parts.isEmpty()
                    ? "no topic " + TextSafety.oneLine(topic) + " on the cluster"
                    : "no partition assigned to this instance (other members of group " + TextSafety.oneLine(group)
                            + " hold them)") + "; nothing to read (--once)");
            return true;
        }
        final List<TopicPartition> unknown = new ArrayList<>();
        for (final Integer p : owned.keySet()) {
            if (!endAtStart.containsKey(p)) {
                unknown.add(new TopicPartition(topic, p));
            }
        }
        if (!unknown.isEmpty()) {
            consumer.endOffsets(unknown, COMMIT_TIMEOUT).forEach((tp, end) -> endAtStart.put(tp.partition(), end));
        }
        for (final Integer p : owned.keySet()) {
            final Long end = endAtStart.get(p);
            if (end == null) {
                return false;
            }
            if (c.position(new TopicPartition(topic, p), COMMIT_TIMEOUT) < end) {
                return false;
            }
            readToEnd.add(p);
        }
        return othersDone(c);
    }

    /**
     * With once: every partition this member held but no longer does (taken by a rebalance with
     * part of it unread) is read to its end at start by someone: the group's committed offset is
     * there. Until then the run goes on (the partition comes back when its new owner leaves), or
     * the run would end short with exit 0. Asked at most once a second.
     */
    private boolean othersDone(final KafkaConsumer<ByteBuffer, ByteBuffer> c) {
        final java.util.Set<TopicPartition> open = new java.util.HashSet<>();
        for (final Integer p : endAtStart.keySet()) {
            if (!owned.containsKey(p) && !readToEnd.contains(p)) {
                open.add(new TopicPartition(topic, p));
            }
        }
        if (open.isEmpty()) {
            return true;
        }
        if (System.nanoTime() - othersCheckedAt < 1_000_000_000L) {
            return false;
        }
        othersCheckedAt = System.nanoTime();
        final Map<TopicPartition, OffsetAndMetadata> committed = c.committed(open, COMMIT_TIMEOUT);
        for (final TopicPartition tp : open) {
            final OffsetAndMetadata om = committed.get(tp);
            if (om == null || om.offset() < endAtStart.get(tp.partition())) {
                return false;
            }
            readToEnd.add(tp.partition());
            readByOthers.add(tp.partition());
        }
        return true;
    }

    /** With once, at the end: what this member did not read itself, said so that no short count is silent. */
    private void sayWhatOthersRead() {
        if (!readByOthers.isEmpty()) {
            notices.println("logmon: " + name + ": partitions " + ranges(readByOthers) + " were taken by other members of group "
                    + TextSafety.oneLine(group) + " and read to their end by them; their lines are counted there (--once)");
        }
        if (skippedNotOwned > 0) {
            notices.println("logmon: " + name + ": " + skippedNotOwned + " records of partitions taken away within a poll "
                    + "were left to their new owner (--once)");
        }
    }

    /** The status line's detail: group, partitions, lag. */
    private void describe(final KafkaConsumer<ByteBuffer, ByteBuffer> c) {
        final TreeSet<Integer> parts = new TreeSet<>(owned.keySet());
        long lag = 0;
        boolean lagKnown = true;
        for (final Integer p : parts) {
            final java.util.OptionalLong l = c.currentLag(new TopicPartition(topic, p));
            if (l.isPresent()) {
                lag += l.getAsLong();
            } else {
                lagKnown = false;
            }
        }
        if (state != SourceState.WAITING && !owned.isEmpty()) {
            state = once || (lagKnown && lag > 0) ? SourceState.READING : SourceState.FOLLOWING;
        }
        detail = "group " + group + ", partitions " + (parts.isEmpty() ? "none" : ranges(parts))
                + (parts.isEmpty() ? "" : ", lag " + (lagKnown ? Long.toString(lag) : "?"));
    }

    /** 0-3,5 */
    static String ranges(final Collection<Integer> sorted) {
        final StringBuilder sb = new StringBuilder();
        int start = -2;
        int prev = -2;
        for (final int p : sorted) {
            if (p != prev + 1) {
                if (start >= 0) {
                    sb.append(start == prev ? "" + start : start + "-" + prev).append(',');
                }
                start = p;
            }
            prev = p;
        }
        if (start >= 0) {
            sb.append(start == prev ? "" + start : start + "-" + prev);
        }
        return sb.toString();
    }

    private void setIdle(final boolean nowIdle) {
        if (watermark != null && !once && idle != nowIdle) {
            idle = nowIdle;
            watermark.idle(id, nowIdle);
        }
    }

    /** Partitions come and go (on the consumer thread, inside poll). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            if (closing) {
                return; // close() leaving the group, on the combiner's thread: the final commit was just made
            }
            revocations++;
            settled = false;
            lines.flush();
            final List<Integer> ps = new ArrayList<>();
            partitions.forEach(tp -> ps.add(tp.partition()));
            commitNow(consumer, ps, COMMIT_TIMEOUT); // what is counted; the rest is read again by the next owner
            ps.forEach(owned::remove);
            describe(consumer);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            losses++;
            settled = false;
            partitions.forEach(tp -> owned.remove(tp.partition())); // another member owns them already: no commit
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            assignedOnce = true;
            settled = true;
            final List<TopicPartition> fresh = new ArrayList<>();
            for (final TopicPartition tp : partitions) {
                final int p = tp.partition();
                if (p >= PartitionEpochs.MAX_PARTITIONS) {
                    troubled("partition " + p + " is beyond the " + PartitionEpochs.MAX_PARTITIONS + " this source tracks; skipped");
                    continue;
                }
                final int epoch = epochs.containsKey(p) ? PartitionEpochs.next(epochs.get(p)) : 0;
                epochs.put(p, epoch);
                owned.put(p, new Owned(epoch));
                if (once && !endAtStart.containsKey(p)) {
                    fresh.add(tp);
                }
            }
            if (!fresh.isEmpty()) {
                try {
                    consumer.endOffsets(fresh, COMMIT_TIMEOUT).forEach((tp, end) -> endAtStart.put(tp.partition(), end));
                } catch (KafkaException e) {
                    troubled("cannot read the end offsets (" + message(e) + "); asking again");
                }
            }
            if (state == SourceState.STARTING || state == SourceState.WAITING) {
                state = SourceState.READING;
            }
            describe(consumer);
        }
    }

    // ---- on the combiner's thread ----

    @Override
    public void onLine(final LogEvent event) {
        progress.onLine(event);
    }

    @Override
    public void onTickMerged(final long tick, final boolean last, final LifetimeTotals totals) {
        progress.onTick(tick, last);
        if (last && gated == null) {
            finalCommit(); // with the kafka sink, framesOffered does, once the last frames are offered
        }
    }

    /**
     * At the final tick every line read is counted: commits it all and closes the consumer, here
     * on the combiner's thread when the consumer's thread has ended, else on that thread when it
     * ends (never both at once).
     */
    private void finalCommit() {
        if (oneEnded.compareAndSet(false, true)) {
            notices.println("logmon: " + name + ": the consumer did not stop in time; it commits what was counted "
                    + "and leaves the group when it does");
            return;
        }
        commitAndClose();
    }

    private void commitAndClose() {
        final KafkaConsumer<ByteBuffer, ByteBuffer> c = consumer;
        if (c == null) {
            return;
        }
        // on the consumer's thread the stop may have interrupted it: the commit and the close still run
        final boolean interrupted = Thread.interrupted();
        try {
            closing = true;
            awaitLastFrames();
            commitNow(c, new ArrayList<>(owned.keySet()), FINAL_COMMIT_TIMEOUT);
            c.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (KafkaException e) {
            notices.println("logmon: " + name + ": " + message(e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** With the kafka sink: waits a little for the last frames' acknowledgements, so the final commit covers them. */
    private void awaitLastFrames() {
        final GatedOffsets g = gated;
        if (g == null) {
            return;
        }
        final long deadline = System.nanoTime() + FINAL_FRAMES_WAIT.toNanos();
        while (!g.allPassed() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10); // the gate has no signal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!g.allPassed()) {
            notices.println("logmon: " + name + ": the last frames were not acknowledged in time; the offsets of "
                    + "their lines are not committed, so the next start reads those lines again");
        }
    }

    @Override
    public void stop() {
        stopping = true;
        final KafkaConsumer<ByteBuffer, ByteBuffer> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public SourceStatus status() {
        final String d = detail;
        return new SourceStatus(d.isEmpty() ? name : name + " (" + d + ")", state, 0, lines.linesPublished(), 0, 0);
    }

    @Override
    public long linesRead() {
        return lines.linesPublished();
    }

    /** Commits made (asynchronous ones once acknowledged). */
    public long commits() {
        return commits;
    }

    /** Commits that failed. */
    public long commitFailures() {
        return commitFailures;
    }

    /** Rebalances that took partitions from this consumer. */
    public long revocations() {
        return revocations;
    }

    /** Times this consumer found its partitions lost (its membership ended: a session or poll timeout). */
    public long losses() {
        return losses;
    }

    /** Records a poll returned for a partition no longer owned: not published (whoever owns it reads them). */
    public long skippedNotOwned() {
        return skippedNotOwned;
    }

    /** With {@code --once}: records past the end offsets captured at assignment (left for the next run). */
    public long skippedPastEnd() {
        return skippedPastEnd;
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    private static String message(final Throwable e) {
        return TextSafety.oneLine(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
