package dev.logmon.core.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** RELIABILITY row 4: a saved offset is used only when the bytes there are still the ones counted. */
class ResumeCheckTest {
    @TempDir
    Path dir;

    private Path log;

    private static final String LINES = "line one of the log, long enough to fill a head fingerprint of 64 bytes\n"
            + "line two\nline three\n";

    private SavedPosition savedAtEnd() throws Exception {
        Files.writeString(log, LINES);
        final long offset = Files.size(log);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            return new SavedPosition(log.toString(), key(log), offset, ResumeCheck.read(ch, 0, 64),
                    ResumeCheck.read(ch, offset - 64, 64));
        }
    }

    private static String key(final Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey().toString();
    }

    private ResumeCheck.Decision decide(final SavedPosition saved) throws Exception {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            return ResumeCheck.decide(ch, Files.readAttributes(log, BasicFileAttributes.class).fileKey(), saved);
        }
    }

    @Test
    void shouldResumeAtTheSavedOffsetWhenTheFileOnlyGrew() throws Exception {
        log = dir.resolve("access.log");
        final SavedPosition saved = savedAtEnd();
        Files.writeString(log, "line four\n", StandardOpenOption.APPEND);

        final ResumeCheck.Decision d = decide(saved);

        assertThat(d.resumed()).isTrue();
        assertThat(d.offset()).isEqualTo(LINES.length());
    }

    @Test
    void shouldStartOverWhenTheFileIsShorterThanTheOffset() throws Exception {
        log = dir.resolve("access.log");
        final SavedPosition saved = savedAtEnd();
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(10);
        }
        final ResumeCheck.Decision d = decide(saved);
        assertThat(d.offset()).isZero();
        assertThat(d.why()).contains("truncated");
    }

    @Test
    void shouldStartOverWhenAnotherFileWasPutAtThePath() throws Exception {
        log = dir.resolve("access.log");
        final SavedPosition saved = savedAtEnd();
        final Path other = dir.resolve("new");
        Files.writeString(other, LINES + LINES); // same bytes, longer: only the identity tells
        Files.move(other, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        final ResumeCheck.Decision d = decide(saved);

        assertThat(key(log)).isNotEqualTo(saved.fileKey());
        assertThat(d.offset()).isZero();
        assertThat(d.why()).contains("another file");
    }

    @Test
    void shouldStartOverWhenTheBytesBeforeTheOffsetChangedInPlace() throws Exception {
        log = dir.resolve("access.log");
        final SavedPosition saved = savedAtEnd();
        // truncated and regrown past the offset while down: same inode, same head, longer, other bytes
        final byte[] b = (LINES + "appended after\n").getBytes(StandardCharsets.UTF_8);
        b[LINES.length() - 3] = 'X';
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(b), 0);
        }
        final ResumeCheck.Decision d = decide(saved);
        assertThat(d.offset()).isZero();
        assertThat(d.why()).contains("before the saved offset");
    }

    @Test
    void shouldStartOverWhenTheHeadChangedInPlace() throws Exception {
        log = dir.resolve("access.log");
        final SavedPosition saved = savedAtEnd();
        final byte[] b = LINES.getBytes(StandardCharsets.UTF_8);
        b[0] = 'L';
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(b), 0);
        }
        assertThat(decide(saved).why()).contains("starts with other bytes");
    }

    @Test
    void shouldStartOverWhenNoFingerprintWasSavedForAnOffset() throws Exception {
        log = dir.resolve("access.log");
        final SavedPosition full = savedAtEnd();
        final SavedPosition bare = new SavedPosition(full.path(), full.fileKey(), 9, new byte[0], new byte[0]);
        final ResumeCheck.Decision d = decide(bare);
        assertThat(d.offset()).isZero();
        assertThat(d.why()).contains("no fingerprints saved for byte 9");
        final SavedPosition noMarker = new SavedPosition(full.path(), full.fileKey(), 9, full.head(), new byte[0]);
        assertThat(decide(noMarker).resumed()).isFalse();
    }

    @Test
    void shouldResumeAtZeroWithoutFingerprints() throws Exception {
        log = dir.resolve("access.log");
        Files.writeString(log, "");
        final SavedPosition empty = new SavedPosition(log.toString(), key(log), 0, new byte[0], new byte[0]);
        Files.writeString(log, LINES);
        assertThat(decide(empty).resumed()).isTrue();
    }
}
