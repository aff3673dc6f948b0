package dev.logmon.core.time;

import dev.logmon.core.EngineHarness;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerReadings;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Arrival seconds on the monotonic clock, labels on the wall clock (RELIABILITY row 41), with injected clocks. */
class ArrivalClockTest {
    /** A wall clock and a monotonic clock the test moves by hand. */
    static final class SteppedClock implements Clock {
        volatile long wallMs;
        volatile long monoNs;

        SteppedClock(final long wallMs) {
            this.wallMs = wallMs;
            this.monoNs = 123_456_789L; // any origin
        }

        void pass(final long ms) {
            wallMs += ms;
            monoNs += ms * 1_000_000L;
        }

        @Override
        public long millis() {
            return wallMs;
        }

        @Override
        public long nanos() {
            return monoNs;
        }
    }

    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    private String notices() {
        return noticeBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldFollowTheMonotonicClockAndMoveOnlyTheLabelsWhenTheWallClockSteps() {
        final SteppedClock c = new SteppedClock(T0 * 1000 + 250);
        final ArrivalClock arrival = new ArrivalClock(c, notices);
        assertThat(arrival.second()).isEqualTo(T0);
        c.pass(10_000);
        assertThat(arrival.check()).isZero();
        assertThat(arrival.second()).isEqualTo(T0 + 10);

        c.wallMs += 3_600_000; // NTP step forward by an hour
        c.pass(1_000);
        assertThat(arrival.second()).as("no hour skipped").isEqualTo(T0 + 11);
        assertThat(arrival.check()).isEqualTo(3_600);
        assertThat(arrival.check()).isEqualTo(3_600);
        assertThat(notices().lines()).hasSize(1).first().asString().contains("stepped forward by 3600 s");

        c.wallMs -= 300_000; // and back five minutes
        c.pass(1_000);
        assertThat(arrival.second()).as("no second repeated").isEqualTo(T0 + 12);
        assertThat(arrival.check()).isEqualTo(3_300);
        assertThat(notices().lines()).hasSize(2).last().asString().contains("stepped back by 300 s");
    }

    @Test
    void shouldNotTakeSlowDriftForAStep() {
        final SteppedClock c = new SteppedClock(T0 * 1000);
        final ArrivalClock arrival = new ArrivalClock(c, notices);
        for (int i = 0; i < 1_800; i++) {
            c.pass(1_000);
            c.wallMs += 1; // the wall clock runs 1 ms a second fast (slewing): 1.8 s in half an hour
            assertThat(arrival.check()).isZero();
        }
        assertThat(arrival.second()).isEqualTo(T0 + 1_800);
        assertThat(notices()).isEmpty();
    }

    @Test
    void shouldKeepWindowsAndLifetimeSecondsOnArrivalSecondsAndLabelSnapshotsAndAlertsByTheWallClock() {
        // the combiner in arrival time, ticked by monotonic seconds, labelled through the arrival clock
        final SteppedClock c = new SteppedClock(T0 * 1000);
        final ArrivalClock arrival = new ArrivalClock(c, notices);
        final EngineHarness h = new EngineHarness(1, 1_000, new AlertRule(AlertRuleKind.RELATIVE, 10, 0), 1, T0,
                setup -> setup.readings(new CombinerReadings() {
                    @Override
                    public long labelOffsetSeconds() {
                        return arrival.labelOffsetSeconds();
                    }
                }));
        for (long s = T0; s < T0 + 200; s++) {
            h.hits(s, 5);
            c.pass(1_000);
            if (s == T0 + 150) {
                c.wallMs += 3_600_000;
            }
            arrival.check();
            h.tick(s);
        }
        h.tick(T0 + 200, true);
        final Snapshot last = h.out.last();
        assertThat(last.second()).as("labelled by the wall clock").isEqualTo(T0 + 200 + 3_600);
        assertThat(last.lifetime().seconds()).as("seconds that passed").isEqualTo(201);
        assertThat(last.lifetime().rate()).isEqualTo(1_000 / 201.0);
        assertThat(last.twoMinutes().hits()).isEqualTo(119 * 5);
        assertThat(h.out.alerts()).as("steady traffic: no alert").isEmpty();
        final long[] labels = h.out.snapshots().stream().mapToLong(Snapshot::second).toArray();
        assertThat(labels).as("one snapshot a second, the labels jumping once").hasSize(202);
        assertThat(labels[149] - T0).isEqualTo(149);
        assertThat(labels[150] - T0).as("stepped just before second 150 closed").isEqualTo(150 + 3_600);
    }
}
