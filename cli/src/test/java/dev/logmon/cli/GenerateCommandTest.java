package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.cli.demo.TrafficGenerator;
import dev.logmon.cli.demo.TrafficGeneratorTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GenerateCommandTest {
    private static final Pattern STAMP = Pattern.compile("\\[(\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2}) \\+0000\\]");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cmd = new CommandLine(new GenerateCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void shouldWriteExactlyCountWellFormedLines() throws IOException {
        final Path log = dir.resolve("access.log");
        assertThat(run("-d", log.toString(), "-l", "0", "--count", "25000", "--seed", "3")).isZero();
        final List<String> lines = Files.readAllLines(log, StandardCharsets.US_ASCII);
        assertThat(lines).hasSize(25_000);
        for (final String line : lines) {
            assertThat(line + "\n").matches(TrafficGeneratorTest.COMBINED);
        }
        assertThat(Files.readString(log)).endsWith("\n");
        assertThat(out.toString()).contains("wrote 25000 lines");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldAppendAndRepeatTheSameLinesForTheSameSeed() throws IOException {
        final Path a = dir.resolve("a.log");
        final Path b = dir.resolve("b.log");
        final String start = "2026-01-01T00:00:00Z";
        assertThat(run("-d", a.toString(), "-l", "0", "--count", "500", "--seed", "9", "--start", start)).isZero();
        assertThat(run("-d", b.toString(), "-l", "0", "--count", "500", "--seed", "9", "--start", start)).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(run("-d", a.toString(), "-l", "0", "--count", "500", "--seed", "9", "--start", start)).isZero();
        assertThat(Files.readAllLines(a)).hasSize(1000);
    }

    @Test
    void shouldAdvanceLogTimeOneSecondPerLogRateLines() throws IOException {
        final Path log = dir.resolve("access.log");
        assertThat(run("-d", log.toString(), "-l", "0", "--count", "1050", "--log-rate", "100",
                "--start", "2026-01-01T00:00:00Z")).isZero();
        final Map<String, Integer> perSecond = countPerSecond(log);
        assertThat(perSecond).hasSize(11);
        assertThat(perSecond.get("01/Jan/2026:00:00:00")).isEqualTo(100);
        assertThat(perSecond.get("01/Jan/2026:00:00:09")).isEqualTo(100);
        assertThat(perSecond.get("01/Jan/2026:00:00:10")).isEqualTo(50);
    }

    @Test
    void shouldPutFactorTimesTheLinesInBurstSeconds() throws IOException {
        final Path log = dir.resolve("access.log");
        // period 10 s, last 3 s burst 5x: per period 7 * 20 + 3 * 100 = 440 lines
        assertThat(run("-d", log.toString(), "-l", "0", "--count", "880", "--log-rate", "20",
                "--burst", "10:3:5", "--start", "2026-01-01T00:00:00Z")).isZero();
        final Map<String, Integer> perSecond = countPerSecond(log);
        assertThat(perSecond).hasSize(20);
        int s = 0;
        for (final int n : perSecond.values()) {
            assertThat(n).as("second %d", s).isEqualTo(s % 10 >= 7 ? 100 : 20);
            s++;
        }
    }

    @Test
    void shouldStampWallClockWhenPacedWithoutStart() throws IOException {
        final Path log = dir.resolve("access.log");
        final long before = System.currentTimeMillis() / 1000;
        final long t0 = System.nanoTime();
        assertThat(run("-d", log.toString(), "-l", "200", "--count", "40", "--seed", "1")).isZero();
        final long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        final long after = System.currentTimeMillis() / 1000;
        assertThat(tookMillis).as("40 lines at 200/s take about 0.2 s").isBetween(150L, 5_000L);
        final List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(40);
        final byte[] expectedLow = new byte[TrafficGenerator.TIMESTAMP_BYTES];
        final byte[] expectedHigh = new byte[TrafficGenerator.TIMESTAMP_BYTES];
        TrafficGenerator.formatTimestamp(before, expectedLow, 0);
        TrafficGenerator.formatTimestamp(after, expectedHigh, 0);
        for (final String line : lines) {
            final Matcher m = STAMP.matcher(line);
            assertThat(m.find()).isTrue();
            assertThat(m.group()).isBetween(new String(expectedLow, StandardCharsets.US_ASCII),
                    new String(expectedHigh, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldCopySourceLinesLoopingAndRestampingThem() throws IOException {
        final Path source = dir.resolve("sample.log");
        Files.writeString(source, "1.2.3.4 - - [09/May/2018:16:00:39 +0200] \"GET /a HTTP/1.0\" 200 5\n"
                + "no timestamp here\n"
                + "5.6.7.8 - - [09/May/2018:16:00:41 +0000] \"GET /b HTTP/1.0\" 404 -");
        final Path log = dir.resolve("copy.log");
        assertThat(run("-d", log.toString(), "-s", source.toString(), "-l", "0", "--count", "7",
                "--start", "2026-01-01T00:00:00Z")).isZero();
        assertThat(Files.readAllLines(log)).containsExactly(
                "1.2.3.4 - - [01/Jan/2026:00:00:00 +0000] \"GET /a HTTP/1.0\" 200 5",
                "no timestamp here",
                "5.6.7.8 - - [01/Jan/2026:00:00:00 +0000] \"GET /b HTTP/1.0\" 404 -",
                "1.2.3.4 - - [01/Jan/2026:00:00:00 +0000] \"GET /a HTTP/1.0\" 200 5",
                "no timestamp here",
                "5.6.7.8 - - [01/Jan/2026:00:00:00 +0000] \"GET /b HTTP/1.0\" 404 -",
                "1.2.3.4 - - [01/Jan/2026:00:00:00 +0000] \"GET /a HTTP/1.0\" 200 5");

        final Path kept = dir.resolve("kept.log");
        assertThat(run("-d", kept.toString(), "-s", source.toString(), "-l", "0", "--count", "1",
                "--keep-timestamps")).isZero();
        assertThat(Files.readAllLines(kept)).containsExactly(
                "1.2.3.4 - - [09/May/2018:16:00:39 +0200] \"GET /a HTTP/1.0\" 200 5");
    }

    @Test
    void shouldWriteNothingButCreateTheFileForCountZero() {
        final Path log = dir.resolve("empty.log");
        assertThat(run("-d", log.toString(), "--count", "0")).isZero();
        assertThat(log).exists().isEmptyFile();
    }

    @Test
    void shouldRejectEachBadValueWithItsOwnMessageAndExitCode2() {
        final Path log = dir.resolve("x.log");
        assertThat(run("-d", log.toString(), "-l", "-5", "--count", "-1", "--burst", "60:90:5",
                "--start", "yesterday", "--log-rate", "0")).isEqualTo(2);
        final String text = err.toString();
        assertThat(text).contains("-l/--lines-per-second must be >= 0 (0 = as fast as possible), was -5")
                .contains("--count must be >= 0, was -1")
                .contains("--burst must be PERIOD:DURATION:FACTOR")
                .contains("was '60:90:5'")
                .contains("--start must be an ISO-8601 time such as 2026-01-01T00:00:00Z, was 'yesterday'")
                .contains("--log-rate must be >= 1, was 0")
                .contains("Usage:");
        assertThat(log).doesNotExist();
    }

    @Test
    void shouldRejectAMissingOrEmptySource() throws IOException {
        final Path log = dir.resolve("x.log");
        assertThat(run("-d", log.toString(), "-s", dir.resolve("nope.log").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a readable file");
        final Path empty = Files.createFile(dir.resolve("empty.log"));
        assertThat(run("-d", log.toString(), "-s", empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is empty");
        assertThat(run("-d", log.toString(), "--keep-timestamps")).isEqualTo(2);
        assertThat(err.toString()).contains("--keep-timestamps needs -s/--source");
    }

    @Test
    void shouldRejectMissingDestinationAsUsageError() {
        assertThat(run("--count", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option").contains("--destination");
    }

    @Test
    void shouldRejectAnUnparseableNumberAsUsageError() {
        assertThat(run("-d", dir.resolve("x.log").toString(), "-l", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("fast");
    }

    @Test
    void shouldAcceptAStartWithoutZoneAsUtc() {
        assertThat(GenerateCommand.parseStart("2026-01-01T00:00:00")).isEqualTo(TrafficGeneratorTest.START);
        assertThat(GenerateCommand.parseStart("2026-01-01T02:00:00+02:00")).isEqualTo(TrafficGeneratorTest.START);
        assertThat(GenerateCommand.parseStart("01/Jan/2026")).isNull();
    }

    @Test
    void shouldPrintUsageHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("generate").contains("--burst").contains("--log-rate");
    }

    /** Lines per timestamp, in file order (seconds ascend in these tests). */
    private static Map<String, Integer> countPerSecond(final Path log) throws IOException {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final String line : Files.readAllLines(log)) {
            final Matcher m = STAMP.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }
}
