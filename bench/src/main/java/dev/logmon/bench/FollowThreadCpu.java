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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of each pipeline thread while a followed file is read from its start in arrival time
 * (what a catch-up runs: the follow pool's thread, the ring, the shard, the combiner and the
 * arrival ticker, a snapshot a second), several times in one JVM so that the later runs are warm.
 * Each run builds a {@link Pipeline} like {@code -s FILE --from-start --every 1} without {@code
 * --once}, waits until the lifetime counts {@code LINES} hits, reads every thread's CPU time
 * ({@link ThreadMXBean#getThreadCpuTime}; a sampler every 5 ms keeps the last reading of threads
 * that end) and finishes the pipeline. Unlike the wall time, the CPU time is little moved by other
 * work on a loaded machine. Only the core API is used, so the class also runs against another
 * build's jar put after it on the class path.
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
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.setThreadCpuTimeEnabled(true);
        final long self = Thread.currentThread().getId();
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        for (int run = 1; run <= runs; run++) {
            final Map<Long, long[]> cpu = new ConcurrentHashMap<>();
            final Map<Long, String> names = new ConcurrentHashMap<>();
            final Runnable sample = () -> {
                for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (info == null || info.getThreadId() == self || !info.getThreadName().startsWith("logmon-")) {
                        continue;
                    }
                    final long t = threads.getThreadCpuTime(info.getThreadId());
                    if (t > 0) {
                        names.put(info.getThreadId(), info.getThreadName());
                        cpu.computeIfAbsent(info.getThreadId(), k -> new long[1])[0] = t;
                    }
                }
            };
            final Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    sample.run();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cpu-sampler");
            sampler.setDaemon(true);
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
            sampler.start();
            final long start = System.nanoTime();
            p.start();
            while (p.latest() == null || p.latest().lifetime().hits() < lines) {
                TimeUnit.MILLISECONDS.sleep(2);
            }
            final long nanos = System.nanoTime() - start;
            sampler.interrupt();
            sampler.join();
            sample.run(); // the reading at the count
            final boolean finished = p.finish(10_000);
            final Map<String, Long> byName = new TreeMap<>();
            cpu.forEach((id, t) -> byName.merge(names.get(id), t[0], Long::sum));
            final StringBuilder line = new StringBuilder();
            byName.forEach((name, t) -> line.append(String.format("  %s %.3f s", name, t / 1e9)));
            System.out.printf("run %d: finished %b, wall %.2f s (to the snapshot that counts them all), CPU:%s%n",
                    run, finished, nanos / 1e9, line);
        }
    }
}
