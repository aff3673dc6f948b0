package dev.logmon.core.analyze;

import dev.logmon.core.TestLines;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The hot path allocates nothing per line once warm (RELIABILITY row 36). */
class AnalyzerAllocationTest {
    private static final int EVENTS = 2_000_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldAllocateNothingPerEventForAnExistingSecond() {
        final ShardAnalyzer analyzer = new ShardAnalyzer(0, 1, new FrameExchange(1_000));
        final LogEvent[] events = new LogEvent[256];
        for (int i = 0; i < events.length; i++) {
            events[i] = TestLines.parsed(TestLines.line("10.1.1." + (i % 50), T0, "/s" + (i % 97) + "/x", 200 + i % 4 * 100,
                    i * 37L));
        }
        for (int i = 0; i < EVENTS; i++) {
            analyzer.onEvent(events[i & 255], i, false);
        }
        final long before = allocatedBytes();
        for (int i = 0; i < EVENTS; i++) {
            analyzer.onEvent(events[i & 255], i, false);
        }
        final long perEvent = (allocatedBytes() - before) / EVENTS;
        assertThat(perEvent).as("bytes allocated per event").isZero();
    }

    @Test
    void shouldAllocateNothingPerEventWithADistinctClientOnEveryLine() {
        // every line a new address: each one reaches the unique-visitor sketch (no repeat to filter)
        final ShardAnalyzer analyzer = new ShardAnalyzer(0, 1, new FrameExchange(1_000));
        final LogEvent e = TestLines.parsed(TestLines.line("10.1.1.1", T0, "/s/x", 200, 37));
        long hash = 1;
        for (int i = 0; i < EVENTS; i++) {
            e.hostHash = hash++ * 0x9E3779B97F4A7C15L;
            analyzer.onEvent(e, i, false);
        }
        final long before = allocatedBytes();
        for (int i = 0; i < EVENTS; i++) {
            e.hostHash = hash++ * 0x9E3779B97F4A7C15L;
            analyzer.onEvent(e, i, false);
        }
        final long perEvent = (allocatedBytes() - before) / EVENTS;
        assertThat(perEvent).as("bytes allocated per event").isZero();
    }

    @Test
    void shouldAllocateNothingPerLineWhenParsingIntoASlot() {
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        final byte[][] lines = new byte[64][];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = TestLines.line("10.1.1." + i, T0 + i, "/s" + i + "/x?q=1", 200, i).getBytes(StandardCharsets.ISO_8859_1);
        }
        final LogEvent slot = new LogEvent();
        long sink = 0;
        for (int i = 0; i < EVENTS; i++) {
            final byte[] l = lines[i & 63];
            sink += parser.parse(l, 0, l.length, slot) ? slot.second : 0;
        }
        final long before = allocatedBytes();
        for (int i = 0; i < EVENTS; i++) {
            final byte[] l = lines[i & 63];
            sink += parser.parse(l, 0, l.length, slot) ? slot.second : 0;
        }
        final long perLine = (allocatedBytes() - before) / EVENTS;
        assertThat(sink).isPositive();
        assertThat(perLine).as("bytes allocated per line").isZero();
    }
}
