package dev.logmon.core.analyze;

import dev.logmon.core.format.MalformedReason;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Frames of every codec version are read: version 1 (before the visitor sketch) and the current one. */
class FrameCodecVersionsTest {
    private static final int CAPACITY = 64;
    private final FrameCodec codec = new FrameCodec();

    private static byte[] resource(final String name) throws Exception {
        try (InputStream in = FrameCodecVersionsTest.class.getResourceAsStream("/legacy/" + name)) {
            assertThat(in).as("fixture legacy/%s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void shouldReadAVersion1FrameWithEveryCounterAndNoVisitorsOrSources() throws Exception {
        final byte[] v1 = resource("frame-v1.lmf");
        assertThat(v1[3]).isEqualTo((byte) 1);
        final Frame f = new Frame(CAPACITY);

        codec.decode(v1, f);

        // the version-1 writer knew 11 malformed reasons; reasons are only appended, so the ones
        // added since (e.g. the Kafka envelope's) read as 0
        final String written = new String(resource("frame-v1.txt"), StandardCharsets.UTF_8);
        final String known = "malformed=[0, 0, 0, 0, 0, 23, 25, 0, 0, 0, 714";
        assertThat(written).contains(known + "]");
        assertThat(FrameFacts.describe(f)).isEqualTo(written.replace(known + "]",
                known + ", 0".repeat(MalformedReason.count() - 11) + "]"));
        assertThat(f.visitors.isEmpty()).isTrue();
        assertThat(f.sources.rows()).isZero();
    }

    @Test
    void shouldWriteTheCurrentVersionAfterReadingVersion1AndKeepEveryCounter() throws Exception {
        final Frame old = new Frame(CAPACITY);
        codec.decode(resource("frame-v1.lmf"), old);

        final byte[] now = codec.encodeToArray(old);
        final Frame back = new Frame(CAPACITY);
        codec.decode(now, back);

        assertThat(now[3]).isEqualTo((byte) FrameCodec.VERSION);
        assertThat(FrameFacts.describe(back)).isEqualTo(FrameFacts.describe(old));
    }

    @Test
    void shouldCarryVisitorsAndSourcesOfSeededRandomFrames() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            final Frame f = FrameFacts.random(new Random(seed), CAPACITY, 40);
            final Frame back = new Frame(CAPACITY);
            codec.decode(codec.encodeToArray(f), back);
            assertThat(FrameFacts.describe(back)).as("seed %d", seed).isEqualTo(FrameFacts.describe(f));
            assertThat(back.visitors.estimate()).as("seed %d", seed).isEqualTo(f.visitors.estimate());
        }
    }

    @Test
    void shouldCarryALargeVisitorSketchExactlyAsEstimated() throws Exception {
        final Frame f = new Frame(CAPACITY);
        final Random rnd = new Random(5);
        for (int i = 0; i < 50_000; i++) {
            f.visitors.record(rnd.nextLong());
        }
        final Frame back = new Frame(CAPACITY);
        codec.decode(codec.encodeToArray(f), back);

        assertThat(back.visitors.estimate()).isEqualTo(f.visitors.estimate());
        assertThat((double) back.visitors.estimate()).isCloseTo(50_000, org.assertj.core.data.Percentage.withPercentage(
                300 * VisitorSketch.RSE));
    }

    @Test
    void shouldRefuseADamagedVisitorSketchWithAReason() {
        final Frame f = new Frame(CAPACITY);
        f.clear(1_700_000_000L);
        for (int i = 0; i < 1000; i++) {
            f.visitors.record(i * 0x9E3779B97F4A7C15L);
        }
        final byte[] visitors = f.visitors.toBytes();
        final int length = codec.encode(f);
        final byte[] bytes = java.util.Arrays.copyOf(codec.buffer(), length);
        // find the sketch in the frame and break its preamble, then fix the checksum as a buggy writer would
        final int at = indexOf(bytes, visitors);
        assertThat(at).isPositive();
        bytes[at] = 0x7f; // preamble ints
        bytes[at + 1] = 0x7f; // serial version
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, length - 4);
        final int c = (int) crc.getValue();
        bytes[length - 4] = (byte) c;
        bytes[length - 3] = (byte) (c >>> 8);
        bytes[length - 2] = (byte) (c >>> 16);
        bytes[length - 1] = (byte) (c >>> 24);

        assertThatThrownBy(() -> codec.decode(bytes, new Frame(CAPACITY))).isInstanceOf(FrameCodecException.class)
                .hasMessageStartingWith("damaged frame: unreadable visitors sketch");
    }

    /**
     * Every value of every byte of a sketch's preamble and first registers, in a frame whose
     * checksum is right (a buggy or hostile writer): the decode succeeds into a sketch of our lgK
     * that merges, or it is a FrameCodecException; never another exception out of the thread that
     * reads it, never an OutOfMemoryError (an lgK byte or an exception count past the image made
     * DataSketches allocate gigabytes), never a gigantic allocation.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void shouldReadEveryDamagedSketchByteAsAFrameErrorOrASketchOfOurSize() {
        final long seed = 2112;
        final Random random = new Random(seed);
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (final int addresses : new int[] {5, 1000, 50_000}) {
            final Frame f = new Frame(CAPACITY);
            f.clear(1_700_000_000L);
            for (int i = 0; i < addresses; i++) {
                f.visitors.record(random.nextLong());
            }
            final byte[] visitors = f.visitors.toBytes();
            final int length = codec.encode(f);
            final byte[] clean = java.util.Arrays.copyOf(codec.buffer(), length);
            final int at = indexOf(clean, visitors);
            assertThat(at).isPositive();
            final Frame into = new Frame(CAPACITY);
            for (int i = 0; i < Math.min(visitors.length, 96); i++) {
                for (int v = 0; v < 256; v++) {
                    final byte[] bytes = clean.clone();
                    bytes[at + i] = (byte) v;
                    fixChecksum(bytes, length);
                    into.clear(0);
                    final long before = threads.getCurrentThreadAllocatedBytes();
                    try {
                        codec.decode(bytes, into);
                        into.visitors.estimate();
                        final VisitorSketch sum = new VisitorSketch();
                        sum.add(into.visitors);
                        sum.add(into.visitors);
                        sum.estimate();
                        assertThat(into.visitors.isEmpty() ? VisitorSketch.LG_K
                                : VisitorSketch.fromBytes(into.visitors.toBytes()).getLgConfigK())
                                .as("seed %d, %d addresses, byte %d = %d", seed, addresses, i, v)
                                .isEqualTo(VisitorSketch.LG_K);
                    } catch (FrameCodecException expected) {
                        // a damaged frame, said with its reason
                    } catch (RuntimeException | Error e) {
                        throw new AssertionError("seed " + seed + ", " + addresses + " addresses, byte " + i + " = " + v
                                + ": " + e, e);
                    }
                    assertThat(threads.getCurrentThreadAllocatedBytes() - before)
                            .as("seed %d, %d addresses, byte %d = %d: bytes allocated", seed, addresses, i, v)
                            .isLessThan(4L << 20);
                }
            }
        }
    }

    private static void fixChecksum(final byte[] bytes, final int length) {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, length - 4);
        final int c = (int) crc.getValue();
        bytes[length - 4] = (byte) c;
        bytes[length - 3] = (byte) (c >>> 8);
        bytes[length - 2] = (byte) (c >>> 16);
        bytes[length - 1] = (byte) (c >>> 24);
    }

    private static int indexOf(final byte[] hay, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
