package dev.logmon.core.analyze;

import dev.logmon.core.format.MalformedReason;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class FrameCodecTest {
    private static final int CAPACITY = 64;
    private static final int SEEDS = 150;

    private final FrameCodec codec = new FrameCodec();

    private Frame roundTrip(final Frame f) throws FrameCodecException {
        final Frame back = new Frame(CAPACITY);
        codec.decode(codec.encodeToArray(f), back);
        return back;
    }

    @Test
    void shouldGiveBackEveryCounterOfSeededRandomFrames() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            final Frame f = FrameFacts.random(new Random(seed), CAPACITY, 1 + (int) (seed % CAPACITY));
            assertThat(FrameFacts.describe(roundTrip(f))).as("seed %d", seed).isEqualTo(FrameFacts.describe(f));
        }
    }

    @Test
    void shouldGiveBackAnEmptyFrame() throws Exception {
        final Frame f = new Frame(CAPACITY);
        f.clear(42);
        final Frame back = roundTrip(f);
        assertThat(FrameFacts.describe(back)).isEqualTo(FrameFacts.describe(f));
        assertThat(back.sizes.getTotalCount()).isZero();
    }

    @Test
    void shouldMergeDecodedFramesAsItMergesTheFramesThemselves() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            final Random rnd = new Random(seed);
            final int keys = 1 + rnd.nextInt(CAPACITY); // both frames draw from one pool: the merge fits the capacity
            final Frame a = FrameFacts.random(rnd, CAPACITY, keys);
            final Frame b = FrameFacts.random(rnd, CAPACITY, keys);

            final Frame decodedThenMerged = roundTrip(a);
            decodedThenMerged.add(roundTrip(b));
            final Frame merged = new Frame(CAPACITY);
            merged.clear(0);
            merged.add(a);
            merged.add(b);
            merged.spill = a.spill; // add() leaves the spill of the frame added into
            final Frame mergedThenDecoded = roundTrip(merged);

            assertThat(FrameFacts.describe(decodedThenMerged)).as("seed %d", seed)
                    .isEqualTo(FrameFacts.describe(mergedThenDecoded)).isEqualTo(FrameFacts.describe(merged));
        }
    }

    @Test
    void shouldKeepTotalsExactWhenDecodingIntoASmallerCapacity() throws Exception {
        for (long seed = 1; seed <= 30; seed++) {
            final Frame f = FrameFacts.random(new Random(seed), CAPACITY, CAPACITY);
            final Frame small = new Frame(4);
            codec.decode(codec.encodeToArray(f), small);
            assertThat(small.sections.total0()).as("seed %d", seed).isEqualTo(f.sections.total0());
            assertThat(small.hosts.total0()).as("seed %d", seed).isEqualTo(f.hosts.total0());
            assertThat(small.sections.size()).as("seed %d", seed).isLessThanOrEqualTo(4);
            assertThat(small.hits).isEqualTo(f.hits);
        }
    }

    @Test
    void shouldRefuseEveryCutOfAFrameWithAClearError() {
        final byte[] bytes = codec.encodeToArray(FrameFacts.random(new Random(7), CAPACITY, 20));
        final Frame into = new Frame(CAPACITY);
        for (int cut = 0; cut < bytes.length; cut++) {
            final byte[] part = Arrays.copyOf(bytes, cut);
            final int c = cut;
            assertThatThrownBy(() -> codec.decode(part, into)).as("cut at %d of %d", c, bytes.length)
                    .isInstanceOf(FrameCodecException.class).hasMessageContaining("cut short");
        }
    }

    @Test
    void shouldRefuseEveryDamagedByteWithAClearError() {
        final byte[] bytes = codec.encodeToArray(FrameFacts.random(new Random(8), CAPACITY, 20));
        final Frame into = new Frame(CAPACITY);
        for (int i = 0; i < bytes.length; i++) {
            final byte[] damaged = bytes.clone();
            damaged[i] ^= (byte) (1 + (i % 255));
            try {
                codec.decode(damaged, into);
                fail("byte " + i + " damaged was read as a frame");
            } catch (FrameCodecException e) {
                assertThat(e.getMessage()).as("byte %d", i).containsAnyOf("checksum", "not a logmon frame", "version",
                        "cut short", "damaged");
            }
        }
    }

    @Test
    void shouldRefuseRandomBytesWithoutAnyOtherException() {
        final Frame into = new Frame(CAPACITY);
        for (long seed = 1; seed <= 300; seed++) {
            final Random rnd = new Random(seed);
            final byte[] junk = new byte[rnd.nextInt(300)];
            rnd.nextBytes(junk);
            if (junk.length >= 4 && rnd.nextBoolean()) {
                junk[0] = 'L';
                junk[1] = 'M';
                junk[2] = 'F';
                junk[3] = 1; // past the magic: the length and checksum must catch it
            }
            final long s = seed;
            assertThatThrownBy(() -> codec.decode(junk, into)).as("seed %d", s).isInstanceOf(FrameCodecException.class);
        }
    }

    @Test
    void shouldRefuseANewerFormatVersionByName() {
        final byte[] bytes = codec.encodeToArray(FrameFacts.random(new Random(9), CAPACITY, 5));
        bytes[3] = 3;
        assertThatThrownBy(() -> codec.decode(bytes, new Frame(CAPACITY))).isInstanceOf(FrameCodecException.class)
                .hasMessage("frame format version 3, this logmon reads versions 1 to 2: written by a newer logmon, "
                        + "read it with that version");
        bytes[3] = 0;
        assertThatThrownBy(() -> codec.decode(bytes, new Frame(CAPACITY))).hasMessage(
                "frame format version 0, this logmon reads versions 1 to 2");
    }

    @Test
    void shouldRefuseAFrameWithMoreMalformedReasonsThanItKnows() {
        final byte[] bytes = codec.encodeToArray(FrameFacts.random(new Random(10), CAPACITY, 5));
        bytes[18] = (byte) (MalformedReason.count() + 1);
        resign(bytes);
        assertThatThrownBy(() -> codec.decode(bytes, new Frame(CAPACITY))).isInstanceOf(FrameCodecException.class)
                .hasMessageContaining("written by a newer logmon");
    }

    @Test
    void shouldRefuseANegativeCounterEvenWithAGoodChecksum() {
        final byte[] bytes = codec.encodeToArray(FrameFacts.random(new Random(11), CAPACITY, 5));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(20, -5);
        resign(bytes);
        assertThatThrownBy(() -> codec.decode(bytes, new Frame(CAPACITY))).isInstanceOf(FrameCodecException.class)
                .hasMessage("damaged frame: negative hits count -5");
    }

    @Test
    void shouldRefuseATopListLongerThanTheFrameEvenWithAGoodChecksum() {
        final Frame f = FrameFacts.random(new Random(12), CAPACITY, 5);
        final byte[] bytes = codec.encodeToArray(f);
        final int topAt = FrameCodec.HEADER + 16 + 8 * (f.status.length + f.malformed.length);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(topAt, Integer.MAX_VALUE);
        resign(bytes);
        assertThatThrownBy(() -> codec.decode(bytes, new Frame(CAPACITY))).isInstanceOf(FrameCodecException.class)
                .hasMessageContaining("sections do not fit");
    }

    @Test
    void shouldRefuseAKeyWithAllZeroCountsEvenWithAGoodChecksum() throws Exception {
        // logmon never writes one (a key is counted with a hit); a purge of one would leave no
        // trace, which the window views' running sums rely on (WindowSums.traced)
        for (final boolean hosts : new boolean[] {false, true}) {
            final Frame f = FrameFacts.random(new Random(14), CAPACITY, 5);
            final byte[] key = {'/', 'z', 'e', 'r', 'o'};
            (hosts ? f.hosts : f.sections).add(77L, key, 0, key.length, 0, 0, 0);
            final byte[] bytes = codec.encodeToArray(f);
            assertThatThrownBy(() -> codec.decode(bytes, new Frame(CAPACITY))).isInstanceOf(FrameCodecException.class)
                    .hasMessage("damaged frame: one of its " + (hosts ? "hosts" : "sections") + " has all-zero counts");
            final Frame ok = FrameFacts.random(new Random(14), CAPACITY, 5);
            final byte[] key1 = {'/', 'o', 'n', 'e'};
            (hosts ? ok.hosts : ok.sections).add(77L, key1, 0, key1.length, 0, 1, 0);
            assertThat(FrameFacts.describe(roundTrip(ok))).as("a key with one non-zero count is read")
                    .isEqualTo(FrameFacts.describe(ok));
        }
    }

    @Test
    void shouldLeaveNoCountsOfAFailedDecodeInTheNextOne() throws Exception {
        final Frame into = new Frame(CAPACITY);
        final Frame f = FrameFacts.random(new Random(13), CAPACITY, 5);
        final byte[] bytes = codec.encodeToArray(f);
        final byte[] tail = bytes.clone();
        int rows = 0;
        for (int r = 0; r < f.sources.rows(); r++) {
            rows += f.sources.hits(r) > 0 ? 1 : 0;
        }
        // the count of source rows, the frame's last field: everything before it is decoded into `into`
        ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).putInt(tail.length - 8 - rows * (2 + 4 * 8), rows + 1);
        resign(tail);
        assertThatThrownBy(() -> codec.decode(tail, into)).isInstanceOf(FrameCodecException.class);
        assertThat(into.visitors.isEmpty()).as("the failed decode got as far as the visitors").isFalse();
        final Frame empty = new Frame(CAPACITY);
        empty.clear(5);
        codec.decode(codec.encodeToArray(empty), into);
        assertThat(FrameFacts.describe(into)).isEqualTo(FrameFacts.describe(empty));
    }

    /** Writes a valid checksum over a frame whose fields a test changed. */
    private static void resign(final byte[] bytes) {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
    }
}
