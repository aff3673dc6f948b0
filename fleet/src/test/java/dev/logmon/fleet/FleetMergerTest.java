package dev.logmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.combine.CombinerReadings;
import dev.logmon.core.combine.CombinerSetup;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;

/** The aggregator's merge without a broker: redeliveries dropped, the watermark, instance states. */
class FleetMergerTest {
    private static final long T = TestLines.T0;
    /** The aggregate's wall clock in these tests: the frames' seconds are its present. */
    private static final long NOW = T * 1_000;
    private final List<Snapshot> published = new CopyOnWriteArrayList<>();
    private final FrameCodec codec = new FrameCodec();

    private FleetMerger merger(final long lateness) {
        final SnapshotPublisher out = new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
                published.add(snapshot);
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
            }
        };
        return new FleetMerger(1_000, lateness, 30_000,
                ex -> CombinerSetup.builder(ex, 1_000, new AlertRule(AlertRuleKind.ABSOLUTE, 1e9, 10), out).everySeconds(1),
                CombinerReadings.NONE);
    }

    /** A frame of {@code hits} lines of one host in {@code second}. */
    private byte[] frame(final long second, final int hits) {
        final Frame f = new Frame(100);
        f.clear(second);
        for (int i = 0; i < hits; i++) {
            f.record(TestLines.parsed(TestLines.line("10.0.0.1", second, "/a/b", 200, 10)));
        }
        return codec.encodeToArray(f);
    }

    private static FrameEnvelope env(final String id, final String run, final long seq, final long closed, final byte[] f) {
        return new FrameEnvelope(id, run, seq, closed, f);
    }

    @Test
    void shouldCountARedeliveredFrameOnceAndARestartedRunsFramesAgain() {
        final FleetMerger m = merger(5);
        final byte[] f = frame(T, 3);
        assertThat(m.accept(env("a", "r1", 1, T, f), NOW)).isTrue();
        assertThat(m.accept(env("a", "r1", 1, T, f), NOW)).as("producer retry / consumer re-read").isFalse();
        assertThat(m.accept(env("a", "r2", 1, T + 1, frame(T + 1, 2)), NOW)).as("a new run numbers from 1 again").isTrue();
        assertThat(m.accept(env("a", "r1", 1, T, f), NOW)).as("an old run's record read again").isFalse();
        m.finish(NOW);
        final Snapshot last = published.get(published.size() - 1);
        assertThat(last.lifetime().hits()).isEqualTo(5);
        assertThat(last.instances()).singleElement().satisfies(i -> {
            assertThat(i.duplicates()).isEqualTo(2);
            assertThat(i.frames()).isEqualTo(2);
        });
    }

    @Test
    void shouldForgetAnInstanceSilentForLongSoTheInstancesStayBounded() {
        final FleetMerger m = merger(5);
        for (int k = 0; k < 100; k++) { // ids that come and go (restarted containers' host names)
            m.accept(env("pod-" + k, "r", 1, T, null), NOW);
        }
        m.accept(env("a", "r", 1, T, frame(T, 1)), NOW);
        m.advance(NOW);
        assertThat(m.instances()).hasSize(101);
        m.accept(env("a", "r", 2, T + 1, null), NOW + FleetMerger.FORGET_AFTER_MS);
        m.advance(NOW + FleetMerger.FORGET_AFTER_MS + 1);
        assertThat(m.instances()).as("silent for more than an hour: gone, then forgotten")
                .extracting(InstanceStatus::id).containsExactly("a");
        m.finish(NOW + FleetMerger.FORGET_AFTER_MS + 1);
        assertThat(published.get(published.size() - 1).lifetime().hits()).isEqualTo(1);
    }

    @Test
    void shouldCountDamagedFramesAndNeverThrowWhateverTheBytes() {
        final long seed = System.nanoTime();
        final java.util.Random random = new java.util.Random(seed);
        final FleetMerger m = merger(5);
        final byte[] good = frame(T, 3);
        long seq = 0;
        long refused = 0;
        for (int k = 0; k < 5_000; k++) {
            final byte[] bad;
            switch (k % 3) {
                case 0 -> { // bytes flipped
                    bad = good.clone();
                    for (int j = 0; j < 1 + random.nextInt(4); j++) {
                        bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> bad = java.util.Arrays.copyOf(good, 1 + random.nextInt(good.length - 1)); // cut short
                default -> { // noise
                    bad = new byte[1 + random.nextInt(200)];
                    random.nextBytes(bad);
                }
            }
            final boolean took;
            try {
                took = m.accept(env("a", "r", ++seq, T, bad), NOW);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", record " + k + ": " + e, e);
            }
            if (!took) {
                refused++;
            }
        }
        assertThat(m.damaged()).as("seed %d", seed).isEqualTo(refused).isPositive();
        m.accept(env("a", "r", ++seq, T, good), NOW);
        m.finish(NOW);
        assertThat(published).as("seed %d", seed).isNotEmpty();
    }

    @Test
    void shouldCountNumberedRecordsThatNeverArrivedAsMissing() {
        final FleetMerger m = merger(5);
        m.accept(env("a", "r1", 1, T, frame(T, 1)), NOW);
        m.accept(env("a", "r1", 4, T + 1, frame(T + 1, 1)), NOW); // 2 and 3 dropped by a full buffer
        m.finish(NOW);
        assertThat(published.get(published.size() - 1).instances().get(0).missing()).isEqualTo(2);
    }

    @Test
    void shouldCloseASecondWhenEveryLiveInstanceHasPassedItOrTheLatenessHasElapsed() {
        final FleetMerger m = merger(5);
        m.accept(env("a", "r", 1, T + 3, frame(T + 3, 1)), NOW);
        m.accept(env("b", "r", 1, T + 1, frame(T + 1, 1)), NOW);
        assertThat(m.closable(NOW)).as("waits for the slower live instance").isEqualTo(T + 1);
        m.accept(env("a", "r", 2, T + 10, null), NOW);
        assertThat(m.closable(NOW)).as("b is more than 5 s behind: late, no longer waited for").isEqualTo(T + 5);
        assertThat(m.closable(NOW + 3_000)).as("the newest second moves on with the clock").isEqualTo(T + 8);
        m.advance(NOW + 3_000);
        assertThat(m.instances()).extracting(InstanceStatus::state)
                .containsExactly(InstanceStatus.State.LIVE, InstanceStatus.State.LATE);
        m.advance(NOW + 40_000);
        assertThat(m.instances()).extracting(InstanceStatus::state)
                .containsExactly(InstanceStatus.State.GONE, InstanceStatus.State.GONE);
    }

    @Test
    void shouldMergeAFrameOfASecondAlreadyClosedIntoItsSlotOrAsLateAndLoseNothing() {
        final FleetMerger m = merger(0);
        m.accept(env("a", "r", 1, T + 200, frame(T + 200, 4)), NOW);
        m.advance(NOW);
        m.accept(env("b", "r", 1, T + 150, frame(T + 150, 2)), NOW); // inside the 2-minute window
        m.accept(env("b", "r", 2, T + 50, frame(T + 50, 1)), NOW); // older: late
        m.advance(NOW);
        m.finish(NOW);
        final Snapshot last = published.get(published.size() - 1);
        assertThat(last.lifetime().hits()).isEqualTo(7);
        assertThat(last.twoMinutes().hits()).isEqualTo(6);
        assertThat(last.lines().late()).isEqualTo(1);
    }

    /**
     * Instances whose seconds hold more hosts than their top capacity: each frame keeps its
     * largest hosts with an error bound; the aggregate's bound is the sum, and says how far any
     * listed count may be low and how large a host missing from the list may be.
     */
    @Test
    void shouldKeepAStatedErrorBoundWhenInstancesFramesOverflowTheirTopCapacity() {
        final FleetMerger m = merger(5);
        final java.util.Map<String, Long> truth = new java.util.HashMap<>();
        long bytes = 0;
        for (int k = 0; k < 3; k++) {
            final Frame f = new Frame(8); // an instance with --top-capacity 8
            f.clear(T);
            for (int j = 0; j < 10; j++) { // ten heavy hosts of its own, 3 MB each
                final String host = "10.9." + k + "." + j;
                for (int n = 0; n < 3; n++) {
                    f.record(TestLines.parsed(TestLines.line(host, T, "/a/b", 200, 1_000_000)));
                }
                truth.merge(host, 3_000_000L, Long::sum);
                bytes += 3_000_000;
            }
            for (int n = 0; n < 10; n++) { // the shared host, 2.5 MB here: 11th on every instance, 1st overall
                f.record(TestLines.parsed(TestLines.line("10.8.8.8", T, "/a/b", 200, 250_000)));
            }
            truth.merge("10.8.8.8", 2_500_000L, Long::sum);
            bytes += 2_500_000;
            assertThat(f.hosts.errorBound()).as("the instance's own frame overflowed").isPositive();
            m.accept(env("web-" + k, "r", 1, T, codec.encodeToArray(f)), NOW);
        }
        m.finish(NOW);
        final Snapshot last = published.get(published.size() - 1);
        final long bound = last.lifetime().topErrorBound();
        assertThat(bound).isPositive();
        assertThat(last.lifetime().bytes()).as("totals stay exact").isEqualTo(bytes);
        for (final dev.logmon.core.snapshot.HostCount h : last.lifetime().hosts()) {
            final long actual = truth.get(h.host());
            assertThat(h.bytes()).as("%s within the bound %d", h.host(), bound).isBetween(actual - bound, actual);
        }
        final boolean listed = last.lifetime().hosts().stream().anyMatch(h -> h.host().equals("10.8.8.8"));
        if (!listed) {
            assertThat(truth.get("10.8.8.8")).as("a host missing from the list is at most the bound").isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void shouldCountADamagedFrameAndNotMergeIt() {
        final FleetMerger m = merger(5);
        final byte[] f = frame(T, 3);
        f[40] ^= 0x55;
        assertThat(m.accept(env("a", "r", 1, T, f), NOW)).isFalse();
        assertThat(m.damaged()).isEqualTo(1);
        assertThat(m.lastDamage()).contains("checksum");
    }

    @Test
    void shouldCountAFrameWithAnAllZeroKeyAsDamagedAndNotMergeIt() {
        // not written by logmon; merged, a purge of the key would leave no trace, and the window
        // views' running sums could then differ from the full merge (issue 22)
        final FleetMerger m = merger(5);
        final Frame f = new Frame(100);
        f.clear(T);
        f.record(TestLines.parsed(TestLines.line("10.0.0.1", T, "/a/b", 200, 10)));
        final byte[] key = {'/', 'z'};
        f.sections.add(99L, key, 0, key.length, 0, 0, 0);
        assertThat(m.accept(env("a", "r", 1, T, codec.encodeToArray(f)), NOW)).isFalse();
        assertThat(m.damaged()).isEqualTo(1);
        assertThat(m.lastDamage()).isEqualTo("a: damaged frame: one of its sections has all-zero counts");
        assertThat(m.accept(env("a", "r", 2, T, frame(T, 3)), NOW)).as("the next frame is merged").isTrue();
        assertThat(m.damaged()).isEqualTo(1);
    }

    @Test
    void shouldCountAFrameStampedMoreThanADayAheadAsFutureAndNotLetItMoveTheWatermark() {
        // a stray producer (or a clock years ahead) claims a second far past this aggregate's clock:
        // counted in lifetime and lines.future; the watermark and the windows go on with the others
        final FleetMerger m = merger(5);
        final long farAhead = T + FleetMerger.FUTURE_AFTER_SECONDS + 3_600;
        m.accept(env("a", "r", 1, T, frame(T, 2)), NOW);
        m.accept(env("stray", "r", 1, farAhead, frame(farAhead, 7)), NOW);
        assertThat(m.closable(NOW)).as("the future second moves nothing").isEqualTo(T);
        m.advance(NOW);
        m.accept(env("a", "r", 2, T + 1, frame(T + 1, 3)), NOW + 1_000);
        m.accept(env("a", "r", 3, T + 2, null), NOW + 2_000);
        m.advance(NOW + 2_000);
        assertThat(m.closedUpTo()).isEqualTo(T + 2);
        final Snapshot s = published.get(published.size() - 1);
        assertThat(s.twoMinutes().hits()).as("a's seconds still land in the window").isEqualTo(5);
        assertThat(s.lifetime().hits()).isEqualTo(12);
        assertThat(s.lines().future()).isEqualTo(7);
        assertThat(s.instances()).filteredOn(i -> i.id().equals("stray")).singleElement()
                .satisfies(i -> assertThat(i.lastSecond()).as("its claimed second is not taken").isNotEqualTo(farAhead));
    }
}
