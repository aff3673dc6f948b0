package dev.logmon.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.SampleLines;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The parser must not allocate per line (design: zero allocation on the hot path). Measured with
 * the JVM's per-thread allocation counter after warm-up, so the JIT has compiled the parse path;
 * the JMH benchmark checks the same with {@code -prof gc}.
 */
class ParserAllocationTest {
    private static final int PARSES = 1_000_000;

    @Test
    @Timeout(60)
    void shouldAllocateNothingPerLineAfterWarmUp() {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        final long thread = Thread.currentThread().getId();
        final byte[][] lines = SampleLines.asBytes();
        final AccessLogParser[] parsers = {
            new AccessLogParser(LogFormat.AUTO), new AccessLogParser(LogFormat.COMMON), new AccessLogParser(LogFormat.COMBINED)
        };
        final LogEvent event = new LogEvent();

        long sink = parseMany(parsers, lines, event, PARSES);
        final long before = threads.getThreadAllocatedBytes(thread);
        sink += parseMany(parsers, lines, event, PARSES);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(sink).isPositive();
        assertThat((double) allocated / PARSES).as("bytes allocated per parsed line (%d in all)", allocated)
                .isLessThan(1.0);
    }

    private static long parseMany(final AccessLogParser[] parsers, final byte[][] lines, final LogEvent event,
            final int count) {
        long sink = 0;
        for (int i = 0; i < count; i++) {
            final byte[] line = lines[i % lines.length];
            if (parsers[i % parsers.length].parse(line, 0, line.length, event)) {
                sink += event.status + event.hostLength;
            } else {
                sink += event.malformedReason + 1;
            }
        }
        return sink;
    }
}
