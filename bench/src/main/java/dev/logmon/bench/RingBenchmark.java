package dev.logmon.bench;

import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole ring: a {@link Pipeline} replaying a 500,000-line generated Combined file (page-cached)
 * in log time, once, with 1 or 2 shard analyzers: read, split, parse into the slot, publish,
 * analyze, combine (a snapshot every 10 log seconds). The plain-JDK baseline does the same counting
 * on one thread with BufferedReader, String.split and HashMaps. Long: not run by CI.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@OperationsPerInvocation(RingBenchmark.LINES)
@State(Scope.Benchmark)
public class RingBenchmark {
    static final int LINES = 500_000;

    /** Shard analyzers on the ring. */
    @Param({"1", "2"})
    public int shards;

    private Path file;
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Setup(Level.Trial)
    public void write() throws IOException {
        file = Files.createTempFile("logmon-ring-bench", ".log");
        final BenchLines lines = BenchLines.generated(LINES, true, 1_767_225_600L, 1000);
        Files.write(file, lines.buffer);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Our engine end to end, without JVM start. */
    @Benchmark
    public long pipeline() throws InterruptedException {
        final Settings s = new Settings();
        s.sources.add(file.toString());
        s.once = true;
        s.timeMode = TimeMode.LOG;
        s.shards = shards;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        s.threshold = 1e12;
        if (!s.conclude().isEmpty()) {
            throw new IllegalStateException(s.conclude().toString());
        }
        final Pipeline p = new Pipeline(s, new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
            }
        }, Clock.SYSTEM, quiet, new HandlerErrors(quiet));
        p.start();
        if (!p.awaitSources(60_000) || !p.finish(60_000)) {
            throw new IllegalStateException("pipeline did not finish");
        }
        final long hits = p.latest().lifetime().hits();
        if (hits != LINES) {
            throw new IllegalStateException("counted " + hits + " of " + LINES);
        }
        return hits;
    }

    /** The plain-JDK way on one thread: readLine, split, HashMap counters. */
    @Benchmark
    public long jdkSingleThreadBaseline() throws IOException {
        final Map<String, Long> hosts = new HashMap<>();
        final Map<String, Long> sections = new HashMap<>();
        long hits = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                final String[] f = line.split(" ");
                final String path = f[6];
                final int slash = path.indexOf('/', 1);
                hosts.merge(f[0], f[9].equals("-") ? 0 : Long.parseLong(f[9]), Long::sum);
                sections.merge(slash < 0 ? path : path.substring(0, slash), 1L, Long::sum);
                hits++;
            }
        }
        return hits + hosts.size() + sections.size();
    }
}
