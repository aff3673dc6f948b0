package dev.logmon.core.engine;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.VisitorSketch;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unique visitors end to end: a replay of a known number of distinct client addresses on two
 * shards lands within three standard errors of the sketch in the windows and the lifetime. (A
 * restart from saved state: {@link dev.logmon.core.state.VisitorsRestartTest}.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UniqueVisitorsIT {
    private static final long SEED = 2121;
    private static final int PER_SECOND = 300;
    private static final double THREE_SIGMA = 3 * VisitorSketch.RSE;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    /** One line: its second and its address index. */
    private record Line(long second, int address) {
    }

    private static String address(final int i) {
        return "10." + (i >>> 16) + "." + ((i >>> 8) & 255) + "." + (i & 255);
    }

    /**
     * Lines for {@code seconds} seconds from {@code start}, every address of {@code [from, to)} at
     * least once, the rest drawn from that range, in a seeded shuffled order.
     */
    private static List<Line> lines(final SplittableRandom rnd, final long start, final int seconds, final int from,
                                     final int to) {
        final int n = seconds * PER_SECOND;
        final int[] addresses = new int[n];
        for (int i = 0; i < n; i++) {
            addresses[i] = i < to - from ? from + i : from + rnd.nextInt(to - from);
        }
        for (int i = n - 1; i > 0; i--) {
            final int j = rnd.nextInt(i + 1);
            final int t = addresses[i];
            addresses[i] = addresses[j];
            addresses[j] = t;
        }
        final List<Line> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Line(start + i / PER_SECOND, addresses[i]));
        }
        return out;
    }

    private static void append(final Path file, final List<Line> lines) throws Exception {
        final StringBuilder b = new StringBuilder(lines.size() * 100);
        for (final Line l : lines) {
            b.append(TestLines.line(address(l.address()), l.second(), "/p/" + (l.address() % 7), 200, 100)).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Snapshot run(final Path file) throws Exception {
        final Settings s = new Settings();
        s.sources.add(file.toString());
        s.once = true;
        s.timeMode = TimeMode.LOG;
        s.shards = 2;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        s.waitStrategy = WaitStrategyName.SLEEPING;
        assertThat(s.conclude()).isEmpty();
        final RecordingPublisher out = new RecordingPublisher();
        final Pipeline p = new Pipeline(s, out, Clock.SYSTEM, notices, new HandlerErrors(notices));
        p.start();
        assertThat(p.awaitSources(60_000)).as("sources finish").isTrue();
        assertThat(p.finish(60_000)).as("final snapshot published").isTrue();
        final Snapshot last = out.last();
        assertThat(last.last()).isTrue();
        return last;
    }

    /** Distinct addresses of the lines of seconds {@code (end - seconds, end]}. */
    private static int distinct(final List<Line> lines, final long end, final long seconds) {
        final Set<Integer> seen = new HashSet<>();
        for (final Line l : lines) {
            if (l.second() <= end && l.second() > end - seconds) {
                seen.add(l.address());
            }
        }
        return seen.size();
    }

    private static void assertWithin(final WindowView w, final int truth, final String what) {
        assertThat(Math.abs(w.visitors() - truth) / (double) truth)
                .as("%s (seed %d): %d visitors estimated, %d distinct addresses", what, SEED, w.visitors(), truth)
                .isLessThanOrEqualTo(THREE_SIGMA);
    }

    @Test
    void shouldCountDistinctAddressesInWindowsAndLifetimeWithinTheSketchError() throws Exception {
        final SplittableRandom rnd = new SplittableRandom(SEED);
        final Path file = dir.resolve("access.log");
        final List<Line> first = lines(rnd, T0, 300, 0, 50_000);
        append(file, first);

        final Snapshot one = run(file);

        assertThat(one.lifetime().hits()).isEqualTo(first.size());
        assertWithin(one.lifetime(), 50_000, "lifetime");
        assertWithin(one.twoMinutes(), distinct(first, one.second(), one.twoMinutes().seconds()), "2 minutes");
        assertWithin(one.tenSeconds(), distinct(first, one.second(), one.tenSeconds().seconds()), "10 s");
    }
}
