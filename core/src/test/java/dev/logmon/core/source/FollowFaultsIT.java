package dev.logmon.core.source;

import dev.logmon.core.TestLogWriter;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.snapshot.SourceState;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following through the faults of issue 14: a NUL hole longer than {@code --max-line}, a file
 * moved away and back, rotations inside the rotate wait, a symbolic link re-pointed, and files
 * that are not UTF-8 text. Exact counts throughout.
 */
@Timeout(60)
class FollowFaultsIT {

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("access.log");
    }


    @RepeatedTest(3)
    void shouldReadTheLineAfterANulHoleLongerThanTheMaximumLine() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), false); FollowHarness h = new FollowHarness(log())) {
            h.settings.maxLineBytes = 1024;
            w.write(100);
            h.start();
            h.awaitLinesRead(100);
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            final long oldSize = Files.size(log());
            w.copyTruncate().write(30); // not O_APPEND: a hole of ~11 KB of NULs, then the lines

            assertThat(oldSize).isGreaterThan(8 * 1024);
            h.awaitLinesRead(130);
            h.settle();
            FollowHarness.assertCounted(h.finish(), 130, 0);
        }
    }

    @RepeatedTest(3)
    void shouldCountAFileMovedAwayAndBackOnce() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            // long enough that a test thread held up between the move and the write (a loaded
            // machine) does not find the file already finished: its lines would then wait for the move back
            h.settings.rotateWaitMillis = 1_000;
            w.write(400);
            h.start();
            h.awaitLinesRead(400);
            final Path away = dir.resolve("elsewhere.log");
            Files.move(log(), away);
            w.write(100); // the same file, away from the path
            h.awaitLinesRead(500);
            // longer than the rotate wait: the follower has finished the file and waits for the path
            h.await(() -> h.source(0).state() == SourceState.WAITING, "waiting for the path");
            Files.move(away, log());
            w.write(20);
            h.awaitLinesRead(520);
            h.settle();

            FollowHarness.assertCounted(h.finish(), 520, 0);
            assertThat(h.source(0).rotations()).isZero();
            assertThat(h.notices()).contains("moved back");
        }
    }

    @RepeatedTest(3)
    void shouldCountAFileMovedAwayAndBackWithinTheRotateWaitOnce() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            h.settings.rotateWaitMillis = 5_000;
            w.write(400);
            h.start();
            h.awaitLinesRead(400);
            final Path away = dir.resolve("elsewhere.log");
            Files.move(log(), away);
            w.write(50);
            h.awaitLinesRead(450);
            Files.move(away, log());
            w.write(50);
            h.awaitLinesRead(500);
            h.settle();

            FollowHarness.assertCounted(h.finish(), 500, 0);
            assertThat(h.source(0).rotations()).isZero();
        }
    }

    @RepeatedTest(5)
    void shouldFollowSeveralRenameRotationsInsideOneRotateWait() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            h.settings.rotateWaitMillis = 10_000; // every old file is still being read at the next rename
            h.start();
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            long expected = 0;
            for (int i = 1; i <= 5; i++) {
                w.write(200);
                expected += 200;
                Files.move(log(), dir.resolve("access.log." + i));
                w.write(30); // the server still writes to the renamed file
                expected += 30;
                w.reopen();
                final int rotations = i;
                h.await(() -> h.source(0).rotations() == rotations, rotations + " rotations");
            }
            w.write(10);
            expected += 10;
            h.awaitLinesRead(expected);
            h.await(() -> h.source(0).lagBytes() == 0, "no lag, the rotated files included");
            assertThat(h.pipeline().linesRead()).isEqualTo(expected);
            FollowHarness.assertCounted(h.finish(), expected, 0);
            assertThat(h.source(0).rotations()).isEqualTo(5);
        }
    }

    @RepeatedTest(3)
    void shouldFollowASymbolicLinkRePointedToANewFileAndBack() throws Exception {
        final Path a = dir.resolve("a.log");
        final Path b = dir.resolve("b.log");
        try (TestLogWriter wa = new TestLogWriter(a, true); TestLogWriter wb = new TestLogWriter(b, true)) {
            Files.createSymbolicLink(log(), a.getFileName());
            try (FollowHarness h = new FollowHarness(log())) {
                h.settings.rotateWaitMillis = 1_000; // a held-up test thread still writes to a while it is read
                wa.write(40);
                h.start();
                h.awaitLinesRead(40);
                repoint(b);
                wb.write(25);
                wa.write(5); // the old target is still read
                h.awaitLinesRead(70);
                h.await(() -> h.source(0).rotations() == 1, "one rotation");
                final FileSource source = (FileSource) h.pipeline().sources().get(0);
                h.await(() -> source.describeFiles().endsWith("rotated []"), "a finished (quiet for the rotate wait)");
                wa.write(7);
                repoint(a); // back to a file read before: read on where it was left
                h.awaitLinesRead(77);
                h.settle();

                FollowHarness.assertCounted(h.finish(), 77, 0);
                assertThat(h.source(0).rotations()).as("a file read before is not a new one").isEqualTo(1);
                assertThat(h.notices()).contains("moved back");
            }
        }
    }

    private void repoint(final Path target) throws Exception {
        final Path tmp = dir.resolve("link.tmp");
        Files.createSymbolicLink(tmp, target.getFileName());
        Files.move(tmp, log(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void shouldSayOnceThatAUtf16FileIsNotReadable() throws Exception {
        final String text = "\uFEFF" + TestLogWriter.line(1) + TestLogWriter.line(2) + TestLogWriter.line(3);
        Files.write(log(), text.getBytes(StandardCharsets.UTF_16LE));
        try (FollowHarness h = new FollowHarness(log())) {
            h.start();
            h.awaitLinesRead(3);
            h.settle();
            h.finish();
            assertThat(h.notices()).contains("UTF-16 byte-order mark").contains("iconv -f UTF-16");
            assertThat(h.notices().lines().filter(l -> l.contains("UTF-16")).count()).isEqualTo(1);
        }
    }

    @Test
    void shouldSayOnceThatABinaryFileDoesNotLookLikeALog() throws Exception {
        final byte[] bytes = new byte[4096];
        new java.util.Random(14).nextBytes(bytes);
        bytes[0] = 0x7f; // not a byte-order mark, not gzip
        Files.write(log(), bytes);
        try (FollowHarness h = new FollowHarness(log())) {
            h.start();
            h.await(() -> h.notices().contains("does not look like a text log"), "the notice");
            h.settle();
            h.finish();
            assertThat(h.notices().lines().filter(l -> l.contains("does not look like")).count()).isEqualTo(1);
        }
    }

    @Test
    void shouldNotCallALogWithAByteOrderMarkOrANulHoleBinary() throws Exception {
        Files.write(log(), ("\uFEFF" + TestLogWriter.line(1)).getBytes(StandardCharsets.UTF_8));
        final Path holed = dir.resolve("holed.log");
        final byte[] line = TestLogWriter.line(2).getBytes(StandardCharsets.US_ASCII);
        final byte[] bytes = new byte[5000 + line.length];
        System.arraycopy(line, 0, bytes, 5000, line.length);
        Files.write(holed, bytes);
        try (FollowHarness h = new FollowHarness(log(), holed)) {
            h.start();
            h.awaitLinesRead(2);
            h.settle();
            FollowHarness.assertCounted(h.finish(), 2, 0);
            assertThat(h.notices()).doesNotContain("does not look like").doesNotContain("byte-order mark");
        }
    }

    @Test
    void shouldFollowAFileWhoseNameIsNotValidUtf8() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "file names are decoded as UTF-8 only under a UTF-8 locale");
        // made by a shell: a Java string cannot name a file with the byte 0xE9 alone
        final Process p = new ProcessBuilder("sh", "-c", "printf '%s\\n%s\\n' \"$1\" \"$2\" > \"$(printf 'caf\\351.log')\"",
                "sh", TestLogWriter.line(1).trim(), TestLogWriter.line(2).trim()).directory(dir.toFile()).start();
        assertThat(p.waitFor()).isZero();
        final String asGiven = dir.resolve("caf\uFFFD.log").toString(); // what the JVM makes of the argument
        assertThat(Files.exists(Path.of(asGiven))).as("the name as decoded names no file").isFalse();
        try (FollowHarness h = new FollowHarness()) {
            h.settings.sources.add(asGiven);
            h.start();
            h.awaitLinesRead(2);
            h.settle();
            FollowHarness.assertCounted(h.finish(), 2, 0);
        }
    }

    @Test
    void shouldSayOnceAndWaitAPollWhenTheFileAtThePathCannotBeRead() throws Exception {
        // a path that opens but cannot be read (here a directory: read fails with EISDIR) must not
        // make the follower reopen it in a busy loop, printing a notice each time
        final Path notAFile = dir.resolve("access.log");
        Files.createDirectory(notAFile);
        try (FollowHarness h = new FollowHarness(notAFile)) {
            h.settings.fromStart = true;
            h.settings.pollMillis = 50;
            h.start();
            h.await(() -> h.notices().contains("lost"), "the read failure said");
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
            while (System.nanoTime() < deadline) { // an observation window: a busy loop says it thousands of times
                Thread.sleep(50);
            }
            final String notices = h.notices();
            assertThat(notices.split("lost", -1).length - 1).as(notices.length() > 2000 ? notices.substring(0, 2000) : notices)
                    .isLessThanOrEqualTo(2);
            assertThat(h.source(0).state()).isEqualTo(SourceState.DENIED);
        }
    }

    @Test
    void shouldRefuseANameWithBytesNotValidUtf8ThatNamesNoFileInsteadOfWaitingForever() {
        final Settings s = new Settings();
        s.sources.add(dir.resolve("gone\uFFFD.log").toString());
        assertThat(s.conclude()).anyMatch(m -> m.contains("gone\uFFFD.log") && m.contains("not valid"));
    }
}
