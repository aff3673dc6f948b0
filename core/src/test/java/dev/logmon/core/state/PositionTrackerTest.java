package dev.logmon.core.state;

import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The safe offset: every line before it is in the lifetime after the tick, none after it that is not. */
class PositionTrackerTest {
    private static final long T = 1_000;
    private final PositionTracker t = new PositionTracker(2);
    private long offset;

    private void line(final int source, final long second) {
        line(source, second, false);
    }

    private void line(final int source, final long second, final boolean future) {
        final LogEvent e = new LogEvent();
        e.future = future;
        e.kind = LogEvent.DATA;
        e.sourceId = source;
        e.second = second;
        e.lineStart = offset;
        e.lineEnd = offset + 10;
        offset += 10;
        t.onLine(e);
    }

    @Test
    void shouldStopBeforeTheFirstLineOfASecondTheTickHasNotClosed() {
        line(0, T);         // 0..10
        line(0, T + 1);     // 10..20
        line(0, T + 1);     // 20..30
        line(0, T + 2);     // 30..40
        t.onTick(T, false);
        assertThat(t.safeOffset(0)).isEqualTo(10);
        t.onTick(T + 1, false);
        assertThat(t.safeOffset(0)).isEqualTo(30);
        t.onTick(T + 2, false);
        assertThat(t.safeOffset(0)).as("all counted: the end of the last line").isEqualTo(40);
    }

    @Test
    void shouldNeverPassALateSecondLineThatFollowsANewerOne() {
        line(0, T + 3);     // 0..10   not closed by TICK T+2
        line(0, T + 1);     // 10..20  closed (counted) but after the first: read again after a crash
        t.onTick(T + 2, false);
        assertThat(t.safeOffset(0)).isZero();
    }

    @Test
    void shouldNotLetALineBeyondTheFutureHorizonHoldThePositionBack() {
        line(0, T);                                                 // 0..10
        t.onTick(T, false);
        line(0, T + 2 * 86_400, true);                              // 10..20: marked future, counted at the next tick
        line(0, T + 1);                                             // 20..30
        line(0, T + 2);                                             // 30..40
        t.onTick(T + 1, false);
        assertThat(t.safeOffset(0)).as("up to the first line of a second not closed").isEqualTo(30);
        t.onTick(T + 2, false);
        assertThat(t.safeOffset(0)).isEqualTo(40);
    }

    @Test
    void shouldGiveTheEndOfEverythingAtTheFinalTick() {
        line(0, T + 50);
        line(0, T + 60);
        t.onTick(T, true);
        assertThat(t.safeOffset(0)).isEqualTo(20);
    }

    @Test
    void shouldKeepSourcesApartAndMoveOnlyTheEndForMalformedLines() {
        line(0, T + 1);
        line(1, T + 1);
        final LogEvent bad = new LogEvent();
        bad.setMalformed(MalformedReason.BAD_HOST);
        bad.sourceId = 1;
        bad.lineStart = 20;
        bad.lineEnd = 35;
        t.onLine(bad);
        t.onTick(T + 1, false);
        assertThat(t.safeOffset(0)).isEqualTo(10);
        assertThat(t.safeOffset(1)).isEqualTo(35);
        assertThat(t.seen(0)).isTrue();
    }

    @Test
    void shouldStayOnTheSafeSideWhenRecordsOverflow() {
        for (int i = 0; i < PositionTracker.MAX_RECORDS + 10; i++) {
            line(0, T + i);
        }
        t.onTick(T + PositionTracker.MAX_RECORDS - 2, false);
        // the newest records were merged into one that keeps the earliest offset
        assertThat(t.safeOffset(0)).isLessThanOrEqualTo((PositionTracker.MAX_RECORDS - 1) * 10L);
        t.onTick(T + PositionTracker.MAX_RECORDS + 9, false);
        assertThat(t.safeOffset(0)).isEqualTo((PositionTracker.MAX_RECORDS + 10) * 10L);
    }

    @Test
    void shouldKeepThePositionInTheNewestFileWhileARotatedOneIsReadOn() {
        final LogEvent e = new LogEvent();
        e.kind = LogEvent.DATA;
        e.sourceId = 0;
        e.second = T;
        e.generation = 1; // the new file at the path
        e.lineStart = 0;
        e.lineEnd = 100;
        t.onLine(e);
        e.generation = 0; // the rotated file, read on after the new one began
        e.second = T + 5;
        e.lineStart = 5_000;
        e.lineEnd = 5_100;
        t.onLine(e);
        t.onTick(T + 5, true);
        assertThat(t.safeGeneration(0)).isEqualTo(1);
        assertThat(t.safeOffset(0)).isEqualTo(100);
    }
}
