package dev.logmon.bench;

import dev.logmon.cli.Main;
import dev.logmon.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * CPU time of each pipeline thread over a whole replay ({@code -s FILE --from-start --once --sink
 * json}, plus any extra options), run in this JVM several times: {@link PipelineThreadCpu}
 * samples each pipeline thread's CPU time every 5 ms, so a thread's figure is short by at most its
 * last 5 ms. CPU time, unlike wall time, is little moved by other work on a loaded machine. With
 * one shard, {@code logmon-analyzer-0} is the shard and {@code logmon-analyzer-1} the combiner.
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
        for (int run = 1; run <= runs; run++) {
            final PipelineThreadCpu cpu = new PipelineThreadCpu();
            final PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            final long start = System.nanoTime();
            final int code = Main.run(command.toArray(new String[0]), out, System.err, Clock.SYSTEM,
                    new ByteArrayInputStream(new byte[0]), Map.of(), Path.of("/nonexistent/logmon.conf"));
            final long nanos = System.nanoTime() - start;
            final String line = cpu.stop();
            System.out.printf("run %d: exit %d, wall %.2f s, CPU:%s%n", run, code, nanos / 1e9, line);
        }
    }
}
