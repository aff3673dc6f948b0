package dev.logmon.bench;

import dev.logmon.cli.Main;
import dev.logmon.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of each pipeline thread over a whole replay ({@code -s FILE --from-start --once --sink
 * json}, plus any extra options), run in this JVM several times: a sampler reads every live
 * thread's CPU time ({@link ThreadMXBean#getThreadCpuTime}) every 5 ms and keeps the last reading
 * of each, so a thread's figure is short by at most its last 5 ms. CPU time, unlike wall time, is
 * little moved by other work on a loaded machine. With one shard, {@code logmon-analyzer-0} is the
 * shard and {@code logmon-analyzer-1} the combiner.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.logmon.bench.ReplayThreadCpu FILE [RUNS] [LOGMON OPTIONS...]
 * </pre>
 */
public final class ReplayThreadCpu {
    private ReplayThreadCpu() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ReplayThreadCpu FILE [RUNS] [LOGMON OPTIONS...]");
            System.exit(2);
        }
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final List<String> command = new ArrayList<>(List.of("-s", args[0], "--from-start", "--once", "--sink", "json"));
        command.addAll(Arrays.asList(args).subList(Math.min(2, args.length), args.length));
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.setThreadCpuTimeEnabled(true);
        final long self = Thread.currentThread().getId();
        for (int run = 1; run <= runs; run++) {
            final Map<Long, long[]> cpu = new ConcurrentHashMap<>();
            final Map<Long, String> names = new ConcurrentHashMap<>();
            final Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                        if (info == null || info.getThreadId() == self) {
                            continue;
                        }
                        final long t = threads.getThreadCpuTime(info.getThreadId());
                        if (t > 0) {
                            names.put(info.getThreadId(), info.getThreadName());
                            cpu.computeIfAbsent(info.getThreadId(), k -> new long[1])[0] = t;
                        }
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cpu-sampler");
            sampler.setDaemon(true);
            sampler.start();
            final PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            final long start = System.nanoTime();
            final int code = Main.run(command.toArray(new String[0]), out, System.err, Clock.SYSTEM,
                    new ByteArrayInputStream(new byte[0]), Map.of(), Path.of("/nonexistent/logmon.conf"));
            final long nanos = System.nanoTime() - start;
            sampler.interrupt();
            sampler.join();
            final Map<String, Long> byName = new TreeMap<>();
            cpu.forEach((id, t) -> {
                final String name = names.get(id);
                if (name.startsWith("logmon-")) {
                    byName.merge(name, t[0], Long::sum);
                }
            });
            final StringBuilder line = new StringBuilder();
            byName.forEach((name, t) -> line.append(String.format("  %s %.3f s", name, t / 1e9)));
            System.out.printf("run %d: exit %d, wall %.2f s, CPU:%s%n", run, code, nanos / 1e9, line);
        }
    }
}
