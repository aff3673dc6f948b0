package dev.logmon.core.history;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.analyze.FrameCodecException;
import dev.logmon.core.format.ByteHash;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The history store's record payload: a minute as a {@link FrameCodec} frame, the same form the
 * state file and (later) other instances use. The frame's second is the minute; its top lists are
 * the record's ({@value MinuteRecord#TOP} at most) with {@link MinuteRecord#topErrorBound()} as
 * their error bound; its histograms are the record's.
 *
 * <pre>
 *   encode: MinuteRecord --fill a frame--> Frame --FrameCodec--> bytes
 *   decode: bytes --FrameCodec--> Frame --MinuteRecord.of--> MinuteRecord
 * </pre>
 *
 * Keys are hashed again from their text, as {@link HistoryQuery} does when it merges records.
 * Reuses one frame and one codec: one instance per thread (the writer's store, each reader).
 */
final class MinuteRecordCodec {
    private final FrameCodec codec = new FrameCodec();
    private final Frame frame = new Frame(2 * MinuteRecord.TOP);

    /** The payload of a record. */
    byte[] encode(final MinuteRecord r) {
        final Frame f = frame;
        f.clear(r.minute());
        if (f.sizes.getTotalCount() > 0) {
            f.sizes.reset();
        }
        if (f.latency.getTotalCount() > 0) {
            f.latency.reset();
        }
        f.hits = r.hits();
        f.bytes = r.bytes();
        final long[] status = r.status();
        System.arraycopy(status, 0, f.status, 0, Math.min(status.length, f.status.length));
        final long[] malformed = r.malformed();
        System.arraycopy(malformed, 0, f.malformed, 0, Math.min(malformed.length, f.malformed.length));
        for (final SectionCount s : r.sections()) {
            final byte[] key = s.section().getBytes(StandardCharsets.UTF_8);
            f.sections.add(ByteHash.hash(key, 0, key.length), key, 0, key.length, s.hits(), s.clientErrors(),
                    s.serverErrors());
        }
        for (final HostCount h : r.hosts()) {
            final byte[] key = h.host().getBytes(StandardCharsets.UTF_8);
            f.hosts.add(ByteHash.hash(key, 0, key.length), key, 0, key.length, h.bytes(), h.hits(), 0);
        }
        f.sections.addPurged(0, 0, 0, r.topErrorBound());
        f.hosts.addPurged(0, 0, 0, r.topErrorBound());
        if (r.sizes().length > 0) {
            f.sizes.add(MinuteRecord.decode(r.sizes()));
        }
        if (r.latency().length > 0) {
            f.latency.add(MinuteRecord.decode(r.latency()));
        }
        return codec.encodeToArray(f);
    }

    /**
     * Reads a payload back.
     *
     * @throws IOException when it is not a frame this version reads (the message says why)
     */
    MinuteRecord decode(final byte[] payload) throws IOException {
        try {
            codec.decode(payload, frame);
        } catch (FrameCodecException e) {
            throw new IOException(e.getMessage(), e);
        }
        return MinuteRecord.of(frame.second, frame);
    }
}
