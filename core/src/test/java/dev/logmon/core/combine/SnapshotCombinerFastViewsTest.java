package dev.logmon.core.combine;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameExchange;
import dev.logmon.core.format.ByteHash;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two combiners fed the same seeded frames through their shards' exchanges, one with the running
 * sums ({@link WindowSums}) and one merging every view in full, publish the same snapshots: late
 * frames, spill frames, quiet gaps, a start moved back by a line read out of order, a restart
 * from saved totals, snapshots every 1 or 10 seconds, keys under and over the capacity.
 */
@Timeout(120)
class SnapshotCombinerFastViewsTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 16).mapToObj(i -> 0xC0FFEEL + i * 104_729L);
    }

    /** One frame a shard seals: its second, the tick it is sealed at, its lines. */
    private record Planned(int shard, long second, long tick, int spill, long[] lines) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldPublishTheSameSnapshotsWithAndWithoutTheRunningSums(final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int shards = 1 + rnd.nextInt(2);
        final int capacity = new int[] {16, 128, 1024}[rnd.nextInt(3)];
        final int hosts = 1 + rnd.nextInt(capacity * (rnd.nextBoolean() ? 1 : 6));
        final int sections = 1 + rnd.nextInt(Math.min(capacity, 60));
        final long every = rnd.nextBoolean() ? 10 : 1;
        final boolean restart = rnd.nextBoolean();
        final long t0 = 1_700_000_000L + rnd.nextInt(10);
        final List<List<Planned>> ticks = new ArrayList<>();
        long tick = t0;
        for (int n = 0; n < 400; n++, tick++) {
            if (rnd.nextInt(100) == 0) {
                tick += 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 600); // log time jumps (a quiet gap)
            }
            final List<Planned> frames = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                frames.add(new Planned(shard, tick, tick, Frame.IN_TIME, lines(rnd, 1 + rnd.nextInt(25), hosts, sections)));
                if (n == 2 && shard == 0) {
                    // a line read out of order in the first ticks: the run's start moves back to its second
                    frames.add(new Planned(shard, tick - 5, tick, Frame.IN_TIME, lines(rnd, 2, hosts, sections)));
                }
                if (rnd.nextInt(8) == 0) {
                    // lines read late: into their own second when still inside the window
                    final long back = 1 + rnd.nextInt(130);
                    frames.add(new Planned(shard, tick - back, tick, Frame.IN_TIME, lines(rnd, 3, hosts, sections)));
                }
                if (rnd.nextInt(40) == 0) {
                    frames.add(new Planned(shard, tick, tick, rnd.nextBoolean() ? Frame.LATE : Frame.FUTURE,
                            lines(rnd, 2, hosts, sections)));
                }
            }
            ticks.add(frames);
        }
        final long[] served = new long[2];
        final List<Snapshot> fast = run(ticks, shards, capacity, every, restart, true, served);
        final List<Snapshot> full = run(ticks, shards, capacity, every, restart, false, served);
        assertThat(served[1]).as("the full-merge combiner serves no view from sums").isZero();
        if (hosts <= capacity / 2) {
            assertThat(served[0]).as("seed %d: keys fit, views served by the running sums", seed).isPositive();
        }
        assertThat(fast).as("seed %d: snapshots published", seed).hasSize(full.size());
        for (int i = 0; i < full.size(); i++) {
            assertThat(fast.get(i)).as("seed %d: snapshot %d of %d (second %d)", seed, i, full.size(),
                    full.get(i).second()).isEqualTo(full.get(i));
        }
        assertThat(full).as("seed %d", seed).hasSizeGreaterThan(30);
    }

    private static long[] lines(final SplittableRandom rnd, final int n, final int hosts, final int sections) {
        final long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            final long host = (long) (hosts * Math.pow(rnd.nextDouble(), 2));
            final long section = (long) (sections * Math.pow(rnd.nextDouble(), 3));
            final long status = new int[] {200, 200, 301, 404, 503}[rnd.nextInt(5)];
            final long size = rnd.nextInt(50_000);
            lines[i] = host | section << 20 | status << 32 | size << 42;
        }
        return lines;
    }

    private static List<Snapshot> run(final List<List<Planned>> ticks, final int shards, final int capacity,
                                      final long every, final boolean restart, final boolean fastViews,
                                      final long[] served) {
        final FrameExchange[] exchanges = new FrameExchange[shards];
        for (int i = 0; i < shards; i++) {
            exchanges[i] = new FrameExchange(capacity);
        }
        final RecordingPublisher out = new RecordingPublisher();
        final CombinerSetup.Builder setup = CombinerSetup.builder(exchanges, capacity * shards,
                new AlertRule(AlertRuleKind.ABSOLUTE, 5, 0), out).top(10).everySeconds(every);
        if (restart) {
            final Frame saved = new Frame(capacity * shards);
            saved.clear(0);
            fill(saved, new long[] {1 | 2L << 20 | 200L << 32 | 10L << 42, 3 | 200L << 32});
            setup.seed(new LifetimeTotals(saved, 4, 5, 3_600));
        }
        final SnapshotCombiner combiner = new SnapshotCombiner(setup.build(), fastViews);
        for (int t = 0; t < ticks.size(); t++) {
            final List<Planned> frames = ticks.get(t);
            for (final Planned p : frames) {
                final Frame f = exchanges[p.shard].obtain(p.second);
                f.spill = p.spill;
                fill(f, p.lines);
                exchanges[p.shard].seal(f, p.tick);
            }
            combiner.onTick(frames.get(0).tick(), t == ticks.size() - 1);
        }
        served[fastViews ? 0 : 1] = combiner.fastViewsServed();
        return out.snapshots();
    }

    private static void fill(final Frame f, final long[] lines) {
        final LogEvent e = new LogEvent();
        for (final long line : lines) {
            final byte[] host = ("10.9." + (line & 0xFFFFF)).getBytes(StandardCharsets.US_ASCII);
            final byte[] section = ("/s" + (line >>> 20 & 0xFFF)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(host, 0, e.host, 0, host.length);
            e.hostLength = host.length;
            e.hostHash = ByteHash.hash(host, 0, host.length);
            System.arraycopy(section, 0, e.section, 0, section.length);
            e.sectionLength = section.length;
            e.sectionHash = ByteHash.hash(section, 0, section.length);
            e.status = (int) (line >>> 32 & 0x3FF);
            e.size = line >>> 42;
            f.record(e);
        }
    }
}
