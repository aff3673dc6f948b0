package dev.logmon.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One Kafka record of the frames topic: who sent it and where it stands, in headers, and the
 * frame itself ({@link dev.logmon.core.analyze.FrameCodec}'s binary form) as the value. The key
 * is the instance id, so an instance's records stay on one partition, in order.
 *
 * <pre>
 *   key     instance id (UTF-8)
 *   header  lm.instance   instance id (UTF-8)
 *           lm.run        run id: random per process start (UTF-8)
 *           lm.seq        8 bytes, big endian: 1, 2, 3 ... per run, every record (heartbeats too)
 *           lm.closed     8 bytes: the last second (epoch, wall-clock label) this instance has closed
 *   value   a frame (the frame's own second, spill and counters), or empty: a heartbeat that
 *           only moves lm.closed on
 * </pre>
 *
 * (instance, run, seq) names a record once: an aggregator that sees it again (a producer retry,
 * a consumer re-reading after a restart) drops it.
 *
 * @param instance the instance id
 * @param run      the run id
 * @param seq      the record's number in its run, from 1
 * @param closed   the last second the instance has closed
 * @param frame    the encoded frame; an empty array for a heartbeat
 */
public record FrameEnvelope(String instance, String run, long seq, long closed, byte[] frame) {
    static final String INSTANCE = "lm.instance";
    static final String RUN = "lm.run";
    static final String SEQ = "lm.seq";
    static final String CLOSED = "lm.closed";

    public FrameEnvelope {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(run, "run");
        frame = frame == null ? new byte[0] : frame;
    }

    /** True for a heartbeat (no frame). */
    public boolean heartbeat() {
        return frame.length == 0;
    }

    /** The record key: the instance id. */
    byte[] key() {
        return instance.getBytes(StandardCharsets.UTF_8);
    }

    /** The headers of this envelope. */
    Headers headers() {
        final RecordHeaders h = new RecordHeaders();
        h.add(INSTANCE, instance.getBytes(StandardCharsets.UTF_8));
        h.add(RUN, run.getBytes(StandardCharsets.UTF_8));
        h.add(SEQ, ByteBuffer.allocate(8).putLong(seq).array());
        h.add(CLOSED, ByteBuffer.allocate(8).putLong(closed).array());
        return h;
    }

    /**
     * The envelope of a record, or an exception naming what is missing (a record some other
     * producer wrote to the topic).
     */
    static FrameEnvelope of(final Headers headers, final byte[] value) {
        return new FrameEnvelope(text(headers, INSTANCE), text(headers, RUN), number(headers, SEQ),
                number(headers, CLOSED), value);
    }

    private static String text(final Headers headers, final String name) {
        final Header h = headers.lastHeader(name);
        if (h == null || h.value() == null) {
            throw new IllegalArgumentException("no " + name + " header");
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long number(final Headers headers, final String name) {
        final Header h = headers.lastHeader(name);
        if (h == null || h.value() == null || h.value().length != 8) {
            throw new IllegalArgumentException("no 8-byte " + name + " header");
        }
        return ByteBuffer.wrap(h.value()).getLong();
    }
}
