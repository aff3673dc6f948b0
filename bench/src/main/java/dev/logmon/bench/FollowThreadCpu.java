package dev.logmon.bench;

import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of each pipeline thread while a followed file is read from its start in arrival time
 * (what a catch-up runs: the follow pool's thread, the ring, the shard, the combiner and the
 * arrival ticker, a snapshot a second), several times in one JVM so that the later runs are warm.
 * Each run builds a {@link Pipeline} like {@code -s FILE --from-start --every 1} without {@code
 * --once}, waits until the lifetime counts {@code LINES} hits, reads every pipeline thread's CPU
 * time ({@link PipelineThreadCpu}) and finishes the pipeline. Unlike the wall time, the CPU time is
 * little moved by other work on a loaded machine. Only the core API is used, so this class and {@link PipelineThreadCpu}
 * also run against another build's jar put after them on the class path.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.logmon.bench.FollowThreadCpu FILE LINES [RUNS]
 * </pre>
 */
public final class FollowThreadCpu {
    private FollowThreadCpu() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FollowThreadCpu FILE LINES [RUNS]");
            System.exit(2);
        }
        final long lines = Long.parseLong(args[1]);
        final int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        for (int run = 1; run <= runs; run++) {
            final Settings s = new Settings();
            s.sources.add(args[0]);
            s.timeMode = TimeMode.ARRIVAL;
            s.fromStart = true;
            s.everySeconds = 1;
            final var problems = s.conclude();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.valueOf(problems));
            }
            final SnapshotPublisher none = new SnapshotPublisher() {
                @Override
                public void publishSnapshot(final Snapshot snapshot) {
                }

                @Override
                public void publishAlert(final AlertEvent alert) {
                }
            };
            final Pipeline p = new Pipeline(s, none, Clock.SYSTEM, quiet, new HandlerErrors(quiet));
            final PipelineThreadCpu cpu = new PipelineThreadCpu();
            final long start = System.nanoTime();
            p.start();
            while (p.latest() == null || p.latest().lifetime().hits() < lines) {
                TimeUnit.MILLISECONDS.sleep(2);
            }
            final long nanos = System.nanoTime() - start;
            final String line = cpu.stop(); // the reading at the count
            final boolean finished = p.finish(10_000);
            System.out.printf("run %d: finished %b, wall %.2f s (to the snapshot that counts them all), CPU:%s%n",
                    run, finished, nanos / 1e9, line);
        }
    }
}
