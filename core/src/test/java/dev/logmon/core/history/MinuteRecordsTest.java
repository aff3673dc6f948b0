package dev.logmon.core.history;

import dev.logmon.core.EngineHarness;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Minutes out of the combiner (scripted ticks, no threads) and snapshots back out of minutes. */
class MinuteRecordsTest {

    @Test
    void shouldHandOverAMinuteWhenItsLastSecondClosesAndALateFrameAsAnExtraRecordOfItsMinute() {
        final List<MinuteRecord> records = new ArrayList<>();
        final EngineHarness h = EngineHarness.logTime(setup -> setup.hook(new MinuteAccumulator(records::add, 1_000)));
        h.hits(T0 + 10, 5);
        h.tick(T0 + 10);
        h.hits(T0 + 59, 3);
        h.tick(T0 + 58);
        assertThat(records).isEmpty();
        h.tick(T0 + 59);
        assertThat(records).extracting(MinuteRecord::minute, MinuteRecord::hits).containsExactly(
                org.assertj.core.groups.Tuple.tuple(T0, 8L));

        h.hits(T0 + 61, 4);
        h.tick(T0 + 61);
        h.hits(T0 + 30, 2); // late: its minute was handed over already
        h.tick(T0 + 62);
        h.malformed(MalformedReason.BAD_SIZE);
        h.tick(T0 + 63, true);

        assertThat(records).extracting(MinuteRecord::minute, MinuteRecord::hits).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(T0, 8L), org.assertj.core.groups.Tuple.tuple(T0 + 60, 4L),
                org.assertj.core.groups.Tuple.tuple(T0, 2L));
        final Snapshot last = h.combiner.latest();
        assertThat(records.stream().mapToLong(MinuteRecord::hits).sum()).isEqualTo(last.lifetime().hits()).isEqualTo(14);
        assertThat(records.stream().mapToLong(MinuteRecord::malformedTotal).sum()).isEqualTo(1);
        assertThat(records.get(0).sections()).extracting(SectionCount::section).containsExactly("/p0", "/p1", "/p2");
    }

    @Test
    void shouldReplayMinutesAsOneSnapshotPerBucketWithTheLastMinuteTheBucketAndTheRunningLifetime() {
        final long m0 = 1_795_860_000L; // 2026-11-28T10:00:00Z, a multiple of 120
        final List<MinuteRecord> records = List.of(
                HistoryStoreTest.minute(m0, 10), HistoryStoreTest.minute(m0 + 60, 20),
                HistoryStoreTest.minute(m0 + 60, 1), // a second record of one minute adds
                HistoryStoreTest.minute(m0 + 360, 7));
        final List<Snapshot> out = new ArrayList<>();

        final int n = new HistoryQuery(120, 10, 1_000, out::add).replay(records);

        assertThat(n).isEqualTo(4).isEqualTo(out.size()); // 10:00, 10:02 (empty), 10:04 (empty), 10:06
        final Snapshot first = out.get(0);
        assertThat(first.second()).isEqualTo(m0 + 119);
        assertThat(first.last()).isFalse();
        assertThat(first.twoMinutes().hits()).isEqualTo(31);
        assertThat(first.twoMinutes().seconds()).isEqualTo(120);
        assertThat(first.twoMinutes().rate()).isEqualTo(31 / 120.0);
        assertThat(first.tenSeconds().hits()).isEqualTo(21); // the bucket's last minute
        assertThat(first.tenSeconds().seconds()).isEqualTo(60);
        assertThat(first.twoMinutes().sections().get(0).hits()).isEqualTo(8 + 1); // /s0: 3 of 10, 5 of 20, 1 of 1
        assertThat(first.lifetime().latency().count()).isEqualTo(31);
        assertThat(out.get(1).twoMinutes().hits()).isZero();
        assertThat(out.get(1).lifetime().hits()).isEqualTo(31);
        final Snapshot last = out.get(3);
        assertThat(last.last()).isTrue();
        assertThat(last.second()).isEqualTo(m0 + 479);
        assertThat(last.lifetime().hits()).isEqualTo(38);
        assertThat(last.lifetime().seconds()).isEqualTo(480);
        assertThat(last.lines().parsed()).isEqualTo(38);
        assertThat(last.lines().malformed()).isEqualTo(1 + 2 + 1 + 1); // hits % 3 each
        assertThat(last.lifetime().status().c4xx()).isEqualTo(2 + 4 + 1 + 2);
        assertThat(out.subList(0, 3)).noneMatch(Snapshot::last);
    }

    @Test
    void shouldEmitNothingWithoutRecordsAndOneFinalSnapshotForOneRecord() {
        final List<Snapshot> out = new ArrayList<>();
        assertThat(new HistoryQuery(60, 10, 1_000, out::add).replay(List.of())).isZero();
        assertThat(out).isEmpty();

        final long m0 = 1_795_860_000L;
        assertThat(new HistoryQuery(3_600, 10, 1_000, out::add).replay(List.of(HistoryStoreTest.minute(m0 + 120, 9))))
                .isEqualTo(1);
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.last()).isTrue();
            assertThat(s.second()).isEqualTo(m0 + 3_599);
            assertThat(s.twoMinutes().hits()).isEqualTo(9);
            assertThat(s.tenSeconds().hits()).isZero(); // 10:59, not 10:02
        });
    }
}
