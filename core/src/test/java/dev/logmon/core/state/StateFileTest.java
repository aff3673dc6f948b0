package dev.logmon.core.state;

import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.TestLines;
import dev.logmon.core.analyze.Frame;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.source.SavedPosition;
import dev.logmon.core.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.logmon.core.TestLines.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateFileTest {
    @TempDir
    Path dir;

    private static Frame lifetime() {
        final Frame f = new Frame(64);
        f.record(TestLines.parsed(TestLines.line("10.0.0.1", T0, "/pages/a", 200, 1000)));
        f.record(TestLines.parsed(TestLines.line("10.0.0.1", T0, "/pages/b", 404, 50)));
        f.record(TestLines.parsed(TestLines.line("host.example", T0 + 1, "/api/x", 503, 7)));
        f.malformed[MalformedReason.BAD_HOST.ordinal()] = 3;
        f.sections.addPurged(5, 1, 0, 2);
        return f;
    }

    private static SavedPosition position(final String path, final long offset) {
        return new SavedPosition(path, "(dev=803,ino=42)", offset, "head bytes".getBytes(StandardCharsets.UTF_8),
                "marker\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadBackEveryPositionAndLifetimeCounterItWrote() throws Exception {
        final Frame f = lifetime();
        StateFile.write(dir, List.of(position("/var/log/a b.log", 1234), position("/var/log/c.log", 0)), f, 4, 5, 77);

        final StateFile.Saved s = StateFile.read(dir, 64);

        assertThat(s.positions()).hasSize(2);
        final SavedPosition p = s.positionOf("/var/log/a b.log");
        assertThat(p.fileKey()).isEqualTo("(dev=803,ino=42)");
        assertThat(p.offset()).isEqualTo(1234);
        assertThat(new String(p.head(), StandardCharsets.UTF_8)).isEqualTo("head bytes");
        assertThat(new String(p.marker(), StandardCharsets.UTF_8)).isEqualTo("marker\n");
        assertThat(s.positionOf("/var/log/c.log").offset()).isZero();
        assertThat(s.positionOf("/elsewhere")).isNull();
        assertThat(s.late()).isEqualTo(4);
        assertThat(s.future()).isEqualTo(5);
        assertThat(s.seconds()).isEqualTo(77);
        final Frame g = s.lifetime();
        assertThat(g.hits).isEqualTo(3);
        assertThat(g.bytes).isEqualTo(1057);
        assertThat(g.status).containsExactly(f.status);
        assertThat(g.malformed).containsExactly(f.malformed);
        assertThat(g.sizes.getTotalCount()).isEqualTo(3);
        assertThat(g.sizes.getMaxValue()).isEqualTo(f.sizes.getMaxValue());
        assertThat(g.sections.top(10)).isEqualTo(f.sections.top(10));
        assertThat(g.hosts.top(10)).isEqualTo(f.hosts.top(10));
        assertThat(g.sections.other0()).isEqualTo(5);
        assertThat(g.sections.errorBound()).isEqualTo(2);
        // the hash is kept, so a section seen again after the restart adds to the same entry
        g.record(TestLines.parsed(TestLines.line("10.0.0.9", T0 + 2, "/pages/a", 200, 1)));
        assertThat(g.sections.top(1).get(0).key()).isEqualTo("/pages");
        assertThat(g.sections.top(1).get(0).c0()).isEqualTo(3);
    }

    @Test
    void shouldWriteThroughATemporaryFileAndLeaveNoneBehind() throws Exception {
        StateFile.write(dir, List.of(position("/a", 1)), lifetime(), 0, 0, 1);
        StateFile.write(dir, List.of(position("/a", 2)), lifetime(), 0, 0, 2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(StateFile.NAME);
        }
        assertThat(StateFile.read(dir, 64).positionOf("/a").offset()).as("the second write replaced the first").isEqualTo(2);
    }

    @Test
    void shouldIgnoreAndRemoveALeftoverTemporaryFileOfAnInterruptedSave() throws Exception {
        StateFile.write(dir, List.of(position("/a", 10)), lifetime(), 0, 0, 1);
        final Path leftover = dir.resolve(StateFile.NAME + ".123456.tmp");
        Files.writeString(leftover, "logmon-state 1\nposition half-writ");

        assertThat(StateFile.read(dir, 64).positionOf("/a").offset()).isEqualTo(10);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void shouldReportNoStateWhenTheDirectoryHasNone() throws Exception {
        assertThat(StateFile.read(dir, 64)).isNull();
        assertThat(StateFile.read(dir.resolve("not-yet"), 64)).isNull();
    }

    @Test
    void shouldRejectAFileWithAFlippedByteAsDamaged() throws Exception {
        StateFile.write(dir, List.of(position("/a", 10)), lifetime(), 0, 0, 1);
        final Path file = StateFile.in(dir);
        final byte[] b = Files.readAllBytes(file);
        final int at = new String(b, StandardCharsets.UTF_8).indexOf("totals ") + 7;
        b[at] = (byte) (b[at] == '9' ? '8' : '9');
        Files.write(file, b);

        assertThatThrownBy(() -> StateFile.read(dir, 64)).isInstanceOf(StateFile.CorruptStateException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void shouldRejectACutOrForeignFileAsDamaged() throws Exception {
        StateFile.write(dir, List.of(position("/a", 10)), lifetime(), 0, 0, 1);
        final Path file = StateFile.in(dir);
        final byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> StateFile.read(dir, 64)).isInstanceOf(StateFile.CorruptStateException.class);
        Files.writeString(file, "{\"not\": \"ours\"}\n");
        assertThatThrownBy(() -> StateFile.read(dir, 64)).isInstanceOf(StateFile.CorruptStateException.class);
        Files.write(file, new byte[0]);
        assertThatThrownBy(() -> StateFile.read(dir, 64)).isInstanceOf(StateFile.CorruptStateException.class);
    }

    @Test
    void shouldRejectAWellFormedFileWithANegativeCount() throws Exception {
        final String body = "logmon-state 1\ntotals -5 0 0 0 0\n";
        final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(StateFile.in(dir), body + "crc " + Long.toHexString(crc.getValue()) + "\n");
        assertThatThrownBy(() -> StateFile.read(dir, 64)).isInstanceOf(StateFile.CorruptStateException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void shouldWarnOnceAndStartAfreshWhenThePipelineFindsADamagedState() throws Exception {
        Files.writeString(StateFile.in(dir), "garbage\n");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Settings settings = new Settings();
        settings.sources.add(dir.resolve("access.log").toString());
        assertThat(settings.conclude()).isEmpty();
        final Pipeline p = new Pipeline(settings, new RecordingPublisher(), Clock.SYSTEM,
                new PrintStream(err, true, StandardCharsets.UTF_8), new HandlerErrors(System.err));
        p.enableState(dir, 1000);
        final String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().count()).isEqualTo(1);
        assertThat(text).startsWith("logmon: warning: ignoring the state file ")
                .contains(", which this logmon cannot use (not a logmon state file, or cut short); starting afresh");
    }
}
