package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.format.ByteHash;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.WindowView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running sums' views ({@link WindowRing#fastView}) against the full merge of every block
 * ({@link WindowRing#merged}): two rings fed the same seeded frames must show the same 10-second
 * and 2-minute views, field by field, every second, whether the keys fit the capacity or not.
 */
@Timeout(120)
class WindowSumsTest {
    private static final int SEEDS = 24;

    /** One seeded stream's shape. */
    record Shape(int topCapacity, int slotCapacity, int sections, int hosts, int framesPerSecond, int linesPerFrame,
                 boolean latency, double gap, double late, double longKeys) {
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, SEEDS).mapToObj(i -> 0x5EED_0000L + i * 7919L);
    }

    private static Shape shape(final SplittableRandom rnd) {
        final int topCapacity = new int[] {4, 8, 16, 64, 256, 2048}[rnd.nextInt(6)];
        final int slotCapacity = Math.max(2, Math.min(topCapacity, new int[] {2, 8, 64, 1024}[rnd.nextInt(4)]));
        // keys from well under the capacity to several times over it
        final int sections = 1 + rnd.nextInt(Math.max(2, topCapacity * (rnd.nextBoolean() ? 1 : 3)));
        final int hosts = 1 + rnd.nextInt(Math.max(2, topCapacity * (rnd.nextBoolean() ? 1 : 4)));
        return new Shape(topCapacity, slotCapacity, sections, hosts, 1 + rnd.nextInt(3), rnd.nextInt(40),
                rnd.nextInt(3) == 0, rnd.nextInt(3) == 0 ? 0.02 : 0, rnd.nextInt(2) == 0 ? 0.1 : 0,
                rnd.nextInt(4) == 0 ? 0.05 : 0);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldShowTheFullMergesViewsEverySecondForASeededStream(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Shape shape = shape(rnd);
        final int fast = runStream(seed, rnd, shape, 700);
        if (shape.sections <= shape.topCapacity / 2 && shape.hosts <= shape.topCapacity / 2
                && shape.hosts <= shape.slotCapacity / 2 && shape.sections <= shape.slotCapacity / 2 && !shape.latency
                && shape.longKeys == 0) {
            assertThat(fast).as("seed %d %s: keys fit every capacity, the running sums must serve", seed, shape)
                    .isPositive();
        }
    }

    @Test
    void shouldServeMostViewsFromTheSumsWhileKeysFitAndFallBackOnceTheyDoNot() {
        final long seed = 42;
        final Shape fits = new Shape(4096, 1024, 40, 500, 2, 30, false, 0, 0.05, 0);
        final int fastFit = runStream(seed, new SplittableRandom(seed), fits, 400);
        // 2 views a second over 400 s; a 10 s view not ending on a span end is merged in full
        assertThat(fastFit).as("views served by the sums, keys fitting").isGreaterThan(400);
        final Shape over = new Shape(64, 64, 40, 5_000, 2, 30, false, 0, 0.05, 0);
        final int fastOver = runStream(seed, new SplittableRandom(seed), over, 400);
        assertThat(fastOver).as("views served by the sums, hosts 80x over capacity").isZero();
    }

    @Test
    void shouldKeepTheSumsRightWhenTheStartMovesBackAndLateFramesJoinSummedSpans() {
        final long seed = 7;
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Shape shape = new Shape(1024, 1024, 30, 200, 1, 20, true, 0, 0, 0);
        final Pair p = new Pair(shape);
        final long start = 1_000_000_005L;
        for (long s = start; s < start + 300; s++) {
            p.open(s);
            p.add(frame(rnd, shape, s));
            if (s == start + 30) {
                // a line read out of order before the first second: the start moves back 5 s
                for (long b = start - 1; b >= start - 5; b--) {
                    p.openBefore(b);
                }
                p.addIfOpen(frame(rnd, shape, start - 3));
            }
            if (s % 17 == 0) {
                // late frames into every part of the window: summed spans, the back stack, the front
                for (int k = 0; k < 4; k++) {
                    p.addIfOpen(frame(rnd, shape, s - rnd.nextInt(125)));
                }
            }
            p.compare(seed, s, Math.min(120, s - (start - 5) + 1));
        }
        assertThat(p.fastServed).isGreaterThan(300);
    }

    @Test
    void shouldFallBackWhenTwoListedKeysShareTheirNameAndCount() {
        // sections longer than LogEvent.MAX_SECTION cut to the same 256 bytes, same hits: the order of
        // the two rows would follow the table, so the sums must not serve
        final Pair p = new Pair(new Shape(1024, 1024, 2, 2, 1, 0, false, 0, 0, 0));
        final String prefix = "/" + "a".repeat(300);
        final LogEvent e = new LogEvent();
        for (long s = 100; s < 250; s++) {
            p.open(s);
            final Frame f = new Frame(1024);
            f.clear(s);
            record(f, e, prefix + "x", "h1", 200, 10, -1);
            record(f, e, prefix + "y", "h1", 200, 10, -1);
            p.add(f);
            p.compare(1, s, Math.min(120, s - 100 + 1));
        }
        assertThat(p.fastServed).as("views served by the sums with an ambiguous top list").isZero();
    }

    @Test
    void shouldKeepTheSumsBoundedUnderAFloodOfDistinctKeysWithALargeTopCapacity() {
        // 1,000 new hosts and 1,000 new sections every second, --top-capacity 200,000: uncapped, each
        // back-stack sum would fill towards 120,000 keys (hundreds of MB); capped, each purges at
        // MAX_KEYS and the full merge serves the views, which must still be the full merge's
        final Shape shape = new Shape(200_000, 1024, 0, 0, 1, 0, false, 0, 0, 0);
        final Pair p = new Pair(shape);
        final LogEvent e = new LogEvent();
        final long start = 1_700_000_001L;
        int n = 0;
        for (long s = start; s < start + 300; s++) {
            p.open(s);
            final Frame f = new Frame(shape.topCapacity());
            f.clear(s);
            for (int i = 0; i < 1_000; i++, n++) {
                record(f, e, "/f" + n, "h" + n, 200, 10, -1);
            }
            p.add(f);
            if (s % 10 == 0) {
                p.compare(0, s, Math.min(120, s - start + 1));
            }
        }
        // per counter: a table of at most 2 x MAX_KEYS slots of 40 bytes, keys of at most 8 bytes in
        // an arena that doubles, the purge's scratch; two counters a frame; SPANS spans and the front
        final long perCounter = 2L * WindowSums.MAX_KEYS * 40 + 2L * WindowSums.MAX_KEYS * 8 + WindowSums.MAX_KEYS * 8L;
        assertThat(p.fast.sumsRetainedBytes()).as("bytes held by the running sums")
                .isPositive()
                .isLessThanOrEqualTo((WindowSums.SPANS + 1) * 2 * perCounter);
    }

    /** Feeds both rings the stream and compares every second; returns how many views the sums served. */
    private static int runStream(final long seed, final SplittableRandom rnd, final Shape shape, final int seconds) {
        final Pair p = new Pair(shape);
        long s = 1_700_000_000L + rnd.nextInt(10);
        final long first = s;
        for (int n = 0; n < seconds; n++, s++) {
            if (rnd.nextDouble() < shape.gap) {
                s += 1 + rnd.nextInt(rnd.nextBoolean() ? 15 : 300); // seconds never opened (a quiet gap)
            }
            p.open(s);
            for (int k = 0; k < shape.framesPerSecond; k++) {
                p.add(frame(rnd, shape, s));
            }
            if (rnd.nextDouble() < shape.late) {
                p.addIfOpen(frame(rnd, shape, s - 1 - rnd.nextInt(130)));
            }
            p.compare(seed, s, Math.min(120, s - first + 1));
        }
        return p.fastServed;
    }

    /** A ring with the running sums and one without, fed alike. */
    private static final class Pair {
        final WindowRing fast;
        final WindowRing full;
        int fastServed;

        Pair(final Shape shape) {
            fast = new WindowRing(shape.slotCapacity, shape.topCapacity, true);
            full = new WindowRing(shape.slotCapacity, shape.topCapacity, false);
        }

        void open(final long s) {
            fast.open(s);
            full.open(s);
        }

        void openBefore(final long s) {
            fast.openBefore(s);
            full.openBefore(s);
        }

        void add(final Frame f) {
            fast.add(f);
            full.add(f);
        }

        void addIfOpen(final Frame f) {
            assertThat(fast.addIfOpen(f)).isEqualTo(full.addIfOpen(f));
        }

        void compare(final long seed, final long current, final long runSeconds) {
            for (final long length : new long[] {10, 120}) {
                final long seconds = Math.min(length, runSeconds);
                final WindowView expected = WindowViews.of(full.merged(current, seconds), seconds, 10, true, List.of());
                final WindowView served = fast.fastView(current, seconds, 10, true, List.of());
                final WindowView shown = served != null ? served
                        : WindowViews.of(fast.merged(current, seconds), seconds, 10, true, List.of());
                assertThat(shown).as("seed %d, second %d, %d s view (%s)", seed, current, seconds,
                        served != null ? "running sums" : "full merge").isEqualTo(expected);
                if (served != null) {
                    fastServed++;
                }
            }
        }
    }

    private static Frame frame(final SplittableRandom rnd, final Shape shape, final long second) {
        final Frame f = new Frame(shape.topCapacity);
        f.clear(second);
        final LogEvent e = new LogEvent();
        final int lines = shape.linesPerFrame == 0 ? 0 : 1 + rnd.nextInt(shape.linesPerFrame);
        for (int i = 0; i < lines; i++) {
            // skewed: low key numbers far more often, so the lists have leaders and ties
            final int sec = (int) (shape.sections * Math.pow(rnd.nextDouble(), 3));
            final int host = (int) (shape.hosts * Math.pow(rnd.nextDouble(), 2));
            final String section = rnd.nextDouble() < shape.longKeys ? "/" + "L".repeat(300) + sec : "/s" + sec;
            final int status = new int[] {200, 200, 200, 304, 404, 500, 999}[rnd.nextInt(7)];
            final long latency = shape.latency && rnd.nextInt(5) > 0 ? rnd.nextLong(1, 5_000_000) : -1;
            record(f, e, section, "10.0." + (host >> 8) + "." + (host & 255), status, rnd.nextInt(100_000), latency);
        }
        return f;
    }

    private static void record(final Frame f, final LogEvent e, final String section, final String host,
                               final int status, final long size, final long latency) {
        final byte[] s = section.getBytes(StandardCharsets.UTF_8);
        e.sectionLength = Math.min(s.length, LogEvent.MAX_SECTION);
        if (e.sectionLength > e.section.length) {
            e.growSection(); // a slot's buffers start short and grow once, as the parsers do
        }
        System.arraycopy(s, 0, e.section, 0, e.sectionLength);
        e.sectionHash = ByteHash.hash(s, 0, s.length);
        final byte[] h = host.getBytes(StandardCharsets.UTF_8);
        e.hostLength = h.length;
        if (h.length > e.host.length) {
            e.growHost();
        }
        System.arraycopy(h, 0, e.host, 0, h.length);
        e.hostHash = ByteHash.hash(h, 0, h.length);
        e.status = status;
        e.size = size;
        e.latencyMicros = latency;
        e.sourceId = (int) (e.hostHash & 3);
        f.record(e);
    }

    @Test
    void shouldNameSpansByTheirLastSecond() {
        assertThat(WindowSums.spanOf(10)).isEqualTo(1);
        assertThat(WindowSums.spanOf(1)).isEqualTo(1);
        assertThat(WindowSums.spanOf(0)).isEqualTo(0);
        assertThat(WindowSums.spanOf(11)).isEqualTo(2);
        assertThat(WindowSums.spanOf(-9)).isEqualTo(0);
        assertThat(WindowSums.spanOf(-10)).isEqualTo(-1);
    }
}
