package dev.logmon.fleet.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
    private final PartitionProgress progress = new PartitionProgress(0);

    private void line(final int partition, final int epoch, final long offset, final long second) {
        final LogEvent e = new LogEvent();
        e.kind = LogEvent.DATA;
        e.sourceId = 0;
        e.second = second;
        e.generation = PartitionEpochs.generation(partition, epoch);
        e.lineStart = offset;
        e.lineEnd = offset + 1;
        progress.onLine(e);
    }

    private CountedOffsets.Counted counted(final int partition) {
        return progress.counted().byPartition().get(partition);
    }

    @Test
    void shouldCommitOnlyPastLinesWhoseSecondIsMerged() {
        line(0, 0, 10, 100);
        line(0, 0, 11, 100);
        line(0, 0, 12, 101);
        line(1, 0, 5, 101);
        progress.onTick(100, false);
        assertThat(counted(0)).isEqualTo(new CountedOffsets.Counted(0, 12)); // offset 12 (second 101) is still open
        assertThat(counted(1)).isEqualTo(new CountedOffsets.Counted(0, 5));
        progress.onTick(101, false);
        assertThat(counted(0).offset()).isEqualTo(13);
        assertThat(counted(1).offset()).isEqualTo(6);
    }

    @Test
    void shouldCountEverythingAtTheFinalTick() {
        line(3, 0, 7, 500);
        progress.onTick(10, true);
        assertThat(counted(3).offset()).isEqualTo(8);
    }

    @Test
    void shouldMoveTheEndWithMalformedLinesAndIgnoreOtherSources() {
        line(0, 0, 1, 100);
        final LogEvent bad = new LogEvent();
        bad.setMalformed(MalformedReason.NO_FIELD);
        bad.sourceId = 0;
        bad.generation = PartitionEpochs.generation(0, 0);
        bad.lineStart = 2;
        bad.lineEnd = 3;
        progress.onLine(bad);
        final LogEvent other = new LogEvent();
        other.kind = LogEvent.DATA;
        other.sourceId = 1;
        other.lineStart = 90;
        other.lineEnd = 91;
        progress.onLine(other);
        progress.onTick(100, false);
        assertThat(counted(0).offset()).isEqualTo(3);
        assertThat(progress.counted().byPartition()).containsOnlyKeys(0);
    }

    @Test
    void shouldStartAfreshWhenAPartitionIsReadAgainFromAnEarlierOffsetInANewEpoch() {
        line(0, 0, 50, 200);
        line(0, 0, 51, 201); // not counted before the partition was revoked
        line(0, 1, 50, 205); // assigned back, read again from the committed offset 50
        line(0, 1, 51, 205);
        progress.onTick(201, false);
        // the copies read again (second 205) are not counted yet: nothing past 50 may be committed
        assertThat(counted(0)).isEqualTo(new CountedOffsets.Counted(1, 50));
        progress.onTick(205, false);
        assertThat(counted(0)).isEqualTo(new CountedOffsets.Counted(1, 52));
    }

    @Test
    void shouldNotPublishAgainWhenNothingMoved() {
        line(0, 0, 1, 100);
        progress.onTick(100, false);
        final CountedOffsets first = progress.counted();
        progress.onTick(101, false);
        assertThat(progress.counted()).isSameAs(first);
    }

    @Test
    void shouldPackPartitionAndEpochIntoTheGeneration() {
        final int g = PartitionEpochs.generation(1_048_575, 2_047);
        assertThat(PartitionEpochs.partition(g)).isEqualTo(1_048_575);
        assertThat(PartitionEpochs.epoch(g)).isEqualTo(2_047);
        assertThat(PartitionEpochs.next(2_047)).isZero();
        assertThat(KafkaLineSource.ranges(java.util.List.of(0, 1, 2, 5, 7, 8))).isEqualTo("0-2,5,7-8");
    }
}
