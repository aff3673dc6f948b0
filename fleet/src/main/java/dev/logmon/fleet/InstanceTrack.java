package dev.logmon.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.logmon.core.snapshot.InstanceStatus;

/**
 * What the aggregator knows of one instance: the last second it closed, when it was last heard
 * from, and, per run, the last record number merged (so a record seen again is dropped). Owned by
 * the aggregator's thread.
 */
final class InstanceTrack {
    /** Runs remembered per instance (a restart starts a run; older runs only matter for redeliveries). */
    private static final int RUNS = 16;

    final String id;
    long closed = Long.MIN_VALUE;
    long heardMs;
    long frames;
    long duplicates;
    long missing;
    private final Map<String, Long> lastSeq = new LinkedHashMap<>(RUNS, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, Long> eldest) {
            return size() > RUNS;
        }
    };

    InstanceTrack(final String id) {
        this.id = id;
    }

    /**
     * Records an envelope's number.
     *
     * @return false when it was merged already (a redelivery): drop it
     */
    boolean admit(final String run, final long seq) {
        final Long last = lastSeq.get(run);
        final long prev = last == null ? 0 : last;
        if (seq <= prev) {
            duplicates++;
            return false;
        }
        if (last != null && seq > prev + 1) {
            missing += seq - prev - 1; // numbered, never arrived: dropped by the instance's full buffer
        }
        lastSeq.put(run, seq);
        return true;
    }

    InstanceStatus status(final long newest, final long nowMs, final long latenessSeconds, final long goneAfterMs) {
        return new InstanceStatus(id, closed, lag(newest), state(newest, nowMs, latenessSeconds, goneAfterMs), frames,
                duplicates, missing);
    }

    long lag(final long newest) {
        return closed == Long.MIN_VALUE || newest == Long.MIN_VALUE ? 0 : Math.max(0, newest - closed);
    }

    InstanceStatus.State state(final long newest, final long nowMs, final long latenessSeconds, final long goneAfterMs) {
        if (nowMs - heardMs > goneAfterMs) {
            return InstanceStatus.State.GONE;
        }
        return lag(newest) > latenessSeconds ? InstanceStatus.State.LATE : InstanceStatus.State.LIVE;
    }
}
