package dev.logmon.bench;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.analyze.FrameCodecException;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding one second's frame of 1,000 generated Combined lines (about 1,000 hosts
 * and 100 sections, request times absent): what a frame costs each time it is saved, stored in
 * the history or, later, sent to another instance.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class FrameCodecBenchmark {
    private static final int LINES = 1000;

    private final Frame frame = new Frame(10_000);
    private final Frame into = new Frame(10_000);
    private final FrameCodec codec = new FrameCodec();
    private byte[] encoded;

    @Setup
    public void frame() {
        final BenchLines lines = BenchLines.generated(LINES, true, 1_767_225_600L, LINES);
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        final LogEvent e = new LogEvent();
        for (int i = 0; i < LINES; i++) {
            if (parser.parse(lines.buffer, lines.offsets[i], lines.lengths[i], e)) {
                frame.record(e);
            }
        }
        encoded = codec.encodeToArray(frame);
    }

    @Benchmark
    public int encode() {
        return codec.encode(frame);
    }

    @Benchmark
    public long decode() throws FrameCodecException {
        codec.decode(encoded, into);
        return into.hits;
    }
}
