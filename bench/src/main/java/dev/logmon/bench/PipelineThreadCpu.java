package dev.logmon.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of the pipeline's threads (those named {@code logmon-...}) over one run: a sampler
 * thread reads each live one's CPU time ({@link ThreadMXBean#getThreadCpuTime}) every 5 ms and
 * keeps the last reading, so a thread that ends is short by at most its last 5 ms. Used by
 * {@link ReplayThreadCpu} and {@link FollowThreadCpu}; one instance per run.
 */
final class PipelineThreadCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long caller = Thread.currentThread().getId();
    private final Map<Long, Long> cpu = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Thread sampler;

    /** Starts sampling now. */
    PipelineThreadCpu() {
        threads.setThreadCpuTimeEnabled(true);
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || info.getThreadId() == caller || !info.getThreadName().startsWith("logmon-")) {
                continue;
            }
            final long t = threads.getThreadCpuTime(info.getThreadId());
            if (t > 0) {
                names.put(info.getThreadId(), info.getThreadName());
                cpu.put(info.getThreadId(), t);
            }
        }
    }

    /**
     * Stops the sampler, takes one last reading of the threads still alive, and gives each thread
     * name's CPU time as {@code "  NAME 0.123 s"}, by name.
     */
    String stop() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
        sample();
        final Map<String, Long> byName = new TreeMap<>();
        cpu.forEach((id, t) -> byName.merge(names.get(id), t, Long::sum));
        final StringBuilder line = new StringBuilder();
        byName.forEach((name, t) -> line.append(String.format("  %s %.3f s", name, t / 1e9)));
        return line.toString();
    }
}
