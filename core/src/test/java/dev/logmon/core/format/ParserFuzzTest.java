package dev.logmon.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.SampleLines;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded fuzzing (reproducible: a failure names its seed): random bytes and mutated good lines
 * never make the parser throw, and always leave a DATA or MALFORMED event whose fields hold.
 */
class ParserFuzzTest {
    private static final int ROUNDS = 20_000;
    /** Bytes that matter to the grammar, so mutations reach deep branches more often. */
    private static final byte[] INTERESTING = ParserTestSupport.ascii(" \"\\[]/?#:-+0123456789\r\u0000\u00ff\u0080AJan");

    private final AccessLogParser auto = new AccessLogParser(LogFormat.AUTO);
    private final AccessLogParser common = new AccessLogParser(LogFormat.COMMON);
    private final AccessLogParser combined = new AccessLogParser(LogFormat.COMBINED);
    private final LogEvent event = new LogEvent();

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldNeverThrowOnRandomBytes(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] buf = new byte[600];
        for (int round = 0; round < ROUNDS; round++) {
            final int length = random.nextInt(buf.length - 10);
            final int offset = random.nextInt(buf.length - length + 1);
            for (int i = 0; i < buf.length; i++) {
                buf[i] = random.nextInt(3) == 0 ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
            }
            checkAllFormats(buf, offset, length);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldNeverThrowOnMutatedRealisticLines(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][] seedLines = SampleLines.asBytes();
        final byte[] buf = new byte[4096];
        for (int round = 0; round < ROUNDS; round++) {
            final byte[] line = seedLines[random.nextInt(seedLines.length)];
            System.arraycopy(line, 0, buf, 0, line.length);
            int length = line.length;
            final int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                length = mutate(random, buf, length);
            }
            checkAllFormats(buf, 0, length);
        }
    }

    private static int mutate(final SplittableRandom random, final byte[] buf, final int length) {
        final int at = length == 0 ? 0 : random.nextInt(length);
        final byte b = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
        switch (random.nextInt(5)) {
            case 0: // replace
                if (length > 0) {
                    buf[at] = b;
                }
                return length;
            case 1: // insert
                if (length + 1 >= buf.length) {
                    return length;
                }
                System.arraycopy(buf, at, buf, at + 1, length - at);
                buf[at] = b;
                return length + 1;
            case 2: // delete
                if (length == 0) {
                    return 0;
                }
                System.arraycopy(buf, at + 1, buf, at, length - at - 1);
                return length - 1;
            case 3: // truncate
                return at;
            default: // repeat a run, e.g. a field or a long host
                final int run = Math.min(random.nextInt(1, 300), buf.length - length);
                System.arraycopy(buf, at, buf, at + run, length - at);
                for (int i = 0; i < run; i++) {
                    buf[at + i] = length > 0 ? buf[at + run + (i % Math.max(1, length - at))] : b;
                }
                return length + run;
        }
    }

    private void checkAllFormats(final byte[] buf, final int offset, final int length) {
        final boolean asCommon = check(common, buf, offset, length);
        final long commonSecond = event.second;
        final boolean asAuto = check(auto, buf, offset, length);
        final boolean asCombined = check(combined, buf, offset, length);
        assertThat(asAuto).isEqualTo(asCommon);
        if (asAuto) {
            assertThat(event.second).isEqualTo(commonSecond);
        }
        if (asCombined) {
            assertThat(asCommon).isTrue();
        }
    }

    private boolean check(final AccessLogParser parser, final byte[] buf, final int offset, final int length) {
        event.kind = LogEvent.TICK;
        final boolean parsed = parser.parse(buf, offset, length, event);
        if (parsed) {
            assertThat(event.kind).isEqualTo(LogEvent.DATA);
            assertThat(event.hostLength).isBetween(1, LogEvent.MAX_HOST);
            assertThat(event.hostHash).isEqualTo(ByteHash.hash(event.host, 0, event.hostLength));
            assertThat(event.sectionLength).isBetween(0, LogEvent.MAX_SECTION);
            if (event.sectionLength < LogEvent.MAX_SECTION) {
                assertThat(event.sectionHash).isEqualTo(ByteHash.hash(event.section, 0, event.sectionLength));
            }
            if (event.sectionLength > 0) {
                assertThat(event.section[0]).isEqualTo((byte) '/');
            }
            assertThat(event.status).isBetween(0, 999);
            assertThat(event.size).isNotNegative();
        } else {
            assertThat(event.kind).isEqualTo(LogEvent.MALFORMED);
            assertThat(MalformedReason.ofOrdinal(event.malformedReason)).isNotEqualTo(MalformedReason.TOO_LONG);
        }
        return parsed;
    }
}
