package dev.logmon.bench;

import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.format.ByteHash;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TopCounter} over its capacity, the lifetime host list of a log with many more clients
 * than {@code --top-capacity}: 2,000 skewed hot hosts carry half the hits, 55,000 uniformly drawn
 * ones the other half (so new keys keep arriving at a full map and purges keep running).
 *
 * <ul>
 *   <li>{@code addOverCapacity}: one {@code add} to a full map of capacity 10,000, per add;</li>
 *   <li>{@code addWithinCapacity}: the same stream's hot keys only (exact, no purge), per add;</li>
 *   <li>{@code mergeSecondIntoLifetime}: {@code addAll} of one second's map (1,000 adds) into the
 *       full lifetime map, as the combiner does once per second, per merge;</li>
 *   <li>{@code mergeWindowOfBlocks}: clear a map and {@code addAll} 12 ten-second blocks (about
 *       5,000 keys each, 55,000 distinct in all), as a snapshot's 2-minute view does, per view.</li>
 * </ul>
 * Run with {@code -prof gc} to see the bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TopCounterBenchmark {
    static final int CAPACITY = 10_000;
    static final int HOT = 2_000;
    static final int COLD = 55_000;
    static final int STREAM = 1 << 20;
    static final int BATCH = 1_024;
    static final int SECONDS = 64;
    static final int BLOCKS = 12;

    private byte[][] keys;
    private long[] hashes;
    private int[] stream;
    private int cursor;

    private TopCounter lifetime;
    private TopCounter hot;
    private TopCounter[] seconds;
    private int second;
    private TopCounter[] blocks;
    private TopCounter window;

    @Setup
    public void fill() {
        final SplittableRandom rnd = new SplittableRandom(22);
        keys = new byte[HOT + COLD][];
        hashes = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (i < HOT ? "198.51." + (i / 256) + "." + (i % 256)
                    : "10." + (i / 65_536) + "." + (i / 256 % 256) + "." + (i % 256)).getBytes(StandardCharsets.US_ASCII);
            hashes[i] = ByteHash.hash(keys[i], 0, keys[i].length);
        }
        stream = new int[STREAM];
        for (int i = 0; i < STREAM; i++) {
            // hot: rank r with probability falling with r (a min of two uniforms), cold: uniform
            stream[i] = rnd.nextBoolean() ? Math.min(rnd.nextInt(HOT), rnd.nextInt(HOT)) : HOT + rnd.nextInt(COLD);
        }
        lifetime = new TopCounter(CAPACITY, 64);
        hot = new TopCounter(CAPACITY, 64);
        for (int i = 0; i < STREAM; i++) {
            add(lifetime, stream[i]);
        }
        seconds = new TopCounter[SECONDS];
        int at = 0;
        for (int s = 0; s < SECONDS; s++) {
            seconds[s] = new TopCounter(CAPACITY, 64);
            for (int i = 0; i < 1_000; i++) {
                add(seconds[s], stream[at++]);
            }
        }
        blocks = new TopCounter[BLOCKS];
        for (int b = 0; b < BLOCKS; b++) {
            blocks[b] = new TopCounter(CAPACITY, 64);
            for (int i = 0; i < 10_000; i++) {
                add(blocks[b], stream[at++]);
            }
        }
        window = new TopCounter(CAPACITY, 64);
        mergeWindowOfBlocks(); // grow the window's arrays once
    }

    private void add(final TopCounter c, final int k) {
        final byte[] key = keys[k];
        c.add(hashes[k], key, 0, key.length, 100 + k % 7, 1, 0);
    }

    /** One add to a full map, mostly of keys it does not hold. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long addOverCapacity() {
        int c = cursor;
        for (int i = 0; i < BATCH; i++) {
            add(lifetime, stream[c]);
            c = (c + 1) & (STREAM - 1);
        }
        cursor = c;
        return lifetime.errorBound();
    }

    /** One add of a hot key (all fit the capacity: the exact path). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long addWithinCapacity() {
        int c = cursor;
        for (int i = 0; i < BATCH; i++) {
            add(hot, stream[c] % HOT);
            c = (c + 1) & (STREAM - 1);
        }
        cursor = c;
        return hot.size();
    }

    /** One second's map merged into the full lifetime map. */
    @Benchmark
    public long mergeSecondIntoLifetime() {
        lifetime.addAll(seconds[second]);
        second = (second + 1) % SECONDS;
        return lifetime.errorBound();
    }

    /** A 2-minute view: 12 blocks merged into a cleared map, well over its capacity. */
    @Benchmark
    public long mergeWindowOfBlocks() {
        window.clear();
        for (final TopCounter b : blocks) {
            window.addAll(b);
        }
        return window.errorBound();
    }
}
