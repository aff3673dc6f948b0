package dev.logmon.bench;

import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LineFormat;
import dev.logmon.core.format.LineParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import java.nio.charset.StandardCharsets;
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
 * Custom log formats ({@code --log-format}) beside the built-in parser: the same generated Combined
 * lines held in one read buffer (as a source sees them), read by {@link AccessLogParser}, by the
 * same layout given as an Apache format string and compiled once ({@link LineFormat}), by an nginx
 * format that takes the compiled matcher's generic field-by-field path; and the {@code w3c} preset on
 * IIS lines made of the same fields (host, time, path, status, size, with a time-taken). Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes per line. ({@link ParserBenchmark} covers
 * the built-in parser on Combined and Common, generated and real lines, beside the plain-JDK
 * baselines.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(FormatParserBenchmark.LINES)
@State(Scope.Thread)
public class FormatParserBenchmark {
    static final int LINES = 1000;

    private byte[] buffer;
    private int[] offsets;
    private int[] lengths;
    private final AccessLogParser combinedParser = new AccessLogParser(LogFormat.COMBINED);
    /** The same layout as a user-supplied Apache format string, compiled once. */
    private final LineParser compiledParser = LineFormat.parse(
            "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"", null).newParser(false);
    /**
     * The same lines through an nginx format that does not start with the Common layout as the
     * built-in reads it ({@code [$time_local]} rather than {@code %t}), so every field takes the
     * compiled matcher's generic path.
     */
    private final LineParser genericParser = LineFormat.parse("$remote_addr $remote_user $remote_user "
            + "[$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"", null)
            .newParser(false);
    /**
     * The default, {@code --log-format auto}: the detecting parser (behind the malformed-lines
     * watch), its choice made in {@link #generateLines} on the first lines, as a source uses it.
     */
    private final LineParser autoParser = LineFormat.parse("auto", null).newParser(false, "bench",
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    /** The {@code w3c} preset (IIS's default fields), reading {@link #w3cBuffer}. */
    private final LineParser w3cParser = LineFormat.parse("w3c", null).newParser(false);
    private final LogEvent event = new LogEvent();
    private byte[] w3cBuffer;
    private int[] w3cOffsets;
    private int[] w3cLengths;

    @Setup
    public void generateLines() {
        final BenchLines lines = BenchLines.generated(LINES, true, -1, 1);
        buffer = lines.buffer;
        offsets = lines.offsets;
        lengths = lines.lengths;
        for (int i = 0; i < LINES; i++) {
            if (!combinedParser.parse(buffer, offsets[i], lengths[i], event)
                    || !compiledParser.parse(buffer, offsets[i], lengths[i], event)
                    || !genericParser.parse(buffer, offsets[i], lengths[i], event)
                    || !autoParser.parse(buffer, offsets[i], lengths[i], event)) {
                throw new IllegalStateException("generated line does not parse: "
                        + new String(buffer, offsets[i], lengths[i], StandardCharsets.US_ASCII));
            }
        }
        w3cLines();
    }

    /**
     * The same requests written as IIS writes them: each generated line is parsed once for its host,
     * time, status and size, and its request target is copied, into {@code date time s-ip cs-method
     * cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus
     * sc-win32-status time-taken}.
     */
    private void w3cLines() {
        final java.util.List<String> text = new java.util.ArrayList<>(LINES);
        final java.time.format.DateTimeFormatter iso = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
        for (int i = 0; i < LINES; i++) {
            combinedParser.parse(buffer, offsets[i], lengths[i], event);
            final String line = new String(buffer, offsets[i], lengths[i], StandardCharsets.US_ASCII);
            final String[] request = line.substring(line.indexOf('"') + 1, line.indexOf('"', line.indexOf('"') + 1))
                    .split(" ");
            final String target = request.length > 1 ? request[1] : "/";
            final int q = target.indexOf('?');
            text.add(new StringBuilder().append(iso.format(java.time.Instant.ofEpochSecond(event.second))).append(" 10.0.0.4 ")
                    .append(request[0]).append(' ').append(q < 0 ? target : target.substring(0, q)).append(' ')
                    .append(q < 0 ? "-" : target.substring(q + 1)).append(" 443 - ")
                    .append(new String(event.host, 0, event.hostLength, StandardCharsets.US_ASCII))
                    .append(" Mozilla/5.0+(X11;+Linux+x86_64) - ").append(event.status).append(" 0 0 ")
                    .append(i % 997).toString());
        }
        final BenchLines w3c = BenchLines.of(text);
        w3cBuffer = w3c.buffer;
        w3cOffsets = w3c.offsets;
        w3cLengths = w3c.lengths;
        for (int i = 0; i < LINES; i++) {
            if (!w3cParser.parse(w3cBuffer, w3cOffsets[i], w3cLengths[i], event)) {
                throw new IllegalStateException("W3C line does not parse: "
                        + new String(w3cBuffer, w3cOffsets[i], w3cLengths[i], StandardCharsets.US_ASCII));
            }
        }
    }

    /** The built-in parser, Combined layout (referer and agent scanned), for comparison with the compiled one. */
    @Benchmark
    public long builtInCombined() {
        return run(combinedParser);
    }

    /** A custom format string compiled once ({@code --log-format '%h %l %u %t "%r" %>s %b ...'}), same lines. */
    @Benchmark
    public long compiledCustomFormat() {
        return run(compiledParser);
    }

    /** The same lines and fields through the compiled matcher's generic, field-by-field path. */
    @Benchmark
    public long compiledGenericPath() {
        return run(genericParser);
    }

    /** The default: auto-detection, decided (Combined), then the built-in parser behind two thin wrappers. */
    @Benchmark
    public long autoDetected() {
        return run(autoParser);
    }

    /** The {@code w3c} preset on the same requests written as IIS lines (separate buffer, same count). */
    @Benchmark
    public long w3cPreset() {
        return run(w3cParser, w3cBuffer, w3cOffsets, w3cLengths);
    }

    private long run(final LineParser p) {
        return run(p, buffer, offsets, lengths);
    }

    private long run(final LineParser p, final byte[] buf, final int[] offsets, final int[] lengths) {
        final LogEvent e = event;
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            if (p.parse(buf, offsets[i], lengths[i], e)) {
                sum += e.second + e.status + e.size + e.hostHash + e.sectionHash;
            }
        }
        return sum;
    }
}
