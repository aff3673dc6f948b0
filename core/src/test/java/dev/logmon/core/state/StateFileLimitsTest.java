package dev.logmon.core.state;

import dev.logmon.core.analyze.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A state file that is not one: huge, sparse, {@code /dev/zero}, a FIFO, a directory. Each is
 * refused with a one-line reason before a byte is read (no OOM, no "array size too large", no
 * hang), so the run starts afresh; the next save replaces it.
 */
@Timeout(30)
class StateFileLimitsTest {
    private static final int TOP = 10_000;

    @TempDir
    Path dir;

    private Path state() {
        return StateFile.in(dir);
    }

    @Test
    void shouldRefuseAHugeSparseStateFileWithoutReadingIt() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(state().toFile(), "rw")) {
            f.setLength(5L << 30); // 5 GiB, sparse: costs no disk
        }

        assertThatThrownBy(() -> StateFile.read(dir, TOP)).isInstanceOf(StateFile.CorruptStateException.class)
                .hasMessage((5L << 30) + " bytes, more than the " + StateFile.maxBytes(TOP)
                        + " a state file of --top-capacity 10000 can hold; not read");
    }

    @Test
    void shouldRefuseASparseFileUnderTheLimitAsNotAStateFile() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(state().toFile(), "rw")) {
            f.setLength(32L << 20);
        }

        assertThatThrownBy(() -> StateFile.read(dir, TOP)).isInstanceOf(StateFile.CorruptStateException.class)
                .hasMessageContaining("not a logmon state file");
    }

    @Test
    void shouldRefuseALinkToDevZero() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        Files.createSymbolicLink(state(), Path.of("/dev/zero"));

        assertThatThrownBy(() -> StateFile.read(dir, TOP)).isInstanceOf(StateFile.CorruptStateException.class)
                .hasMessage("not a regular file (a device, FIFO or socket), not read");
    }

    @Test
    void shouldRefuseAFifoWithoutOpeningIt() throws Exception {
        final Process p = new ProcessBuilder("mkfifo", state().toString()).redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo not available");

        assertThatThrownBy(() -> StateFile.read(dir, TOP)).isInstanceOf(StateFile.CorruptStateException.class)
                .hasMessage("not a regular file (a device, FIFO or socket), not read");
    }

    @Test
    void shouldRefuseADirectoryAndLetTheNextSaveReplaceAFifo() throws Exception {
        Files.createDirectory(state());
        assertThatThrownBy(() -> StateFile.read(dir, TOP)).hasMessage("not a regular file (a directory), not read");
        Files.delete(state());

        final Process p = new ProcessBuilder("mkfifo", state().toString()).redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo not available");
        StateFile.write(dir, java.util.List.of(), new Frame(16), 1, 2, 3);
        assertThat(StateFile.read(dir, TOP).seconds()).isEqualTo(3);
    }

    @Test
    void shouldStillReadAGoodStateAndAMissingOneAsNone() throws Exception {
        assertThat(StateFile.read(dir, TOP)).isNull();
        StateFile.write(dir, java.util.List.of(), new Frame(16), 4, 5, 6);
        final StateFile.Saved saved = StateFile.read(dir, TOP);
        assertThat(saved.late()).isEqualTo(4);
        assertThat(saved.future()).isEqualTo(5);
    }
}
