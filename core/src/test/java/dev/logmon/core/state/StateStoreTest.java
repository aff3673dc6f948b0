package dev.logmon.core.state;

import dev.logmon.core.source.ResumeCheck;
import dev.logmon.core.source.SavedPosition;
import dev.logmon.core.source.SourceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/** Which file a saved position names when the file of the safe offset has changed since. */
class StateStoreTest {
    private final Path log = Path.of("/var/log/access.log");
    private final SourceFiles files = new SourceFiles();

    @Test
    void shouldNameTheFileOfTheSafeOffsetWhenItIsUnchanged() {
        final int g = files.register(log, "(dev=1,ino=7)", 0);
        final StateStore.Choice c = StateStore.choose(files, g, 300);
        assertThat(c.file().fileKey()).isEqualTo("(dev=1,ino=7)");
        assertThat(c.offset()).isEqualTo(300);
    }

    @Test
    void shouldNameARenamedAwayFileByItsIdentityNotThePath() {
        final int g = files.register(log, "(dev=1,ino=7)", 0);
        files.register(log, "(dev=1,ino=8)", 0); // rotated: a new file at the path
        final StateStore.Choice c = StateStore.choose(files, g, 300);
        assertThat(c.file().fileKey()).isEqualTo("(dev=1,ino=7)");
        assertThat(c.offset()).isEqualTo(300);
    }

    @Test
    void shouldNameTheCopytruncateCopyWhenTheFileWasTruncatedAfterTheSafeOffset() {
        final int g = files.register(log, "(dev=1,ino=7)", 0);
        files.register(Path.of("/var/log/access.log.1"), "(dev=1,ino=9)", 500);
        files.register(log, "(dev=1,ino=7)", 0);
        final StateStore.Choice c = StateStore.choose(files, g, 300);
        assertThat(c.file().fileKey()).isEqualTo("(dev=1,ino=9)");
        assertThat(c.offset()).isEqualTo(300);
    }

    @Test
    void shouldNameTheNewContentFromItsStartWhenTheFileWasTruncatedWithNoCopy() {
        final int g = files.register(log, "(dev=1,ino=7)", 0);
        files.register(log, "(dev=1,ino=7)", 0);
        final StateStore.Choice c = StateStore.choose(files, g, 300);
        assertThat(c.file().fileKey()).isEqualTo("(dev=1,ino=7)");
        assertThat(c.offset()).isZero();
    }

    @Test
    void shouldNameNothingForAStream() {
        final int g = files.register(Path.of("-"), null, 0);
        assertThat(StateStore.choose(files, g, 10)).isNull();
    }

    @TempDir
    Path dir;

    @Test
    void shouldNotResumeAPositionSavedWhileTheFileWasShorterThanItsOffset() throws Exception {
        // truncated after the source's last read and before it noticed: the saver finds fewer bytes
        // than the offset, so it cannot fingerprint what was counted; regrown before the restart
        final Path file = dir.resolve("access.log");
        Files.writeString(file, "x".repeat(99) + "\n");
        final Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        final int g = files.register(file, key, 0);
        final SavedPosition saved = StateStore.fingerprinted(file.toString(), files.file(g), 500);
        assertThat(saved.offset()).isEqualTo(500);
        assertThat(saved.marker()).isEmpty();
        Files.writeString(file, ("y".repeat(99) + "\n").repeat(10), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final ResumeCheck.Decision d = ResumeCheck.decide(ch, key, saved);
            assertThat(d.resumed()).as("never resumed mid-content of other bytes").isFalse();
            assertThat(d.offset()).isZero();
        }
    }
}
