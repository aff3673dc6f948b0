package dev.logmon.core.combine;

import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * A replay's source progress as counted ({@code --once} in log time): each source's lines and end
 * offset among the events the combiner has seen, so a snapshot before the final one shows each
 * source's lines, bytes read and bytes left as of its own tick, and a source as done once its end
 * came before that tick. The same replay then gives the same snapshots however fast each reader ran.
 * Owned by the combiner's thread.
 */
final class CountedProgress {
    private final long[] lines;
    private final long[] end;
    private final IntToLongFunction finishedAt;

    /**
     * @param sourceCount how many sources publish
     * @param finishedAt  the last tick before a source ended ({@link dev.logmon.core.time.LogWatermark#finishedAtTick})
     */
    CountedProgress(final int sourceCount, final IntToLongFunction finishedAt) {
        this.lines = new long[sourceCount];
        this.end = new long[sourceCount];
        this.finishedAt = finishedAt;
    }

    /** Counts a data event of its source. */
    void onLine(final LogEvent event) {
        if (event.sourceId >= 0 && event.sourceId < lines.length) {
            lines[event.sourceId]++;
            end[event.sourceId] = event.lineEnd;
        }
    }

    /**
     * The sources' states as counted up to {@code current} (the last closed second, or
     * {@link WindowRing#UNSET} before the first).
     */
    List<SourceStatus> of(final List<SourceStatus> live, final long current) {
        final List<SourceStatus> counted = new ArrayList<>(live.size());
        for (int k = 0; k < live.size(); k++) {
            final SourceStatus st = live.get(k);
            if (k >= lines.length) {
                counted.add(st);
                continue;
            }
            final boolean done = current != WindowRing.UNSET && current > finishedAt.applyAsLong(k);
            final long e = end[k];
            counted.add(new SourceStatus(st.path(), done ? SourceState.DONE : SourceState.READING,
                    Math.max(0, st.sizeBytes() - e), lines[k], st.rotations(), st.truncations(),
                    st.sizeBytes(), e));
        }
        return counted;
    }
}
