package dev.logmon.core.state;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.analyze.FrameFacts;
import dev.logmon.core.analyze.TopCounter;
import dev.logmon.core.format.MalformedReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state file's formats: 2 (the lifetime as one codec frame), 1 (written before it), and newer ones. */
class StateFileFormatsTest {
    @TempDir
    Path dir;

    /** A format-1 state file written by the release before the frame codec (see the fixture's test). */
    private void installVersion1Fixture() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/legacy/logmon-state-1.state")) {
            assertThat(in).as("fixture legacy/logmon-state-1.state").isNotNull();
            Files.write(StateFile.in(dir), in.readAllBytes());
        }
    }

    @Test
    void shouldReadAFormat1FileWrittenBeforeTheFrameCodec() throws Exception {
        installVersion1Fixture();
        assertThat(Files.readString(StateFile.in(dir))).startsWith("logmon-state 1\n");

        final StateFile.Saved s = StateFile.read(dir, 64);

        assertThat(s.positionOf("/var/log/a b.log").offset()).isEqualTo(1234);
        assertThat(new String(s.positionOf("/var/log/a b.log").marker(), StandardCharsets.UTF_8)).isEqualTo("marker\n");
        assertThat(List.of(s.late(), s.future(), s.seconds())).containsExactly(4L, 5L, 77L);
        final Frame g = s.lifetime();
        assertThat(g.hits).isEqualTo(3);
        assertThat(g.bytes).isEqualTo(1057);
        assertThat(g.status).containsExactly(0, 1, 0, 1, 1, 0);
        assertThat(g.malformed[MalformedReason.BAD_HOST.ordinal()]).isEqualTo(3);
        assertThat(g.sections.top(5)).extracting(TopCounter.Entry::key, TopCounter.Entry::c0, TopCounter.Entry::c1,
                TopCounter.Entry::c2).containsExactly(org.assertj.core.groups.Tuple.tuple("/pages", 2L, 1L, 0L),
                org.assertj.core.groups.Tuple.tuple("/api", 1L, 0L, 1L));
        assertThat(g.sections.other0()).isEqualTo(5);
        assertThat(g.sections.errorBound()).isEqualTo(2);
        assertThat(g.hosts.top(5)).extracting(TopCounter.Entry::key, TopCounter.Entry::c0)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", 1050L),
                        org.assertj.core.groups.Tuple.tuple("host.example", 7L));
        assertThat(g.sizes.getTotalCount()).isEqualTo(3);
        assertThat(g.sizes.getMaxValue()).isBetween(995L, 1005L);
    }

    @Test
    void shouldWriteFormat2AfterReadingFormat1AndKeepEveryCounter() throws Exception {
        installVersion1Fixture();
        final StateFile.Saved old = StateFile.read(dir, 64);

        StateFile.write(dir, old.positions(), old.lifetime(), old.late(), old.future(), old.seconds());

        final String text = Files.readString(StateFile.in(dir));
        assertThat(text).startsWith("logmon-state 2\n").contains("\nlifetime ").doesNotContain("\nsection ");
        final StateFile.Saved back = StateFile.read(dir, 64);
        assertThat(FrameFacts.describe(back.lifetime())).isEqualTo(FrameFacts.describe(old.lifetime()));
        assertThat(back.positions()).hasSize(1);
        assertThat(back.seconds()).isEqualTo(77);
    }

    @Test
    void shouldKeepEveryLifetimeCounterOfSeededRandomFramesIncludingSectionRequestTimes() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            final Frame f = FrameFacts.random(new Random(seed), 64, 40);
            StateFile.write(dir, List.of(), f, seed, 2 * seed, 3 * seed);
            final StateFile.Saved back = StateFile.read(dir, 64);
            assertThat(FrameFacts.describe(back.lifetime())).as("seed %d", seed).isEqualTo(FrameFacts.describe(f));
            assertThat(back.future()).as("seed %d", seed).isEqualTo(2 * seed);
        }
    }

    @Test
    void shouldRefuseANewerFormatByName() throws Exception {
        final String body = "logmon-state 3\ntotals 0 0 0 0 0\n";
        Files.writeString(StateFile.in(dir), body + "crc " + crc(body) + "\n");
        assertThatThrownBy(() -> StateFile.read(dir, 64)).isInstanceOf(StateFile.CorruptStateException.class)
                .hasMessage("state file format 3, this logmon reads formats 1 and 2: written by a newer logmon, "
                        + "read it with that version");
    }

    @Test
    void shouldRefuseAFormat2FileWithoutItsLifetimeOrWithTotalsThatDisagree() throws Exception {
        final String noFrame = "logmon-state 2\ntotals 0 0 0 0 0\n";
        Files.writeString(StateFile.in(dir), noFrame + "crc " + crc(noFrame) + "\n");
        assertThatThrownBy(() -> StateFile.read(dir, 64)).hasMessage("no lifetime line");

        final Frame f = FrameFacts.random(new Random(3), 64, 10);
        final String frame = java.util.Base64.getEncoder().encodeToString(new FrameCodec().encodeToArray(f));
        final String disagree = "logmon-state 2\ntotals " + (f.hits + 1) + " " + f.bytes + " 0 0 0\nlifetime " + frame + "\n";
        Files.writeString(StateFile.in(dir), disagree + "crc " + crc(disagree) + "\n");
        assertThatThrownBy(() -> StateFile.read(dir, 64)).hasMessageContaining("disagrees with the lifetime");
    }

    @Test
    void shouldNameTheFrameProblemOfADamagedLifetimeLine() throws Exception {
        final Frame f = FrameFacts.random(new Random(4), 64, 10);
        final byte[] bytes = new FrameCodec().encodeToArray(f);
        final String cut = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, bytes.length - 9));
        final String body = "logmon-state 2\ntotals " + f.hits + " " + f.bytes + " 0 0 0\nlifetime " + cut + "\n";
        Files.writeString(StateFile.in(dir), body + "crc " + crc(body) + "\n");
        assertThatThrownBy(() -> StateFile.read(dir, 64)).isInstanceOf(StateFile.CorruptStateException.class)
                .hasMessageStartingWith("bad lifetime line 3: frame cut short");
    }

    private static String crc(final String body) {
        final CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
