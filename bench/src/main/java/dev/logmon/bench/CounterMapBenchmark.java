package dev.logmon.bench;

import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.format.ByteHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Object2LongHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-line counting of a shard: one key (a host or a section, hashed by the parser) gets
 * three counters added, 1,000 lines a second, the map cleared each second. Our {@link TopCounter}
 * beside what Agrona offers for it:
 *
 * <ul>
 *   <li>{@code topCounter}: open addressing on the 64-bit hash, three counters and the key bytes
 *       in parallel arrays (what the analyzer runs);</li>
 *   <li>{@code agronaLong2LongIndex}: Agrona's {@link Long2LongHashMap} from the hash to a row of
 *       the same parallel arrays: the closest Agrona equivalent of the whole job;</li>
 *   <li>{@code agronaLong2LongCounter}: Agrona's {@link Long2LongCounterMap}, hash to one counter
 *       only (a third of the job: a lower bound on Agrona's cost, not a replacement);</li>
 *   <li>{@code agronaObject2LongByString}: Agrona's {@link Object2LongHashMap} keyed by a String
 *       made per line (the obvious way, allocating per line).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OperationsPerInvocation(CounterMapBenchmark.LINES)
@State(Scope.Thread)
public class CounterMapBenchmark {
    static final int LINES = 1000;
    private static final long MISSING = -1;

    /** Distinct keys among the 1,000 lines of a second. */
    @Param({"50", "1000"})
    public int keys;

    private final byte[][] lineKeys = new byte[LINES][];
    private final long[] lineHashes = new long[LINES];
    private final long[] lineSizes = new long[LINES];

    private final TopCounter top = new TopCounter(10_000, 256);

    private final Long2LongHashMap index = new Long2LongHashMap(MISSING);
    private long[] c0 = new long[64];
    private long[] c1 = new long[64];
    private long[] c2 = new long[64];
    private int[] keyOffsets = new int[64];
    private byte[] arena = new byte[4096];
    private int rows;
    private int arenaUsed;

    private final Long2LongCounterMap counter = new Long2LongCounterMap(0);
    private final Object2LongHashMap<String> byString = new Object2LongHashMap<>(MISSING);

    @Setup
    public void lines() {
        final SplittableRandom rnd = new SplittableRandom(18);
        for (int i = 0; i < LINES; i++) {
            // Zipf-like: a few keys take most lines, as hosts and sections do in real logs
            final int k = (int) Math.min(keys - 1, Math.floor(Math.pow(rnd.nextDouble(), 3) * keys));
            lineKeys[i] = ("/section-" + k + "/page").getBytes(StandardCharsets.US_ASCII);
            lineHashes[i] = ByteHash.hash(lineKeys[i], 0, lineKeys[i].length);
            lineSizes[i] = 200 + rnd.nextInt(20_000);
        }
    }

    @Benchmark
    public long topCounter() {
        final TopCounter t = top;
        t.clear();
        for (int i = 0; i < LINES; i++) {
            final byte[] key = lineKeys[i];
            t.add(lineHashes[i], key, 0, key.length, lineSizes[i], 1, 0);
        }
        return t.size();
    }

    @Benchmark
    public long agronaLong2LongIndex() {
        index.clear();
        rows = 0;
        arenaUsed = 0;
        for (int i = 0; i < LINES; i++) {
            final long h = lineHashes[i];
            long row = index.get(h);
            if (row == MISSING) {
                row = newRow(lineKeys[i]);
                index.put(h, row);
            }
            final int r = (int) row;
            c0[r] += lineSizes[i];
            c1[r] += 1;
            c2[r] += 0;
        }
        return rows;
    }

    private int newRow(final byte[] key) {
        if (rows == c0.length) {
            final int n = rows * 2;
            c0 = Arrays.copyOf(c0, n);
            c1 = Arrays.copyOf(c1, n);
            c2 = Arrays.copyOf(c2, n);
            keyOffsets = Arrays.copyOf(keyOffsets, n);
        }
        if (arenaUsed + key.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + key.length));
        }
        System.arraycopy(key, 0, arena, arenaUsed, key.length);
        keyOffsets[rows] = arenaUsed;
        arenaUsed += key.length;
        c0[rows] = 0;
        c1[rows] = 0;
        c2[rows] = 0;
        return rows++;
    }

    @Benchmark
    public long agronaLong2LongCounter() {
        final Long2LongCounterMap m = counter;
        m.clear();
        for (int i = 0; i < LINES; i++) {
            m.getAndAdd(lineHashes[i], lineSizes[i]);
        }
        return m.size();
    }

    @Benchmark
    public long agronaObject2LongByString() {
        final Object2LongHashMap<String> m = byString;
        m.clear();
        for (int i = 0; i < LINES; i++) {
            final String key = new String(lineKeys[i], StandardCharsets.US_ASCII);
            final long old = m.getValue(key);
            m.put(key, old == MISSING ? lineSizes[i] : old + lineSizes[i]);
        }
        return m.size();
    }
}
