package dev.logmon.core.state;

import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.combine.LifetimeTotals;
import dev.logmon.core.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** State saves: prepared on the combiner's thread, written on their own, timed with the injectable clock. */
@Timeout(30)
class CheckpointWriterTest {
    private static final int CAPACITY = 64;

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public long millis() {
            return 0;
        }

        @Override
        public long nanos() {
            return nanos.get();
        }
    };
    private final PrintStream notices = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private StateStore store(final long everyMs) {
        return new StateStore(dir, List.of(), null, everyMs, notices, clock);
    }

    private static Frame lifetime(final int hits) {
        final Frame f = new Frame(CAPACITY);
        for (int i = 0; i < hits; i++) {
            f.record(TestLines.parsed(TestLines.line("10.0.0." + (i % 5), T0, "/pages/" + (i % 3), 200, 100)));
        }
        return f;
    }

    @Test
    void shouldTimeSavesWithTheInjectedClock() {
        final StateStore store = store(5_000);
        assertThat(store.due()).as("the first tick saves at once").isTrue();
        store.prepare(new PositionTracker(0), new LifetimeTotals(lifetime(1), 0, 0, 1), false);
        assertThat(store.due()).isFalse();
        nanos.addAndGet(4_999_000_000L);
        assertThat(store.due()).as("4.999 s of the injected clock later").isFalse();
        nanos.addAndGet(1_000_000L);
        assertThat(store.due()).as("5 s of the injected clock later").isTrue();
    }

    @Test
    void shouldWriteTheTotalsAsTheyWereWhenTheSaveWasTaken() throws Exception {
        final StateStore store = store(1_000);
        final Frame combinerLifetime = lifetime(3);
        final StateStore.Prepared save = store.prepare(new PositionTracker(0),
                new LifetimeTotals(combinerLifetime, 1, 2, 30), true);
        combinerLifetime.add(lifetime(4)); // the combiner goes on before the writer runs
        final CheckpointWriter writer = new CheckpointWriter(store, (t, e) -> { });
        try {
            writer.offer(save);
            assertThat(writer.awaitWritten(10_000)).isTrue();
        } finally {
            writer.close();
        }
        final StateFile.Saved saved = StateFile.read(dir, CAPACITY);
        assertThat(saved.lifetime().hits).isEqualTo(3);
        assertThat(saved.lifetime().bytes).isEqualTo(300);
        assertThat(saved.lifetime().sections.top(10)).extracting(TopCounter.Entry::key, TopCounter.Entry::c0)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/pages", 3L));
        assertThat(saved.lifetime().hosts.top(10)).hasSize(3);
        assertThat(saved.late()).isEqualTo(1);
        assertThat(saved.future()).isEqualTo(2);
        assertThat(saved.seconds()).isEqualTo(30);
    }

    @Test
    void shouldLeaveTheNewestOfManySavesOnDisk() throws Exception {
        final StateStore store = store(100);
        final CheckpointWriter writer = new CheckpointWriter(store, (t, e) -> { });
        try {
            for (int hits = 1; hits <= 50; hits++) {
                writer.offer(store.prepare(new PositionTracker(0), new LifetimeTotals(lifetime(hits), 0, 0, hits), true));
            }
            assertThat(writer.awaitWritten(10_000)).isTrue();
        } finally {
            writer.close();
        }
        final StateFile.Saved saved = StateFile.read(dir, CAPACITY);
        assertThat(saved.lifetime().hits).isEqualTo(50);
        assertThat(saved.seconds()).isEqualTo(50);
    }

    @Test
    void shouldHoldASaveBackUntilItsGatePassesAndNeverTheCombinersOffer() throws Exception {
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong handedOn = new AtomicLong();
        final CheckpointGate gate = new CheckpointGate() {
            @Override
            public long mark() {
                return handedOn.get();
            }

            @Override
            public boolean passed(final long mark) {
                return acknowledged.get() >= mark;
            }
        };
        final StateStore store = store(100);
        final CheckpointWriter writer = new CheckpointWriter(store, (t, e) -> { }, gate);
        try {
            handedOn.set(2); // two frames handed on before the first save
            final long before = System.nanoTime();
            writer.offer(store.prepare(new PositionTracker(0), new LifetimeTotals(lifetime(1), 0, 0, 1), true));
            assertThat(System.nanoTime() - before).as("an offer never waits for the gate").isLessThan(5_000_000_000L);
            assertThat(writer.awaitWritten(300)).as("the gate is shut: nothing written").isFalse();
            assertThat(StateFile.read(dir, CAPACITY)).isNull();
            acknowledged.set(2);
            assertThat(writer.awaitWritten(10_000)).as("its frames are safe: written").isTrue();
            assertThat(StateFile.read(dir, CAPACITY).lifetime().hits).isEqualTo(1);
            handedOn.set(3);
            writer.offer(store.prepare(new PositionTracker(0), new LifetimeTotals(lifetime(2), 0, 0, 2), true));
            assertThat(writer.awaitWritten(300)).as("the next save waits for its own frame").isFalse();
            assertThat(StateFile.read(dir, CAPACITY).lifetime().hits).isEqualTo(1);
            acknowledged.set(3);
            assertThat(writer.awaitWritten(10_000)).isTrue();
            assertThat(StateFile.read(dir, CAPACITY).lifetime().hits).isEqualTo(2);
        } finally {
            writer.close();
        }
    }
}
