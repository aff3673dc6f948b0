package dev.logmon.bench;

import dev.logmon.cli.Main;
import dev.logmon.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Bytes allocated per line over a whole replay, snapshots and JSON output included: runs the real
 * command ({@code -s FILE --from-start --once --sink json}, plus any extra options) in this JVM
 * several times and reports, per run, the heap bytes all threads allocated during it
 * ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}, which counts threads that
 * have ended too) divided by the file's lines. The first run includes class loading and JIT
 * warm-up of a fresh JVM; later runs are the steady state. The JSON goes to a counting sink.
 * Every run builds a new pipeline (its ring of events and its frames, about 24 MB whatever the
 * file), so two files of different lengths tell the per-run part from the per-line part.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.logmon.bench.ReplayAllocation FILE [RUNS] [LOGMON OPTIONS...]
 * </pre>
 */
public final class ReplayAllocation {
    private ReplayAllocation() {
    }

    /** Counts the bytes written to it and drops them. */
    private static final class CountingOut extends OutputStream {
        long bytes;

        @Override
        public void write(final int b) {
            bytes++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            bytes += len;
        }
    }

    public static void main(final String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ReplayAllocation FILE [RUNS] [LOGMON OPTIONS...]");
            System.exit(2);
        }
        final Path file = Path.of(args[0]);
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long lines = 0;
        try (var in = Files.newInputStream(file)) {
            final byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    lines += buf[i] == '\n' ? 1 : 0;
                }
            }
        }
        final List<String> command = new ArrayList<>(List.of("-s", file.toString(), "--from-start", "--once", "--sink", "json"));
        command.addAll(Arrays.asList(args).subList(Math.min(2, args.length), args.length));
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        System.out.printf("file: %s (%,d lines); options: %s%n", file, lines, String.join(" ", command));
        for (int run = 1; run <= runs; run++) {
            final CountingOut json = new CountingOut();
            final PrintStream out = new PrintStream(json, false, StandardCharsets.UTF_8);
            final long before = threads.getTotalThreadAllocatedBytes();
            final long start = System.nanoTime();
            final int code = Main.run(command.toArray(new String[0]), out, System.err, Clock.SYSTEM,
                    new ByteArrayInputStream(new byte[0]), Map.of(), Path.of("/nonexistent/logmon.conf"));
            out.flush();
            final long nanos = System.nanoTime() - start;
            final long allocated = threads.getTotalThreadAllocatedBytes() - before;
            System.out.printf("run %d: exit %d, %.2f s, %,d bytes allocated, %.1f B/line, %,d JSON bytes%n",
                    run, code, nanos / 1e9, allocated, (double) allocated / Math.max(1, lines), json.bytes);
            if (code != 0 || json.bytes == 0) {
                System.exit(1);
            }
        }
    }
}
