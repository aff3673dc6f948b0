package dev.logmon.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

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
}
