package dev.logmon.core.source;

import dev.logmon.core.StressWriter;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeded random stress of following (RELIABILITY rows 1-8 and 37): each round follows 1 to N files,
 * each written by a {@link StressWriter} at 1,000 to 200,000 lines/s while it renames and creates,
 * copies and truncates, deletes and recreates, truncates, moves away and back, or re-points a
 * symbolic link, at random moments (mean gap a third of {@code --rotate-wait} to three times it, so
 * several land inside one rotate wait). Every round must count exactly the lines written, per file
 * and in all, and the rotations and truncations made.
 *
 * <p>The budget is short in CI; {@code bench/follow-soak.sh SECONDS} runs it for longer, with
 * {@code -Dlogmon.stress.seconds}, {@code -Dlogmon.stress.maxFiles} and {@code -Dlogmon.stress.seed}
 * (a failing round prints its seed: run it again with that seed).
 */
public class FollowStressIT {
    private static final long BUDGET_SECONDS = Long.getLong("logmon.stress.seconds", 20);
    private static final int MAX_FILES = Integer.getInteger("logmon.stress.maxFiles", 8);
    /** Lines per second of all writers of a round together, at most (2 shared cores in CI). */
    private static final double MAX_TOTAL_RATE = Double.parseDouble(System.getProperty("logmon.stress.maxRate", "150000"));

    @TempDir
    Path dir;

    @Test
    void shouldCountEveryLineOnceWhateverRotationsHappenAtRandom() {
        final long seed = Long.getLong("logmon.stress.seed", System.nanoTime());
        assertTimeoutPreemptively(Duration.ofSeconds(BUDGET_SECONDS + 300), () -> {
            final Random master = new Random(seed);
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
            int round = 0;
            do {
                final long roundSeed = master.nextLong();
                final Path roundDir = Files.createDirectory(dir.resolve("round" + round));
                runRound(roundDir, roundSeed, "seed " + seed + " round " + round + " (round seed " + roundSeed + ")");
                round++;
            } while (System.nanoTime() < end);
            System.out.println("FollowStressIT: seed " + seed + ", " + round + " rounds passed (" + stalls
                    + " files whose writer was held up past the rotate wait, counted within what it may lose)");
        }, () -> "the stress run overran its budget; seed " + seed);
    }

    /** Files whose writer was held up past the rotate wait while writing to a rotated file (not exact). */
    private int stalls;

