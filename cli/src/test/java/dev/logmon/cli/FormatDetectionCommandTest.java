package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Issue 16 through the command: the format detected and said, a mostly-malformed start said, gzip on stdin. */
@Timeout(60)
class FormatDetectionCommandTest {
    @TempDir
    Path dir;

    private static byte[] sample(final String name) throws IOException {
        try (InputStream in = FormatDetectionCommandTest.class.getResourceAsStream("/formats/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldDetectAnAlbLogSayWhichAndCountEveryHitWithTheUnreadableTimesApart() throws IOException {
        final Path log = dir.resolve("alb.log");
        Files.write(log, sample("awsalb.log"));

        final CliRun run = CliRun.run("-s", log.toString(), "--once");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).contains("alb.log: log format awsalb (detected: 8 of its first 8 lines)");
        final JsonNode last = run.last();
        assertThat(last.at("/lines/parsed").asLong()).isEqualTo(8);
        assertThat(last.at("/lines/noLatency").asLong()).isEqualTo(1);
        assertThat(last.at("/windows/lifetime/status/5xx").asLong()).isEqualTo(2); // 502 (Lambda), 504 (-1 times)
        assertThat(last.at("/windows/lifetime/status/2xx").asLong()).isEqualTo(4);
        assertThat(last.at("/windows/lifetime/status/1xx").asLong()).isEqualTo(2); // the WebSockets entries
        assertThat(last.at("/windows/lifetime/latency/count").asLong()).as("latency reported once detected")
                .isEqualTo(7);
    }

    @Test
    void shouldSayOnceWhenMostLinesOfAFileAreMalformedNamingTheReason() throws IOException {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("<134>Dec  6 21:00:0" + (i % 10) + " fw01 kernel: DROP IN=eth0 SRC=10.0.0." + i);
        }
        final Path log = dir.resolve("not-access.log");
        Files.write(log, lines, StandardCharsets.US_ASCII);

        final CliRun run = CliRun.run("-s", log.toString(), "--once");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.last().at("/lines/malformed").asLong()).isEqualTo(30);
        final List<String> notices = run.err.lines().filter(l -> l.contains("are malformed")).toList();
        assertThat(notices).hasSize(1);
        // the syslog header is skipped, and the kernel message after it is no access-log line
        assertThat(notices.get(0)).contains("not-access.log: 30 of its first 30 lines are malformed, most of them "
                + "truncated (read as combined)").contains("--log-format");
        assertThat(run.err).contains("not-access.log: log format combined (no preset matched its first lines");
    }

    @Test
    void shouldSayNothingAboutMalformedLinesWhenMostAreFine() throws IOException {
        final Path log = dir.resolve("fine.log");
        Files.write(log, sample("awss3.log"));
        final CliRun run = CliRun.run("-s", log.toString(), "--once", "--log-format", "awss3");
        assertThat(run.err).doesNotContain("malformed").doesNotContain("log format");
        assertThat(run.last().at("/lines/parsed").asLong()).isEqualTo(5);
    }

    private static byte[] gzippedLines(final int count) throws IOException {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(String.format(java.util.Locale.ROOT,
                    "10.0.0.%d - - [01/Jan/2026:00:%02d:%02d +0000] \"GET /p/%d HTTP/1.1\" 200 %d \"-\" \"t\"%n",
                    i % 200, (i / 60) % 60, i % 60, i, i));
        }
        final ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return gz.toByteArray();
    }

    @Test
    void shouldSayWhereGzipCutShortOnStandardInputEndsAndKeepTheLinesBefore() throws IOException {
        // more than the line reader's 1 MiB buffer inflated before the cut: the lines of a read that
        // fails are lost (as for a cut .gz file), those of the reads before it are counted
        final byte[] gz = gzippedLines(100_000);
        final byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);

        final CliRun run = CliRun.runWithStdin(new ByteArrayInputStream(cut), "-s", "-", "--once");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).contains("standard input: compressed data ends early or is damaged after")
                .doesNotContain(": null");
        final long parsed = run.last().at("/lines/parsed").asLong();
        assertThat(parsed).as(run.err).isBetween(1L, 99_999L);
        assertThat(run.last().at("/lines/malformed").asLong()).as("the cut line is not counted").isZero();
        assertThat(run.err).contains("after " + parsed + " lines");
    }

    @Test
    void shouldInflateGzipPipedOnStandardInput() throws IOException {
        final byte[] gz = gzippedLines(10_000);

        final CliRun run = CliRun.runWithStdin(new ByteArrayInputStream(gz), "-s", "-", "--once");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.last().at("/lines/read").asLong()).isEqualTo(10_000);
        assertThat(run.last().at("/lines/parsed").asLong()).isEqualTo(10_000);
    }
}
