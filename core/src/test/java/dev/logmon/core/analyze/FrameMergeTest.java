package dev.logmon.core.analyze;

import dev.logmon.core.TestLines;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames are additive: whatever way a stream of events is split among frames and however the
 * frames are then merged (grouping and order), the result equals one frame that saw everything.
 */
class FrameMergeTest {
    private static final int BIG = 10_000;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    private static List<LogEvent> events(final SplittableRandom rnd, final int n, final int keys) {
        final List<LogEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(TestLines.parsed(TestLines.randomLine(rnd, TestLines.T0, keys)));
        }
        return events;
    }

    private static long[] randomMalformed(final SplittableRandom rnd) {
        final long[] m = new long[MalformedReason.count()];
        for (int i = 0; i < m.length; i++) {
            m[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(1, 100) : 0;
        }
        return m;
    }

    /** Splits the events among k frames at random, then merges them in random pairs until one is left. */
    private static Frame splitAndMerge(final SplittableRandom rnd, final List<LogEvent> events, final List<long[]> malformed,
                                       final int k, final int capacity) {
        final List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            final Frame f = new Frame(capacity);
            f.clear(TestLines.T0);
            frames.add(f);
        }
        for (final LogEvent e : events) {
            frames.get(rnd.nextInt(k)).record(e);
        }
        for (final long[] m : malformed) {
            final long[] target = frames.get(rnd.nextInt(k)).malformed;
            for (int i = 0; i < m.length; i++) {
                target[i] += m[i];
            }
        }
        while (frames.size() > 1) {
            final int into = rnd.nextInt(frames.size());
            int from = rnd.nextInt(frames.size() - 1);
            if (from >= into) {
                from++;
            }
            frames.get(into).add(frames.get(from));
            frames.remove(from);
        }
        return frames.get(0);
    }

    private static Frame whole(final List<LogEvent> events, final List<long[]> malformed, final int capacity) {
        final Frame f = new Frame(capacity);
        f.clear(TestLines.T0);
        for (final LogEvent e : events) {
            f.record(e);
        }
        for (final long[] m : malformed) {
            for (int i = 0; i < m.length; i++) {
                f.malformed[i] += m[i];
            }
        }
        return f;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldMergeToExactlyWhatOneFrameCountsWhileUnderCapacity(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final List<LogEvent> events = events(rnd, rnd.nextInt(0, 3_000), rnd.nextInt(1, 400));
        final List<long[]> malformed = new ArrayList<>();
        for (int i = 0, n = rnd.nextInt(0, 5); i < n; i++) {
            malformed.add(randomMalformed(rnd));
        }
        final Frame expected = whole(events, malformed, BIG);
        for (int k = 1; k <= 8; k++) {
            final Frame actual = splitAndMerge(rnd, events, malformed, k, BIG);
            assertSameCounts(actual, expected, "seed " + seed + ", k " + k);
        }
    }

    private static void assertSameCounts(final Frame actual, final Frame expected, final String what) {
        assertThat(actual.second).as(what).isEqualTo(expected.second);
        assertThat(actual.hits).as(what).isEqualTo(expected.hits);
        assertThat(actual.bytes).as(what).isEqualTo(expected.bytes);
        assertThat(actual.status).as(what).containsExactly(expected.status);
        assertThat(actual.malformed).as(what).containsExactly(expected.malformed);
        assertThat(actual.sections.top(Integer.MAX_VALUE)).as(what).isEqualTo(expected.sections.top(Integer.MAX_VALUE));
        assertThat(actual.hosts.top(Integer.MAX_VALUE)).as(what).isEqualTo(expected.hosts.top(Integer.MAX_VALUE));
        assertThat(actual.sections.errorBound()).as(what).isZero();
        assertThat(actual.hosts.errorBound()).as(what).isZero();
        assertThat(actual.sizes.getTotalCount()).as(what).isEqualTo(expected.sizes.getTotalCount());
        assertThat(actual.sizes.getTotalCount()).as(what).isEqualTo(expected.hits);
        assertThat(actual.sizes).as(what).isEqualTo(expected.sizes);
        if (expected.hits > 0) {
            for (final double p : new double[] {0, 50, 90, 99, 99.9, 100}) {
                assertThat(actual.sizes.getValueAtPercentile(p)).as(what + " p" + p)
                        .isEqualTo(expected.sizes.getValueAtPercentile(p));
            }
            assertThat(actual.sizes.getMaxValue()).as(what).isEqualTo(expected.sizes.getMaxValue());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldKeepTotalsExactAndCountsWithinTheErrorBoundAboveCapacity(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int capacity = 16 + rnd.nextInt(48);
        final List<LogEvent> events = events(rnd, 4_000, 2_000);
        final Map<String, Long> sectionHits = new HashMap<>();
        final Map<String, Long> hostBytes = new HashMap<>();
        long withSection = 0;
        for (final LogEvent e : events) {
            hostBytes.merge(new String(e.host, 0, e.hostLength, StandardCharsets.ISO_8859_1), e.size, Long::sum);
            if (e.sectionLength > 0) {
                withSection++;
                sectionHits.merge(new String(e.section, 0, e.sectionLength, StandardCharsets.ISO_8859_1), 1L, Long::sum);
            }
        }
        final Frame expected = whole(events, List.of(), BIG);
        for (int k = 1; k <= 8; k++) {
            final Frame merged = splitAndMerge(rnd, events, List.of(), k, capacity);
            final String what = "seed " + seed + ", k " + k;
            assertThat(merged.hits).as(what).isEqualTo(expected.hits);
            assertThat(merged.bytes).as(what).isEqualTo(expected.bytes);
            assertThat(merged.status).as(what).containsExactly(expected.status);
            assertThat(merged.sizes).as(what).isEqualTo(expected.sizes);
            assertThat(merged.sections.size()).as(what).isLessThanOrEqualTo(capacity);
            assertThat(merged.hosts.size()).as(what).isLessThanOrEqualTo(capacity);
            assertThat(merged.sections.total0()).as(what).isEqualTo(withSection);
            assertThat(merged.hosts.total0()).as(what).isEqualTo(expected.bytes);
            final List<TopCounter.Entry> hosts = merged.hosts.top(Integer.MAX_VALUE);
            assertThat(hosts.stream().mapToLong(TopCounter.Entry::c1).sum() + merged.hosts.other1())
                    .as(what).isEqualTo(expected.hits);
            for (final TopCounter.Entry e : merged.sections.top(Integer.MAX_VALUE)) {
                final long truth = sectionHits.get(e.key());
                assertThat(e.c0()).as(what + " " + e.key()).isBetween(truth - merged.sections.errorBound(), truth);
            }
            for (final TopCounter.Entry e : hosts) {
                final long truth = hostBytes.get(e.key());
                assertThat(e.c0()).as(what + " " + e.key()).isBetween(truth - merged.hosts.errorBound(), truth);
            }
        }
    }

    @Test
    void shouldCountFourAndFiveHundredsPerSection() {
        final Frame f = new Frame(64);
        f.record(TestLines.parsed(TestLines.line("h1", TestLines.T0, "/api/x", 404, 10)));
        f.record(TestLines.parsed(TestLines.line("h1", TestLines.T0, "/api/y", 503, 20)));
        f.record(TestLines.parsed(TestLines.line("h2", TestLines.T0, "/api", 200, 30)));
        f.record(TestLines.parsed(TestLines.line("h2", TestLines.T0, "/", 999, 0)));
        assertThat(f.sections.top(10)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("hash").containsExactly(
                new TopCounter.Entry("/api", 3, 1, 1), new TopCounter.Entry("/", 1, 0, 0));
        assertThat(f.hosts.top(10)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("hash").containsExactly(
                new TopCounter.Entry("h1", 30, 2, 0), new TopCounter.Entry("h2", 30, 2, 0));
        assertThat(f.status).containsExactly(0, 1, 0, 1, 1, 1);
    }

    @Test
    void shouldClampHugeSizesInsteadOfThrowing() {
        final Frame f = new Frame(64);
        f.record(TestLines.parsed(TestLines.line("h", TestLines.T0, "/", 200, 999_999_999_999_999_999L)));
        assertThat(f.bytes).isEqualTo(999_999_999_999_999_999L);
        assertThat(f.sizes.getMaxValue()).isGreaterThanOrEqualTo(Frame.MAX_TRACKED_SIZE - Frame.MAX_TRACKED_SIZE / 50);
    }

    @Test
    void shouldBeEmptyAfterClearAndCountAgain() {
        final SplittableRandom rnd = new SplittableRandom(5);
        final List<LogEvent> events = events(rnd, 500, 50);
        final Frame f = whole(events, List.of(randomMalformed(rnd)), BIG);
        f.clear(TestLines.T0 + 1);
        assertThat(f.second).isEqualTo(TestLines.T0 + 1);
        assertThat(f.hits).isZero();
        assertThat(f.malformedTotal()).isZero();
        assertThat(f.sizes.getTotalCount()).isZero();
        assertThat(f.sections.size()).isZero();
        for (final LogEvent e : events) {
            f.record(e);
        }
        final Frame fresh = whole(events, List.of(), BIG);
        fresh.clear(TestLines.T0 + 1);
        for (final LogEvent e : events) {
            fresh.record(e);
        }
        assertSameCounts(f, fresh, "reused");
    }
}
