package dev.logmon.core.analyze;

import dev.logmon.core.format.FieldValues;
import dev.logmon.core.format.LogEvent;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A frame's latency histogram starts empty and small and is widened to its whole range before the
 * frame's own counting puts a value in it; it must still be carried in the fixed-range form frames
 * always had (same bytes), count and answer percentiles as that form does, and a decoded value
 * outside the range must still damage the frame.
 */
class FrameHistogramFormTest {
    private static final int CAPACITY = 16;
    private static final int SEEDS = 40;

    private static LogEvent timed(final long micros, final long size) {
        final LogEvent e = new LogEvent();
        e.kind = LogEvent.DATA;
        e.status = 200;
        e.size = size;
        e.host[0] = 'h';
        e.hostLength = 1;
        e.hostHash = 7;
        e.latencyMicros = micros;
        return e;
    }

    @Test
    void shouldStartSmallAndBeWidenedToTheWholeRangeByTheFramesOwnCounting() {
        final int whole = Frame.latencyForm().getEstimatedFootprintInBytes();
        final Frame f = new Frame(CAPACITY);
        assertThat(f.latency.getEstimatedFootprintInBytes()).isLessThan(whole / 4);
        f.record(timed(LogEvent.NO_LATENCY, 10));
        assertThat(f.latency.getEstimatedFootprintInBytes()).as("a line without a request time").isLessThan(whole / 4);
        f.record(timed(3, 10));
        // the whole range: the same counts array as the fixed form, so merges add index by index
        assertThat(f.latency.getEstimatedFootprintInBytes()).isEqualTo(whole);
        assertThat(f.latency.getHighestTrackableValue()).isGreaterThanOrEqualTo(FieldValues.MAX_LATENCY_MICROS);
        assertThat(f.latency.getTotalCount()).isEqualTo(1);
        assertThat(f.latency.getMaxValue()).isEqualTo(3);
        f.clear(1);
        assertThat(f.latency.getEstimatedFootprintInBytes()).as("kept through a clear").isEqualTo(whole);

        final Frame sum = new Frame(CAPACITY);
        sum.add(new Frame(CAPACITY));
        assertThat(sum.latency.getEstimatedFootprintInBytes()).as("adding a frame without times").isLessThan(whole / 4);
        final Frame one = new Frame(CAPACITY);
        one.record(timed(42, 10));
        sum.add(one);
        assertThat(sum.latency.getEstimatedFootprintInBytes()).isEqualTo(whole);
        assertThat(sum.latency.getTotalCount()).isEqualTo(1);
    }

    @Test
    void shouldEncodeAndAnswerExactlyAsTheFixedRangeForm() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            final Random rnd = new Random(seed);
            final Frame f = new Frame(CAPACITY);
            final Frame merged = new Frame(CAPACITY);
            final Histogram latency = Frame.latencyForm();
            final int n = 1 + rnd.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                final long micros = Math.min(FieldValues.MAX_LATENCY_MICROS, (long) Math.exp(rnd.nextDouble() * 23));
                f.record(timed(micros, 1));
                latency.recordValue(micros);
            }
            merged.add(f);
            for (final Histogram h : new Histogram[] {f.latency, merged.latency}) {
                assertThat(FrameCodec.compressLatency(h)).as("seed %d", seed).isEqualTo(FrameCodec.compress(latency));
                for (final double p : new double[] {0, 1, 50, 90, 99, 99.9, 100}) {
                    assertThat(h.getValueAtPercentile(p)).as("seed %d p%s", seed, p)
                            .isEqualTo(latency.getValueAtPercentile(p));
                }
                assertThat(h.getMean()).isEqualTo(latency.getMean());
                assertThat(h.getMaxValue()).isEqualTo(latency.getMaxValue());
            }
        }
    }

    @Test
    void shouldCarryAFrameInTheSameBytesWhateverItsLatencyHistogramGrewTo() throws Exception {
        final FrameCodec codec = new FrameCodec();
        for (long seed = 1; seed <= SEEDS; seed++) {
            final Frame f = FrameFacts.random(new Random(seed), CAPACITY, 1 + (int) (seed % CAPACITY));
            // both copies hold f's counts and f's request times twice; one copy's latency histogram
            // was widened by the frame's own merge, the other's grew only to the values put in it
            // directly (history and state paths add into it so): both carry them in the same bytes
            final Frame widened = new Frame(CAPACITY);
            widened.clear(0);
            widened.add(f);
            widened.latency.add(f.latency);
            widened.spill = f.spill;
            final Frame partial = new Frame(CAPACITY);
            partial.clear(0);
            partial.latency.add(f.latency);
            partial.add(f);
            partial.spill = f.spill;
            assertThat(FrameFacts.describe(partial)).isEqualTo(FrameFacts.describe(widened));
            final byte[] once = codec.encodeToArray(partial);
            assertThat(Arrays.equals(codec.encodeToArray(widened), once)).as("seed %d", seed).isTrue();
            final Frame back = new Frame(CAPACITY);
            codec.decode(once, back);
            assertThat(FrameFacts.describe(back)).as("seed %d", seed).isEqualTo(FrameFacts.describe(widened));
            if (f.latency.getTotalCount() > 0) {
                assertThat(back.latency.getEstimatedFootprintInBytes()).as("seed %d: decoded into the whole range", seed)
                        .isEqualTo(Frame.latencyForm().getEstimatedFootprintInBytes());
            }
        }
    }

    @Test
    void shouldStillRefuseADecodedLatencyBeyondTheRange() {
        final FrameCodec codec = new FrameCodec();
        final Frame f = new Frame(CAPACITY);
        f.clear(7);
        f.hits = 1;
        f.latency.recordValue(FieldValues.MAX_LATENCY_MICROS * 1_000); // only a foreign writer could put this here
        final byte[] bytes = codec.encodeToArray(f);
        assertThatThrownBy(() -> codec.decode(bytes, new Frame(CAPACITY)))
                .isInstanceOf(FrameCodecException.class)
                .hasMessageContaining("latency");
    }
}