    private void runRound(final Path roundDir, final long roundSeed, final String seedText) throws Exception {
        final Random r = new Random(roundSeed);
        final int files = 1 + r.nextInt(MAX_FILES);
        final long rotateWait = 50 + r.nextInt(400);
        final long poll = 5 + r.nextInt(60);
        final long writeMillis = 1_000 + r.nextInt(2_500);
        final long[] meanOp = {rotateWait / 3, rotateWait, 3 * rotateWait};
        final long meanOpMillis = Math.max(5, meanOp[r.nextInt(meanOp.length)]);
        final List<Path> paths = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            paths.add(roundDir.resolve("f" + i + ".log"));
        }
        final double[] rates = new double[files];
        double total = 0;
        for (int i = 0; i < files; i++) {
            rates[i] = Math.exp(Math.log(1_000) + r.nextDouble() * (Math.log(200_000) - Math.log(1_000)));
            total += rates[i];
        }
        final double scale = Math.min(1, MAX_TOTAL_RATE / total);
        final String setup = seedText + ": " + files + " files, poll " + poll + " ms, rotate-wait " + rotateWait
                + " ms, mean gap " + meanOpMillis + " ms";
        final List<StressWriter> writers = new ArrayList<>();
        try (FollowHarness h = new FollowHarness(paths.toArray(new Path[0]))) {
            h.settings.pollMillis = poll;
            h.settings.rotateWaitMillis = rotateWait;
            h.settings.ringSize = 4096;
            h.settings.watchFiles = r.nextInt(4) != 0; // now and then by polling alone
            for (int i = 0; i < files; i++) {
                final int source = i;
                writers.add(new StressWriter(paths.get(i), r.nextInt(5) == 0, r.nextLong(), Math.max(500, rates[i] * scale),
                        writeMillis, meanOpMillis, rotateWait, () -> h.source(source), setup));
            }
            h.start();
            for (int i = 0; i < files; i++) {
                final FileSource fs = (FileSource) h.pipeline().sources().get(i);
                writers.get(i).followerFiles = fs::describeFiles;
            }
            for (int i = 0; i < files; i++) {
                final int source = i;
                h.await(() -> h.source(source).state() == SourceState.FOLLOWING
                        || h.source(source).state() == SourceState.READING, setup + ": file " + source + " opened");
            }
            writers.forEach(Thread::start);
            for (final StressWriter w : writers) {
                w.join(TimeUnit.SECONDS.toMillis(240));
                assertThat(w.isAlive()).as(setup + ": writer still running").isFalse();
                if (w.failure != null) {
                    final String name = paths.get(writers.indexOf(w)).getFileName().toString();
                    throw new AssertionError(setup + ": " + w.getName() + " failed; ops " + w.ops() + "; notices: "
                            + noticesOf(h, name), w.failure);
                }
            }
            long written = 0;
            for (final StressWriter w : writers) {
                written += w.written();
            }
            long mayLose = 0;
            for (final StressWriter w : writers) {
                mayLose += w.mayLose();
            }
            final long all = written - mayLose;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (h.pipeline().linesRead() < all && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            h.settle();
            final StringBuilder wrong = new StringBuilder();
            for (int i = 0; i < files; i++) {
                final StressWriter w = writers.get(i);
                final SourceStatus s = h.source(i);
                if (s.linesRead() > w.written() || s.linesRead() < w.written() - w.mayLose()
                        || s.rotations() != w.expectedRotations()
                        || s.truncations() != w.expectedTruncations()) {
                    final String name = paths.get(i).getFileName().toString();
                    wrong.append("\n  ").append(name).append(": written ").append(w.written()).append(" read ")
                            .append(s.linesRead()).append(", rotations ").append(s.rotations()).append(" of ")
                            .append(w.expectedRotations()).append(", truncations ").append(s.truncations()).append(" of ")
                            .append(w.expectedTruncations()).append(", ").append(s.state()).append("; ops ").append(w.ops())
                            .append("; notices: ").append(noticesOf(h, name)).append("; files ").append(w.files());
                }
            }
            assertThat(wrong.toString()).as(setup + ": files counted wrong").isEmpty();
            final Snapshot last = h.finish();
            for (int i = 0; i < files; i++) {
                final StressWriter w = writers.get(i);
                final SourceStatus s = h.source(i);
                final String what = setup + ": file " + i + " (ops " + w.ops() + ") " + s;
                if (w.mayLose() == 0) {
                    assertThat(s.linesRead()).as(what).isEqualTo(w.written());
                } else {
                    stalls++;
                    assertThat(s.linesRead()).as(what).isBetween(w.written() - w.mayLose(), w.written());
                }
                assertThat(s.rotations()).as(what).isEqualTo(w.expectedRotations());
                assertThat(s.truncations()).as(what).isEqualTo(w.expectedTruncations());
            }
            assertThat(last.lines().malformed()).as(setup + " " + last.lines().malformedByReason()).isZero();
            long counted = 0;
            for (int i = 0; i < files; i++) {
                counted += h.source(i).linesRead();
            }
            assertThat(last.lines().parsed()).as(setup + ": the snapshot and the sources agree").isEqualTo(counted);
        }
    }

    private static String noticesOf(final FollowHarness h, final String name) {
        final StringBuilder sb = new StringBuilder();
        h.notices().lines().filter(l -> l.contains("/" + name + " ") || l.contains(" " + name + ".")
                || l.contains("/" + name + ":") || l.contains("/" + name + " TRACE")).forEach(l -> sb.append(l.replaceAll("^.*/" + name, name)).append(" | "));
        return sb.toString();
    }
}
