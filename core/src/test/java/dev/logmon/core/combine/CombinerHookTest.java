package dev.logmon.core.combine;

import dev.logmon.core.EngineHarness;
import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.Frame;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** What the engine's hooks see of the combiner, and when: every line, every frame once, in a fixed order. */
class CombinerHookTest {

    /** Records each call as a word; sums what it is shown. */
    private static final class RecordingHook implements CombinerHook {
        final List<String> calls = new ArrayList<>();
        RecordingPublisher out;
        long lines;
        long frameHits;
        LifetimeTotals lastTotals;
        long lastTotalsHits;

        @Override
        public void onLine(final LogEvent event) {
            lines++;
        }

        @Override
        public void onLifetimeFrame(final Frame frame) {
            frameHits += frame.hits;
        }

        @Override
        public void onSecondClosed(final long second) {
            calls.add("closed " + (second - T0));
        }

        @Override
        public void onFlush() {
            calls.add("flush after " + out.snapshots().size() + " snapshots");
        }

        @Override
        public void onTickMerged(final long tick, final boolean last, final LifetimeTotals totals) {
            calls.add("merged " + (tick - T0) + (last ? " last" : "") + " after " + out.snapshots().size() + " snapshots");
            lastTotals = totals;
            lastTotalsHits = totals.lifetime().hits;
        }
    }

    /** As the ring delivers a data event: to every analyzer, then to the combiner. */
    private static void line(final EngineHarness h, final LogEvent e) {
        h.event(e);
        h.combiner.onEvent(e, 0, true);
    }

    @Test
    void shouldShowHooksEveryLineAndFrameAndTheFinalTickAroundTheFinalSnapshot() {
        final RecordingHook recording = new RecordingHook();
        final EngineHarness h = EngineHarness.logTime(setup -> setup.hook(recording));
        recording.out = h.out;
        for (int i = 0; i < 4; i++) {
            line(h, TestLines.parsed(TestLines.line("h" + i, T0, "/a/b", 200, 10)));
        }
        line(h, TestLines.malformed(MalformedReason.EMPTY));
        h.tick(T0);
        line(h, TestLines.parsed(TestLines.line("h", T0 + 1, "/a/b", 200, 10)));
        line(h, TestLines.parsed(TestLines.line("h", T0 + 1, "/a/b", 200, 10)));
        line(h, TestLines.parsed(TestLines.line("h", T0 - 500, "/a/b", 200, 10))); // late: lifetime only
        h.tick(T0 + 1, true);

        assertThat(recording.lines).as("every data event").isEqualTo(8);
        assertThat(recording.frameHits).as("every frame once").isEqualTo(7);
        assertThat(recording.lastTotalsHits).isEqualTo(7);
        assertThat(recording.lastTotals.late()).isEqualTo(1);
        assertThat(recording.lastTotals.seconds()).isEqualTo(2);
        final int snapshots = h.out.snapshots().size();
        assertThat(h.out.snapshots().get(snapshots - 1).last()).isTrue();
        assertThat(recording.calls).containsExactly(
                "closed 0",
                "merged 0 after " + (snapshots - 1) + " snapshots",
                "closed 1",
                "flush after " + (snapshots - 1) + " snapshots",
                "merged 1 last after " + snapshots + " snapshots");
    }
}
