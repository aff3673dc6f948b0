package dev.logmon.core.analyze;

import dev.logmon.core.TestLines;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LineParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.format.MalformedReason;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shard analyzers given lines their source handed over unparsed ({@link LogEvent#RAW}, 2+ shards):
 * each slot is parsed and counted by exactly one shard, by ring sequence, across block and ring
 * wraps; a parser that throws leaves the line counted once as malformed; parsing allocates nothing.
 */
class ShardAnalyzerRawTest {
    private static final int RING = 64; // blocks of 16 sequences

    /** Counts its parses, so a slot parsed twice (two owners) or never shows. */
    private static final class CountingParser implements LineParser {
        private final AccessLogParser real = new AccessLogParser(LogFormat.COMBINED);
        int parses;

        @Override
        public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
            parses++;
            if (length >= 4 && buf[offset] == 'b' && buf[offset + 1] == 'o') {
                throw new IllegalStateException("parser bug");
            }
            return real.parse(buf, offset, length, out);
        }

        @Override
        public long lineSecond(final byte[] buf, final int offset, final int length) {
            return real.lineSecond(buf, offset, length);
        }
    }

    private static void raw(final LogEvent e, final String line, final long second, final LineParser parser) {
        final byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        e.kind = LogEvent.RAW;
        e.future = false;
        if (e.raw == null) {
            e.raw = new byte[LogEvent.RAW_CAPACITY];
        }
        System.arraycopy(b, 0, e.raw, 0, b.length);
        e.rawLength = b.length;
        e.rawSecond = second;
        e.rawParser = parser;
    }

    private static long sealedHits(final FrameExchange exchange, final long[] malformed) {
        long hits = 0;
        Frame f;
        while ((f = exchange.takeSealed(Long.MAX_VALUE)) != null) {
            hits += f.hits;
            for (int r = 0; r < malformed.length; r++) {
                malformed[r] += f.malformed[r];
            }
        }
        return hits;
    }

    @Test
    void shouldParseAndCountEverySlotOnceWithTwoAndThreeShardsAcrossBlockAndRingWraps() {
        for (final int shards : new int[] {2, 3}) {
            final FrameExchange[] exchanges = new FrameExchange[shards];
            final ShardAnalyzer[] analyzers = new ShardAnalyzer[shards];
            final CountingParser[] parsers = new CountingParser[shards];
            for (int k = 0; k < shards; k++) {
                exchanges[k] = new FrameExchange(100);
                analyzers[k] = new ShardAnalyzer(k, shards, exchanges[k], RING);
                parsers[k] = new CountingParser();
            }
            // 5 laps of the ring (a block count not a multiple of the shards), one slot object per
            // sequence as on the ring; a TICK every 50 sequences lands inside blocks
            final int blockShift = LogEvent.shardBlockShift(RING);
            final int n = 5 * RING + 7;
            long lines = 0;
            for (long seq = 0; seq < n; seq++) {
                final LogEvent e = new LogEvent();
                final boolean tick = seq % 50 == 49 || seq == n - 1;
                if (tick) {
                    e.kind = LogEvent.TICK;
                    e.second = T0 + seq;
                    e.finalTick = seq == n - 1;
                } else {
                    final int owner = LogEvent.shardOf(seq, shards, blockShift);
                    raw(e, TestLines.line("10.0.0." + seq % 7, T0 + seq, "/a", 200, 1), T0 + seq, parsers[owner]);
                    lines++;
                }
                for (final ShardAnalyzer a : analyzers) {
                    a.onEvent(e, seq, false);
                }
                if (!tick) {
                    assertThat(e.kind).as("%d shards, sequence %d", shards, seq).isEqualTo(LogEvent.DATA);
                    assertThat(e.second).isEqualTo(T0 + seq);
                }
            }
            long hits = 0;
            long parses = 0;
            for (int k = 0; k < shards; k++) {
                hits += sealedHits(exchanges[k], new long[MalformedReason.count()]);
                parses += parsers[k].parses;
                assertThat(parsers[k].parses).as("%d shards: shard %d has work", shards, k).isPositive();
            }
            assertThat(parses).as("%d shards: every slot parsed once", shards).isEqualTo(lines);
            assertThat(hits).as("%d shards: every line counted once", shards).isEqualTo(lines);
        }
    }

    @Test
    void shouldCountALineWhoseParserThrewOnTheShardOnceAsMalformed() {
        final FrameExchange[] exchanges = {new FrameExchange(100), new FrameExchange(100)};
        final ShardAnalyzer[] analyzers = {new ShardAnalyzer(0, 2, exchanges[0], RING),
                new ShardAnalyzer(1, 2, exchanges[1], RING)};
        final CountingParser parser = new CountingParser();
        final LogEvent bad = new LogEvent();
        raw(bad, "boom", T0, parser);
        final long seq = 16; // the second block: shard 1's
        assertThat(LogEvent.shardOf(seq, 2, LogEvent.shardBlockShift(RING))).isEqualTo(1);
        analyzers[0].onEvent(bad, seq, false);
        assertThatThrownBy(() -> analyzers[1].onEvent(bad, seq, false)).hasMessage("parser bug");
        assertThat(bad.kind).isEqualTo(LogEvent.MALFORMED);
        final LogEvent tick = new LogEvent();
        tick.kind = LogEvent.TICK;
        tick.second = T0;
        tick.finalTick = true;
        for (final ShardAnalyzer a : analyzers) {
            a.onEvent(tick, seq + 1, false);
        }
        final long[] malformed = new long[MalformedReason.count()];
        assertThat(sealedHits(exchanges[0], malformed) + sealedHits(exchanges[1], malformed)).isZero();
        assertThat(malformed[MalformedReason.BAD_FORMAT.ordinal()]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(malformed).sum()).isEqualTo(1);
    }

    @Test
    void shouldAllocateNothingPerLineWhenParsingAHandedOverLine() {
        final ShardAnalyzer analyzer = new ShardAnalyzer(0, 2, new FrameExchange(1_000), RING);
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        final LogEvent[] slots = new LogEvent[16]; // sequences 0..15: shard 0's block
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new LogEvent();
            raw(slots[i], TestLines.line("10.1.1." + i, T0, "/s" + i + "/x", 200, i), T0, parser);
        }
        final int events = 1_000_000;
        for (int i = 0; i < events; i++) {
            slots[i & 15].kind = LogEvent.RAW;
            analyzer.onEvent(slots[i & 15], i & 15, false);
        }
        final long before = allocated();
        for (int i = 0; i < events; i++) {
            slots[i & 15].kind = LogEvent.RAW;
            analyzer.onEvent(slots[i & 15], i & 15, false);
        }
        assertThat((allocated() - before) / events).as("bytes allocated per handed-over line").isZero();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
