package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.SecondSeries;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotCombinerSecondHitsTest {
    private static final long T0 = 1_000_000L;

    private final FrameExchange exchange = new FrameExchange(16);
    private final List<Snapshot> published = new ArrayList<>();
    private final SnapshotCombiner combiner = new SnapshotCombiner(CombinerSetup.builder(new FrameExchange[] {exchange}, 16,
            new AlertRule(AlertRuleKind.RELATIVE, 10, 0), new SnapshotPublisher() {
                @Override
                public void publishSnapshot(final Snapshot snapshot) {
                    published.add(snapshot);
                }

                @Override
                public void publishAlert(final AlertEvent alert) {
                }
            }).top(5).everySeconds(1).startSecond(T0).build());

    private void second(final long s, final long hits) {
        if (hits > 0) {
            final Frame f = exchange.obtain(s);
            f.hits = hits;
            exchange.seal(f, s);
        }
        combiner.onTick(s, false);
    }

    @Test
    void shouldListHitsOfEachSecondOldestFirstWhileWarmingUp() {
        second(T0, 3);
        second(T0 + 1, 0);
        second(T0 + 2, 7);

        final Snapshot last = published.get(published.size() - 1);
        assertThat(last.second()).isEqualTo(T0 + 2);
        assertThat(last.secondHits().toArray()).containsExactly(3, 0, 7);
        assertThat(last.secondHits().max()).isEqualTo(7);
        assertThat(last.twoMinutes().seconds()).isEqualTo(3);
    }

    @Test
    void shouldKeepOnlyTheLast120SecondsAndSumToTheTwoMinuteHits() {
        for (long s = 0; s < 200; s++) {
            second(T0 + s, s);
        }

        final Snapshot last = published.get(published.size() - 1);
        final long[] series = last.secondHits().toArray();
        assertThat(series).hasSize(120);
        assertThat(series[0]).isEqualTo(80);
        assertThat(series[119]).isEqualTo(199);
        long sum = 0;
        for (final long h : series) {
            sum += h;
        }
        assertThat(sum).isEqualTo(last.twoMinutes().hits());
    }

    @Test
    void shouldCountLateFramesInTheirOwnSecond() {
        second(T0, 1);
        second(T0 + 1, 1);
        final Frame late = exchange.obtain(T0);
        late.hits = 5;
        exchange.seal(late, T0 + 2);
        second(T0 + 2, 2);

        assertThat(published.get(published.size() - 1).secondHits().toArray()).containsExactly(6, 1, 2);
    }

    @Test
    void shouldGiveHandBuiltSnapshotsAnEmptySeries() {
        final Snapshot s = new Snapshot(0, false, null, null, null, null, null, 0, List.of(), List.of());
        assertThat(s.secondHits()).isEqualTo(SecondSeries.EMPTY);
        assertThat(SecondSeries.of(1, 2).equals(SecondSeries.of(1, 2))).isTrue();
    }

    @Test
    void shouldKeepEachSnapshotsSeriesAsPublishedWhileLaterSecondsArrive() {
        second(T0, 4);
        final Snapshot first = published.get(published.size() - 1);
        for (long s = 1; s < 130; s++) {
            second(T0 + s, 10 + s);
        }
        // The combiner hands each snapshot a fresh array: an earlier snapshot never sees later seconds.
        assertThat(first.secondHits().toArray()).containsExactly(4);
        final long[] copy = published.get(published.size() - 1).secondHits().toArray();
        copy[0] = -1;
        assertThat(published.get(published.size() - 1).secondHits().at(0)).isEqualTo(10 + 10);
    }

    @Test
    void shouldCopyInOfButAdoptInAdopting() {
        final long[] hits = {1, 2, 3};
        final SecondSeries copied = SecondSeries.of(hits);
        final SecondSeries adopted = SecondSeries.adopting(hits);
        hits[0] = 9;
        assertThat(copied.at(0)).isEqualTo(1);
        assertThat(adopted.at(0)).isEqualTo(9);
        assertThat(SecondSeries.adopting(new long[0])).isSameAs(SecondSeries.EMPTY);
    }
}
