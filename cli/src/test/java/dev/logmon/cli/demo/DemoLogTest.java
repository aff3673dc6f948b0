package dev.logmon.cli.demo;

import dev.logmon.cli.GenerateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo calls the traffic generator through its Java API and writes what the generate command writes. */
@Timeout(60)
class DemoLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheSameReplayLogAsTheGenerateCommandWithTheDemoOptions() throws Exception {
        final Path viaCommand = dir.resolve("command.log");
        final StringWriter quiet = new StringWriter();
        assertThat(new CommandLine(new GenerateCommand()).setOut(new PrintWriter(quiet)).setErr(new PrintWriter(quiet))
                .execute("-d", viaCommand.toString(), "-l", "0", "--count", Long.toString(DemoLog.LINES), "--seed", "2026",
                        "--start", "2026-01-01T12:00:00Z", "--log-rate", "50", "--burst", "300:90:4", "--request-times"))
                .isZero();
        final Path demo = DemoLog.create();
        try {
            assertThat(Files.mismatch(demo, viaCommand)).as("first differing byte").isEqualTo(-1L);
            assertThat(Files.readAllLines(demo)).hasSize((int) DemoLog.LINES);
        } finally {
            Files.deleteIfExists(demo);
        }
    }
}
