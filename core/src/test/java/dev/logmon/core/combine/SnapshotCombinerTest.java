package dev.logmon.core.combine;

import dev.logmon.core.EngineHarness;
import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.analyze.ShardAnalyzer;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

class SnapshotCombinerTest {

    @Test
    void shouldKeepALineInTheTenSecondViewForTenSecondsAndInTheTwoMinuteViewForOneHundredTwenty() {
        final EngineHarness h = EngineHarness.logTime();
        final long s = T0 + 5;
        h.tickThrough(T0, s - 1);
        h.hits(s, 1);
        for (long t = s; t <= s + 125; t++) {
            h.tick(t);
            final Snapshot snap = h.now();
            assertThat(snap.second()).isEqualTo(t);
            assertThat(snap.tenSeconds().hits()).as("10 s view at s+%d", t - s).isEqualTo(t <= s + 9 ? 1 : 0);
            assertThat(snap.twoMinutes().hits()).as("2 min view at s+%d", t - s).isEqualTo(t <= s + 119 ? 1 : 0);
            assertThat(snap.lifetime().hits()).isEqualTo(1);
        }
    }

    @Test
    void shouldCountALateLineInsideTheWindowInItsOwnSecond() {
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0, 1);
        h.tickThrough(T0, T0 + 50);
        h.hits(T0 + 20, 3);
        h.tick(T0 + 51);
        Snapshot snap = h.now();
        assertThat(snap.twoMinutes().hits()).isEqualTo(4);
        assertThat(snap.tenSeconds().hits()).isZero();
        assertThat(snap.lines().late()).isZero();
        h.tickThrough(T0 + 52, T0 + 139);
        assertThat(h.now().twoMinutes().hits()).as("second T0+20 still inside at T0+139").isEqualTo(3);
        h.tick(T0 + 140);
        snap = h.now();
        assertThat(snap.twoMinutes().hits()).as("second T0+20 leaves the window at T0+140").isZero();
        assertThat(snap.lifetime().hits()).isEqualTo(4);
    }

    @Test
    void shouldCountALineOlderThanTheWindowInLifetimeAndLateOnly() {
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0, 1);
        h.tickThrough(T0, T0 + 200);
        h.hits(T0 + 82, 2);
        h.hits(T0 + 80, 5);
        h.tick(T0 + 201);
        final Snapshot snap = h.now();
        // read while T0+200 was the newest complete second: its window is (T0+80, T0+200]
        assertThat(snap.lines().late()).as("T0+80 is 120 s behind T0+200: just outside").isEqualTo(5);
        assertThat(snap.twoMinutes().hits()).isEqualTo(2);
        assertThat(snap.lifetime().hits()).isEqualTo(8);
        assertThat(snap.lines().parsed()).isEqualTo(8);
    }

    @Test
    void shouldCountALineReadOutOfOrderJustBeforeLogTimeJumpsInItsOwnSecond() {
        // the four lines, with the ticks the watermark puts between them: 00:00:00,
        // 00:00:10, 00:00:05, 01:00:00 of one day
        final EngineHarness h = new EngineHarness(1, 1_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 1, null);
        h.hits(T0, 1);
        h.tick(T0 - 1);
        h.hits(T0 + 10, 1);
        h.tick(T0 + 9);
        h.hits(T0 + 5, 1); // read while T0+9 is the newest complete second: inside its window
        h.hits(T0 + 3_600, 1);
        h.tick(T0 + 3_599);
        h.tick(T0 + 3_600, true);
        final Snapshot at10 = snapshotAt(h, T0 + 10);
        assertThat(at10.twoMinutes().hits()).isEqualTo(3);
        assertThat(at10.tenSeconds().hits()).as("T0+5 is still inside (T0, T0+10]").isEqualTo(2);
        assertThat(snapshotAt(h, T0 + 124).twoMinutes().hits()).as("T0+5 and T0+10 inside (T0+4, T0+124]").isEqualTo(2);
        assertThat(snapshotAt(h, T0 + 125).twoMinutes().hits()).as("T0+5 has left (T0+5, T0+125]").isEqualTo(1);
        assertThat(h.out.last().lines().late()).isZero();
        assertThat(h.out.last().lifetime().hits()).isEqualTo(4);
    }

    @Test
    void shouldMoveTheStartBackForALineReadOutOfOrderBeforeTheFirstSecondOfTheRun() {
        final EngineHarness h = new EngineHarness(1, 1_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 1, null);
        h.hits(T0 + 100, 2);
        h.hits(T0 + 101, 1);
        h.tick(T0 + 100);
        h.hits(T0 + 30, 4); // before the run's first second, inside the window of T0+100
        h.hits(T0 + 102, 1);
        h.tick(T0 + 101);
        h.tick(T0 + 102, true);
        final Snapshot at101 = snapshotAt(h, T0 + 101);
        assertThat(at101.twoMinutes().hits()).isEqualTo(7);
        assertThat(at101.twoMinutes().seconds()).as("the run now starts at T0+30").isEqualTo(72);
        assertThat(h.out.last().lifetime().seconds()).isEqualTo(73);
        assertThat(h.out.last().lines().late()).isZero();
        assertThat(snapshotAt(h, T0 + 100).twoMinutes().hits()).as("published before the line was read").isEqualTo(2);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.SECONDS)
    void shouldJumpAGapOfYearsAtOnceAndStillPlaceALineReadOutOfOrderJustAfterIt() {
        // closing ten years second by second took tens of seconds; the gap holds nothing to publish
        final EngineHarness h = new EngineHarness(1, 1_000, new AlertRule(AlertRuleKind.RELATIVE, 1, 0), 1, null);
        h.hits(T0, 1);
        h.tick(T0);
        final long later = T0 + 10L * 365 * 86_400;
        h.hits(later, 1);
        h.tick(later - 1);
        h.hits(later + 30, 1);
        h.tick(later + 29);
        h.hits(later - 50, 1); // out of order, inside the window of later+29: before the jump's last 2 minutes
        h.tick(later + 30, true);
        final Snapshot last = h.out.last();
        assertThat(last.lines().late()).isZero();
        assertThat(last.twoMinutes().hits()).isEqualTo(3);
        assertThat(last.lifetime().seconds()).isEqualTo(later + 30 - T0 + 1);
        assertThat(snapshotAt(h, later).twoMinutes().hits()).as("published before the out-of-order line").isEqualTo(1);
        assertThat(h.out.alerts()).isEmpty();
    }

    /** The periodic (not final) snapshot of a second. */
    private static Snapshot snapshotAt(final EngineHarness h, final long second) {
        return h.out.snapshots().stream().filter(s -> s.second() == second && !s.last()).findFirst().orElseThrow();
    }

    @Test
    void shouldCountAFarFutureLineInLifetimeAndFutureOnly() {
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0, 1);
        h.tickThrough(T0, T0 + 5);
        h.futureHits(T0 + 100_000, 4);
        h.tick(T0 + 6);
        final Snapshot snap = h.now();
        assertThat(snap.lines().future()).isEqualTo(4);
        assertThat(snap.lifetime().hits()).isEqualTo(5);
        assertThat(snap.twoMinutes().hits()).isEqualTo(1);
        assertThat(snap.second()).isEqualTo(T0 + 6);
    }

    @Test
    void shouldHoldALineFarAheadOfLogTimeUntilItsSecondComesWhenItsSourceWaitsForTheOthers() {
        // a file a day ahead of the others publishes the line that moves it ahead, then waits
        // (LogWatermark): that line lands in its own second once the others have caught up
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0, 1);
        h.tickThrough(T0, T0 + 5);
        h.hits(T0 + 86_400, 2);
        h.tickThrough(T0 + 6, T0 + 600);
        assertThat(h.now().lines().future()).isZero();
        assertThat(h.now().lifetime().hits()).isEqualTo(1);
        h.tick(T0 + 86_400);
        final Snapshot snap = h.now();
        assertThat(snap.tenSeconds().hits()).isEqualTo(2);
        assertThat(snap.lines().future()).isZero();
        assertThat(snap.lines().late()).isZero();
    }

    @Test
    void shouldKeepAFewFramesWhenADayOfLinesWrapsBackWithNoTickBetween() {
        // timestamps wrap back one day: every line is late, and log time does not move (no tick)
        // until the wrapped lines pass the newest second again
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0 + 86_400, 1);
        h.tick(T0 + 86_399);
        h.hits(T0 + 86_401, 1);
        h.tick(T0 + 86_400);
        for (long s = T0; s < T0 + 86_400; s += 3) {
            h.hits(s, 1);
        }
        h.tick(T0 + 86_400 + 1, true);
        // the last 40 wrapped seconds fall inside the window again (one frame each), the rest into
        // a few late spill frames: not a frame per second of the day
        assertThat(h.exchanges[0].allocated()).as("frames created").isLessThan(40 + 2 + ShardAnalyzer.MAX_LATE_FRAMES + 4);
        final Snapshot last = h.out.last();
        assertThat(last.lines().late()).as("stamped at or before T0+86280, the window's edge").isEqualTo(86_280 / 3 + 1);
        assertThat(last.lifetime().hits()).isEqualTo(86_400 / 3 + 2);
    }

    @Test
    void shouldPushTheFrameFurthestAheadIntoFutureWhenTooManySecondsAreOpen() {
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0, 1);
        h.tick(T0);
        final int ahead = ShardAnalyzer.MAX_OPEN_FRAMES + 50;
        for (int k = ahead; k >= 1; k--) {
            h.hits(T0 + 1_000 * k, 1); // a thousand distinct seconds far ahead of log time
        }
        assertThat(h.exchanges[0].allocated()).as("frames created").isLessThanOrEqualTo(ShardAnalyzer.MAX_OPEN_FRAMES + 2);
        h.tick(T0 + 1_000 * ahead, true);
        final Snapshot last = h.out.last();
        assertThat(last.lines().future()).as("the 50 furthest").isEqualTo(50);
        assertThat(last.lifetime().hits()).isEqualTo(ahead + 1);
    }

    @Test
    void shouldHoldANearFutureLineUntilItsSecondComes() {
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0, 1);
        h.tick(T0);
        h.hits(T0 + 30, 2);
        h.tickThrough(T0 + 1, T0 + 29);
        assertThat(h.now().lifetime().hits()).isEqualTo(1);
        h.tick(T0 + 30);
        final Snapshot snap = h.now();
        assertThat(snap.tenSeconds().hits()).isEqualTo(2);
        assertThat(snap.lines().future()).isZero();
    }

    @Test
    void shouldReportALifetimeRateOfOneForOneHitPerSecondOverAnHour() {
        final EngineHarness h = EngineHarness.logTime();
        for (long s = T0; s < T0 + 3_600; s++) {
            h.hits(s, 1);
            h.tick(s);
        }
        h.tick(T0 + 3_599, true);
        final Snapshot last = h.out.last();
        assertThat(last.last()).isTrue();
        assertThat(last.lifetime().seconds()).isEqualTo(3_600);
        assertThat(last.lifetime().rate()).isEqualTo(1.0);
        assertThat(last.twoMinutes().rate()).isEqualTo(1.0);
        assertThat(last.tenSeconds().rate()).isEqualTo(1.0);
    }

    @Test
    void shouldStartTheLifetimeAtTheFirstLineWhenTheWatermarkTicksTheSecondBeforeIt() {
        // LogWatermark ticks "max - 1" as soon as the first line is read: TICK(T0-1) comes before
        // the frame of T0 is sealed. That empty second must not count in the lifetime.
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0, 1);
        h.tick(T0 - 1);
        for (long s = T0 + 1; s < T0 + 3_600; s++) {
            h.hits(s, 1);
            h.tick(s - 1);
        }
        h.tick(T0 + 3_599, true);
        final Snapshot last = h.out.last();
        assertThat(last.lifetime().seconds()).isEqualTo(3_600);
        assertThat(last.lifetime().rate()).isEqualTo(1.0);
    }

    @Test
    void shouldPublishEveryNSecondsAndOnlyTheFirstOfAnIdleStretch() {
        final EngineHarness h = new EngineHarness(1, 1_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 10, T0);
        for (long s = T0; s < T0 + 30; s++) {
            h.hits(s, 1);
            h.tick(s);
        }
        h.tickThrough(T0 + 30, T0 + 199);
        h.hits(T0 + 200, 1);
        h.tickThrough(T0 + 200, T0 + 215);
        // T0 is a multiple of 10: snapshots fall on multiples of --every. Data until T0+29 keeps the
        // 2-minute window busy until T0+148; T0+150 is the first idle one, then silence until T0+200.
        final List<Long> expected = everyTenThrough(150);
        expected.add(200L);
        expected.add(210L);
        assertThat(secondsSinceT0(h)).containsExactlyElementsOf(expected);
        assertThat(h.out.snapshots().get(15).twoMinutes().hits()).as("the first idle snapshot").isZero();
        assertThat(h.out.snapshots().get(14).twoMinutes().hits()).as("the last busy one").isPositive();
        assertThat(h.out.snapshots()).noneMatch(Snapshot::last);
    }

    @Test
    void shouldPublishAnIdleSnapshotWhenASourceChangesState() {
        // arrival time, following a file that has no traffic yet
        final EngineHarness h = new EngineHarness(1, 1_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 10, T0);
        h.sources.add(new SourceStatus("access.log", SourceState.STARTING, 0, 0, 0, 0));
        h.tickThrough(T0, T0 + 35);
        h.sources.set(0, new SourceStatus("access.log", SourceState.DENIED, 0, 0, 0, 0));
        h.tickThrough(T0 + 36, T0 + 75); // the change shows at the next multiple of --every, once
        h.sources.set(0, new SourceStatus("access.log", SourceState.WAITING, 0, 0, 0, 0));
        h.tickThrough(T0 + 76, T0 + 95);
        // stopping: the source is done, and the final snapshot alone says so (no periodic twin)
        h.sources.set(0, new SourceStatus("access.log", SourceState.DONE, 0, 0, 0, 0));
        h.tick(T0 + 100, true);
        final List<Long> seconds = new ArrayList<>();
        final List<SourceState> states = new ArrayList<>();
        for (final Snapshot s : h.out.snapshots()) {
            seconds.add(s.second() - T0);
            states.add(s.sources().get(0).state());
        }
        assertThat(seconds).containsExactly(0L, 40L, 80L, 100L);
        assertThat(states).containsExactly(SourceState.STARTING, SourceState.DENIED, SourceState.WAITING, SourceState.DONE);
        assertThat(h.out.snapshots().get(3).last()).isTrue();
    }

    @Test
    void shouldNotPublishForAStateChangeInsideALogTimeGap() {
        // log time: a source finishes reading (its watermark ticks) while the log is in a year-long
        // gap; the gap closes inside one tick, so output must not depend on when the change came
        final EngineHarness h = EngineHarness.logTime();
        h.sources.add(new SourceStatus("-", SourceState.READING, 0, 0, 0, 0));
        for (long s = T0; s < T0 + 3; s++) {
            h.hits(s, 1);
            h.tick(s);
        }
        h.tick(T0 + 135); // the watermark of a line at T0+136: the window is empty by now
        h.sources.set(0, new SourceStatus("-", SourceState.DONE, 0, 0, 0, 0));
        final long gap = 365L * 86_400;
        h.hits(T0 + gap + 5, 1);
        h.tick(T0 + gap + 5);
        h.tick(T0 + gap + 6, true);
        // every 10 s while the window holds the first lines, T0+130 the first idle one, then the
        // final snapshot: no second of the gap stands for the change
        final List<Long> expected = everyTenThrough(130);
        expected.add(gap + 6);
        assertThat(secondsSinceT0(h)).containsExactlyElementsOf(expected);
        assertThat(h.out.last().sources().get(0).state()).isEqualTo(SourceState.DONE);
    }

    private static List<Long> secondsSinceT0(final EngineHarness h) {
        final List<Long> seconds = new ArrayList<>();
        for (final Snapshot s : h.out.snapshots()) {
            seconds.add(s.second() - T0);
        }
        return seconds;
    }

    /** 0, 10, 20 .. {@code last}, in a list the caller may extend. */
    private static List<Long> everyTenThrough(final long last) {
        final List<Long> seconds = new ArrayList<>();
        for (long k = 0; k <= last; k += 10) {
            seconds.add(k);
        }
        return seconds;
    }

    @Test
    void shouldPublishAFinalSnapshotMarkedLast() {
        final EngineHarness h = EngineHarness.logTime();
        h.hits(T0 + 1, 3);
        h.tick(T0 + 3, true); // no multiple of 10 in T0+1..T0+3: only the final snapshot
        assertThat(h.out.snapshots()).hasSize(1);
        assertThat(h.out.last().last()).isTrue();
        assertThat(h.combiner.isFinished()).isTrue();
        assertThat(h.combiner.latest()).isSameAs(h.out.last());
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 3, 4, 8})
    void shouldGiveTheSameSnapshotsWithSeveralShardsAsWithOne(final int shards) {
        final AlertRule rule1 = new AlertRule(AlertRuleKind.ABSOLUTE, 3, 5);
        final AlertRule ruleN = new AlertRule(AlertRuleKind.ABSOLUTE, 3, 5);
        final EngineHarness one = new EngineHarness(1, 400 * shards, rule1, 7, null);
        final EngineHarness many = new EngineHarness(shards, 400, ruleN, 7, null);
        final SplittableRandom rnd = new SplittableRandom(shards);
        for (long s = T0; s < T0 + 400; s++) {
            final int n = s > T0 + 150 && s < T0 + 250 ? 10 : rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                final long second = rnd.nextInt(20) == 0 ? s - rnd.nextInt(200) : s;
                final String line = TestLines.randomLine(rnd, second, 300);
                one.line(line);
                many.line(line);
                if (rnd.nextInt(30) == 0) {
                    one.malformed(MalformedReason.BAD_STATUS);
                    many.malformed(MalformedReason.BAD_STATUS);
                }
            }
            one.tick(s);
            many.tick(s);
        }
        one.tick(T0 + 400, true);
        many.tick(T0 + 400, true);
        assertThat(many.out.snapshots()).hasSizeGreaterThan(50).isEqualTo(one.out.snapshots());
        assertThat(many.out.alerts()).isNotEmpty().isEqualTo(one.out.alerts());
        final LineCounts lines = many.out.last().lines();
        assertThat(lines.late()).isPositive();
        assertThat(lines.read()).isEqualTo(lines.parsed() + lines.malformed());
    }

    @Test
    void shouldCountMalformedLinesOnceThroughShardZero() {
        final EngineHarness h = new EngineHarness(3, 100, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 10, null);
        h.hits(T0, 5);
        h.malformed(MalformedReason.EMPTY);
        h.malformed(MalformedReason.BAD_HOST);
        h.malformed(MalformedReason.BAD_HOST);
        h.tick(T0);
        h.malformed(MalformedReason.TOO_LONG);
        h.tick(T0 + 1);
        h.tick(T0 + 2, true);
        final LineCounts lines = h.out.last().lines();
        assertThat(lines.parsed()).isEqualTo(5);
        assertThat(lines.malformed()).isEqualTo(4);
        assertThat(lines.read()).isEqualTo(9);
        assertThat(lines.malformedByReason()).containsEntry(MalformedReason.EMPTY, 1L)
                .containsEntry(MalformedReason.BAD_HOST, 2L).containsEntry(MalformedReason.TOO_LONG, 1L)
                .containsEntry(MalformedReason.BAD_SIZE, 0L);
    }

    @Test
    void shouldRecycleFramesSoAnalyzersStopAllocatingThem() {
        final EngineHarness h = new EngineHarness(2, 100, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 10, null);
        for (long s = T0; s < T0 + 50; s++) {
            h.hits(s, 20);
            h.malformed(MalformedReason.EMPTY);
            h.tick(s);
        }
        final long before = h.exchanges[0].allocated() + h.exchanges[1].allocated();
        for (long s = T0 + 50; s < T0 + 500; s++) {
            h.hits(s, 20);
            h.malformed(MalformedReason.EMPTY);
            h.tick(s);
        }
        assertThat(h.exchanges[0].allocated() + h.exchanges[1].allocated()).isEqualTo(before);
    }

    @Test
    void shouldLoseNoFrameWhenThePublisherThrowsInTheMiddleOfATickThatSpansSeveralSeconds() {
        final RecordingPublisher out = new RecordingPublisher();
        final boolean[] thrown = {false};
        final SnapshotPublisher failingOnce = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
                if (!thrown[0]) {
                    thrown[0] = true;
                    throw new IllegalStateException("publisher failed once");
                }
                out.publishSnapshot(snapshot);
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
                out.publishAlert(alert);
            }
        };
        final FrameExchange exchange = new FrameExchange(100);
        final ShardAnalyzer analyzer = new ShardAnalyzer(0, 1, exchange);
        final SnapshotCombiner combiner = new SnapshotCombiner(CombinerSetup.builder(new FrameExchange[] {exchange}, 100,
                new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), failingOnce).top(10).everySeconds(2).startSecond(T0).build());
        for (long s = T0; s < T0 + 6; s++) {
            analyzer.onEvent(TestLines.parsed(TestLines.line("h", s, "/", 200, 1)), 0, true);
        }
        analyzer.onEvent(TestLines.malformed(MalformedReason.EMPTY), 0, true);
        analyzer.onEvent(TestLines.tick(T0 + 5, false), 0, true);
        try {
            combiner.onTick(T0 + 5, false);
        } catch (IllegalStateException e) {
            // the ring's exception handler counts it and the combiner gets the next event
        }
        assertThat(thrown[0]).isTrue();
        analyzer.onEvent(TestLines.tick(T0 + 6, true), 0, true);
        combiner.onTick(T0 + 6, true);
        final Snapshot last = out.last();
        assertThat(last.last()).isTrue();
        assertThat(last.lifetime().hits()).isEqualTo(6);
        assertThat(last.lines().malformed()).isEqualTo(1);
        assertThat(last.twoMinutes().hits()).isEqualTo(6);
    }

    @Test
    void shouldKeepTheWindowRingBoundedAndTotalsExactWhenEveryHostAndSectionIsDistinct() {
        final EngineHarness h = new EngineHarness(1, 10_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e12, 0), 10, null);
        final int perSecond = 3_000;
        final int seconds = 130;
        int n = 0;
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < perSecond; i++, n++) {
                h.line(TestLines.line("d" + n, T0 + s, "/u" + n + "/x", 200, 10));
            }
            h.tick(T0 + s);
        }
        final Snapshot snap = h.now();
        assertThat(snap.lifetime().hits()).isEqualTo((long) perSecond * seconds);
        assertThat(snap.twoMinutes().hits()).isEqualTo((long) perSecond * SnapshotCombiner.WINDOW);
        assertThat(snap.twoMinutes().bytes()).isEqualTo(10L * perSecond * SnapshotCombiner.WINDOW);
        assertThat(snap.twoMinutes().hosts()).hasSize(10);
        assertThat(snap.twoMinutes().topErrorBound()).as("approximate beyond the capacity, and says so").isPositive();
        // 1,024 keys a second: 2,048-slot tables of 40 bytes a slot, plus short keys, for two counters.
        final long perSlotBound = 2 * (2_048L * 40 + 32_768);
        assertThat(h.combiner.ringRetainedBytes()).isLessThanOrEqualTo(SnapshotCombiner.WINDOW * perSlotBound);
    }
}
