package dev.logmon.core.source;

import dev.logmon.core.TestLogWriter;
import dev.logmon.core.engine.ReplayMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A line of tens of MiB without a newline, read by a JVM whose heap is smaller than the line
 * (RELIABILITY row 9): it must be skipped with bounded memory and the lines around it kept.
 */
@Timeout(120)
class LongLineUnderSmallHeapIT {
    private static final int LINE_MIB = 96;

    @TempDir
    Path dir;

    @Test
    void shouldSkipAHugeLineWithoutGrowingMemoryAndKeepTheLinesAroundIt() throws Exception {
        final Path log = dir.resolve("huge-line.log");
        try (OutputStream out = Files.newOutputStream(log)) {
            for (int i = 0; i < 5; i++) {
                out.write(TestLogWriter.line(i).getBytes(StandardCharsets.US_ASCII));
            }
            final byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < LINE_MIB; i++) {
                out.write(chunk);
            }
            out.write('\n');
            for (int i = 5; i < 12; i++) {
                out.write(TestLogWriter.line(i).getBytes(StandardCharsets.US_ASCII));
            }
        }
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process p = new ProcessBuilder(java.toString(), "-Xmx32m", "-cp", classpath,
                ReplayMain.class.getName(), log.toString()).redirectErrorStream(false).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(err).isZero();
        assertThat(out).as("read parsed malformed tooLong; stderr: " + err).isEqualTo("13 12 1 1");
    }
}
