package dev.logmon.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default behind {@code --demo}: about 12 minutes of generated traffic at 50 lines
 * per second of log time, four times that for the last 90 s of every 5 minutes, so the alert fires
 * and recovers twice. Written to a temporary file that is deleted when the JVM exits.
 */
final class DemoLog {
    /** Lines in the demo log. */
    static final long LINES = 64_800;

    private DemoLog() {
    }

    static Path create() {
        try {
            final Path file = Files.createTempFile("logmon-demo-", ".log");
            file.toFile().deleteOnExit();
            final StringWriter quiet = new StringWriter();
            final int code = new CommandLine(new GenerateCommand())
                    .setOut(new PrintWriter(quiet))
                    .setErr(new PrintWriter(quiet))
                    .execute("-d", file.toString(), "-l", "0", "--count", Long.toString(LINES), "--seed", "2026",
                            "--start", "2026-01-01T12:00:00Z", "--log-rate", "50", "--burst", "300:90:4");
            if (code != 0) {
                throw new IllegalStateException("could not generate the demo log: " + quiet);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
