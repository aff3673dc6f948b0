package dev.logmon.core.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.format.ByteHash;
import dev.logmon.core.format.FieldValues;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.LatencySummary;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SectionLatenciesTest {

    private static LogEvent line(final int section, final long micros, final int status) {
        final LogEvent e = new LogEvent();
        e.kind = LogEvent.DATA;
        e.status = status;
        e.host[0] = 'h';
        e.hostLength = 1;
        e.hostHash = 7;
        final byte[] s = ("/s" + section).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, e.section, 0, s.length);
        e.sectionLength = s.length;
        e.sectionHash = ByteHash.hash(s, 0, s.length);
        e.latencyMicros = micros;
        return e;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldKeepEveryRequestTimeWhateverTheNumberOfSectionsAndTheOrderOfMerges(final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final Frame[] frames = new Frame[6];
        long recorded = 0;
        for (int f = 0; f < frames.length; f++) {
            frames[f] = new Frame(64);
            for (int i = 0; i < 2_000; i++) {
                final long micros = r.nextInt(4) == 0 ? -1 : r.nextLong(1, 10_000_000);
                frames[f].record(line(r.nextInt(200), micros, 200));
                recorded += micros >= 0 ? 1 : 0;
            }
        }
        final Frame forward = new Frame(64);
        final Frame backward = new Frame(64);
        for (int f = 0; f < frames.length; f++) {
            forward.add(frames[f]);
            backward.add(frames[frames.length - 1 - f]);
        }
        for (final Frame m : new Frame[] {forward, backward}) {
            assertThat(m.latency.getTotalCount()).isEqualTo(recorded);
            assertThat(m.sectionLatencies.size()).isLessThanOrEqualTo(SectionLatencies.CAPACITY);
            long perSection = m.sectionLatencies.other().getTotalCount();
            for (int s = 0; s < 200; s++) {
                final byte[] k = ("/s" + s).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                final org.HdrHistogram.Histogram h = m.sectionLatencies.of(ByteHash.hash(k, 0, k.length));
                perSection += h == null ? 0 : h.getTotalCount();
            }
            assertThat(perSection).isEqualTo(recorded);
        }
        assertThat(forward.latency).isEqualTo(backward.latency);
    }

    @Test
    void shouldGiveExactPerSectionPercentilesWhileTheSectionsFit() {
        final Frame a = new Frame(64);
        final Frame b = new Frame(64);
        for (int i = 1; i <= 1000; i++) {
            a.record(line(1, i * 1000L, i % 10 == 0 ? 500 : 200));
            b.record(line(2, 5_000L, i % 4 == 0 ? 404 : 200));
        }
        final Frame sum = new Frame(64);
        sum.add(a);
        sum.add(b);
        final LatencySummary s1 = LatencySummary.of(sum.sectionLatencies.of(ByteHash.hash(
                "/s1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3)));
        assertThat(s1.count()).isEqualTo(1000);
        assertThat(s1.p50()).isCloseTo(500.0, org.assertj.core.data.Percentage.withPercentage(7));
        assertThat(s1.p99()).isCloseTo(990.0, org.assertj.core.data.Percentage.withPercentage(7));
        assertThat(s1.max()).isCloseTo(1000.0, org.assertj.core.data.Percentage.withPercentage(7));
        final LatencySummary all = LatencySummary.of(sum.latency);
        assertThat(all.count()).isEqualTo(2000);
        assertThat(all.p90()).isCloseTo(800.0, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(sum.sections.top(2)).extracting(TopCounter.Entry::c1, TopCounter.Entry::c2)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0L, 100L),
                        org.assertj.core.groups.Tuple.tuple(250L, 0L));
    }

    @Test
    void shouldClampARequestTimeBeyondTheTrackedRangeInsteadOfThrowing() {
        final Frame f = new Frame(16);
        f.record(line(1, Long.MAX_VALUE, 200));
        assertThat(f.latency.getMaxValue()).isGreaterThanOrEqualTo(FieldValues.MAX_LATENCY_MICROS);
    }

    @Test
    void shouldMakeTheOtherHistogramOnlyWhenASectionHasNoSlot() {
        final Frame a = new Frame(64);
        final Frame b = new Frame(64);
        for (int s = 0; s < SectionLatencies.CAPACITY; s++) {
            a.record(line(s, 1_000 + s, 200));
        }
        b.add(a);
        assertThat(a.sectionLatencies.otherIfMade()).isNull();
        assertThat(b.sectionLatencies.otherIfMade()).isNull();
        // a frame that never made it encodes as one that made it empty
        final FrameCodec codec = new FrameCodec();
        final byte[] lazy = codec.encodeToArray(b);
        b.sectionLatencies.other();
        assertThat(codec.encodeToArray(b)).isEqualTo(lazy);
        a.record(line(SectionLatencies.CAPACITY, 5_000, 200));
        assertThat(a.sectionLatencies.otherIfMade()).isNotNull();
        assertThat(a.sectionLatencies.other().getTotalCount()).isEqualTo(1);
        b.add(a);
        assertThat(b.sectionLatencies.other().getTotalCount()).isEqualTo(1);
        a.clear(0);
        assertThat(a.sectionLatencies.other().getTotalCount()).isZero();
    }

    @Test
    void shouldCountTheOtherHistogramWithoutMakingIt() {
        final Frame a = new Frame(64);
        for (int s = 0; s < SectionLatencies.CAPACITY; s++) {
            a.record(line(s, 1_000 + s, 200));
        }
        // the combiner asks every frame it reads (WindowSums.traced): asking must not make it
        assertThat(a.sectionLatencies.otherCount()).isZero();
        assertThat(a.sectionLatencies.otherIfMade()).isNull();
        a.record(line(SectionLatencies.CAPACITY, 5_000, 200));
        a.record(line(SectionLatencies.CAPACITY + 1, 6_000, 200));
        assertThat(a.sectionLatencies.otherCount()).isEqualTo(2).isEqualTo(a.sectionLatencies.other().getTotalCount());
    }
}
