package dev.logmon.core.source;

import com.lmax.disruptor.RingBuffer;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileSourceProgressTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(10)
    void shouldReportSizeAndBytesReadOnceTheFileIsReplayed() throws IOException {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("10.0.0.1 - - [01/Jan/2026:12:00:00 +0000] \"GET /a/b HTTP/1.1\" 200 512\n");
        }
        final Path log = Files.writeString(dir.resolve("a.log"), text, StandardCharsets.US_ASCII);
        // no consumer gates this ring, so publishing never waits
        final RingBuffer<LogEvent> ring = RingBuffer.createMultiProducer(LogEvent::new, 256);
        final LinePublisher lines = new LinePublisher(0, ring, new AccessLogParser(LogFormat.AUTO), TimeMode.ARRIVAL,
                null, Clock.SYSTEM);
        final FileSource source = new FileSource(0, log, true, true, 10, 0, new LineReader(1024, lines), lines, null,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(source.status().sizeBytes()).isZero();
        source.run();

        final SourceStatus status = source.status();
        assertThat(status.state()).isEqualTo(SourceState.DONE);
        assertThat(status.sizeBytes()).isEqualTo(Files.size(log));
        assertThat(status.bytesRead()).isEqualTo(Files.size(log));
        assertThat(status.linesRead()).isEqualTo(100);
        assertThat(status.lagBytes()).isZero();
    }
}
