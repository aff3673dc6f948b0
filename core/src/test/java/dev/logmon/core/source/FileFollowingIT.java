package dev.logmon.core.source;

import dev.logmon.core.TestLogWriter;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following real files on disk while a writer that keeps its handle open rotates, truncates,
 * deletes and recreates them (RELIABILITY rows 1-8, 10, 14). Every scenario asserts exact
 * counts: every line written is counted once, parsed or malformed, never twice.
 */
@Timeout(60)
class FileFollowingIT {

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("access.log");
    }


    @RepeatedTest(10)
    void shouldReadEveryLineOnceAcrossRenameRotationWhileTheWriterStillAppendsToTheOldFile() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            w.write(100);
            h.start();
            h.awaitLinesRead(100);
            w.rotateByRename();
            w.write(50);            // still the old handle: these land in access.log.1
            w.reopen().write(70);   // the server reopens: a new access.log
            h.awaitLinesRead(220);
            h.await(() -> h.source(0).rotations() == 1, "one rotation");
            h.settle();

            FollowHarness.assertCounted(h.finish(), 220, 0);
            assertThat(h.source(0).rotations()).isEqualTo(1);
            assertThat(h.notices()).contains("was rotated");
        }
    }

    @RepeatedTest(5)
    void shouldFollowSeveralRenameRotationsInARow() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            h.start();
            long expected = 0;
            for (int round = 0; round < 3; round++) {
                w.write(40);
                expected += 40;
                h.awaitLinesRead(expected);
                w.rotateByRename();
                w.write(10);
                expected += 10;
                w.reopen();
                final int rotations = round + 1;
                h.await(() -> h.source(0).rotations() == rotations, rotations + " rotations");
            }
            w.write(5);
            h.awaitLinesRead(expected + 5);
            h.settle();

            FollowHarness.assertCounted(h.finish(), expected + 5, 0);
        }
    }

    @RepeatedTest(10)
    void shouldReadFromTheStartAfterCopytruncate() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            w.write(100);
            h.start();
            h.awaitLinesRead(100);
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            w.copyTruncate().write(30);
            h.awaitLinesRead(130);
            h.settle();

            FollowHarness.assertCounted(h.finish(), 130, 0);
            assertThat(h.source(0).truncations()).isEqualTo(1);
        }
    }

    @RepeatedTest(10)
    void shouldReadLinesWrittenJustBeforeACopytruncateFromTheCopy() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            w.write(100);
            h.start();
            h.awaitLinesRead(100);
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            // What logrotate leaves when 20 lines and half a line were written after our last read:
            // they are in its copy, and the followed file is truncated before we look.
            final StringBuilder unread = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                unread.append(TestLogWriter.line(1_000 + i));
            }
            final String split = TestLogWriter.line(2_000);
            unread.append(split, 0, split.length() / 2);
            final Path copy = dir.resolve("access.log.1");
            Files.write(copy, Files.readAllBytes(log()));
            Files.writeString(copy, unread, StandardOpenOption.APPEND);
            w.truncateTo(0).writeRaw(split.substring(split.length() / 2)).write(30);

            h.awaitLinesRead(152);
            h.settle();
            final Snapshot last = h.finish();
            assertThat(h.source(0).truncations()).isEqualTo(1);
            assertThat(h.notices()).contains("from its copy access.log.1");
            // the half line from the copy ends there (counted on its own, malformed) and its other
            // half starts the truncated file (malformed too): 100 + 20 + 30 whole lines parse
            assertThat(last.lines().parsed()).isEqualTo(150);
            assertThat(last.lines().read()).isEqualTo(152);
        }
    }

    @RepeatedTest(5)
    void shouldSkipTheNulHoleAStaleWriterLeavesAfterCopytruncate() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), false); FollowHarness h = new FollowHarness(log())) {
            w.write(100);
            h.start();
            h.awaitLinesRead(100);
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            final long oldSize = Files.size(log());
            w.copyTruncate().write(30); // not O_APPEND: written at the old offset, NULs before it

            assertThat(Files.size(log())).isGreaterThan(oldSize);
            h.awaitLinesRead(130);
            h.settle();
            FollowHarness.assertCounted(h.finish(), 130, 0);
            assertThat(h.source(0).truncations()).isEqualTo(1);
        }
    }

    @Test
    void shouldNoticeATruncationThatRegrewPastTheOldSizeBetweenTwoPolls() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            h.settings.pollMillis = 1_000; // the whole truncate-and-regrow fits between two looks
            h.settings.watchFiles = false;  // polling only (RELIABILITY row 15): no wake-up in between
            w.write(20);
            h.start();
            h.awaitLinesRead(20);
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            final long oldSize = Files.size(log());
            w.truncateTo(0).write(60);

            assertThat(Files.size(log())).isGreaterThan(oldSize);
            h.awaitLinesRead(80);
            h.settle();
            FollowHarness.assertCounted(h.finish(), 80, 0);
            assertThat(h.source(0).truncations()).isEqualTo(1);
        }
    }

    @RepeatedTest(5)
    void shouldWaitForADeletedFileAndReadItFromTheStartWhenItIsCreatedAgain() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            w.write(50);
            h.start();
            h.awaitLinesRead(50);
            w.delete();
            h.await(() -> h.source(0).state() == SourceState.WAITING, "waiting for the deleted file");
            w.recreate().write(25);
            h.awaitLinesRead(75);
            h.settle();

            FollowHarness.assertCounted(h.finish(), 75, 0);
            assertThat(h.notices()).contains("was removed").contains("has appeared");
        }
    }

    @RepeatedTest(5)
    void shouldReadAFileDeletedAndCreatedAgainBetweenTwoPollsFromItsStart() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            w.write(50);
            h.start();
            h.awaitLinesRead(50);
            w.deleteAndRecreate().write(25);
            h.awaitLinesRead(75);
            h.settle();

            FollowHarness.assertCounted(h.finish(), 75, 0);
        }
    }

    @Test
    void shouldWaitForAFileThatDoesNotExistYetAndReadItFromTheStart() throws Exception {
        try (FollowHarness h = new FollowHarness(log())) {
            h.settings.fromStart = false; // even so: a file that appears later is read whole
            h.start();
            h.await(() -> h.source(0).state() == SourceState.WAITING, "waiting state");
            try (TestLogWriter w = new TestLogWriter(log(), true)) {
                w.write(40);
            }
            h.awaitLinesRead(40);
            h.settle();

            FollowHarness.assertCounted(h.finish(), 40, 0);
            assertThat(h.notices()).contains("waiting for").contains("has appeared");
            assertThat(h.notices().lines().filter(l -> l.contains("waiting for")).count()).isEqualTo(1);
        }
    }

    @Test
    void shouldStartAtTheEndOfAnExistingFileUnlessAskedToReadFromTheStart() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            h.settings.fromStart = false;
            h.settings.watchFiles = false; // and by polling alone (RELIABILITY row 15)
            w.write(30);
            h.start();
            h.await(() -> h.source(0).state() == SourceState.FOLLOWING, "following");
            w.write(12);
            h.awaitLinesRead(12);
            h.settle();

            FollowHarness.assertCounted(h.finish(), 12, 0);
        }
    }

    @RepeatedTest(5)
    void shouldCountAPartialLineOnceWhenItsNewlineArrives() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            w.write(10).appendPartial();
            h.start();
            h.awaitLinesRead(10);
            h.settle();
            assertThat(h.pipeline().linesRead()).as("the partial line is held").isEqualTo(10);

            w.completePartial().write(1);
            h.awaitLinesRead(12);
            h.settle();
            FollowHarness.assertCounted(h.finish(), 12, 0);
        }
    }

    @Test
    void shouldNotCountAHeldPartialLineWhenStoppedWhileDrainingARotatedFile() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            h.settings.rotateWaitMillis = 30_000; // still draining the old file when stopped
            w.write(10).appendPartial();
            h.start();
            h.awaitLinesRead(10);
            w.rotateByRename();
            h.await(() -> h.source(0).rotations() == 0 && !java.nio.file.Files.exists(log()), "the rename");
            Thread.sleep(300); // many polls: the follower has seen the rename and is draining
            h.pipeline().sources().get(0).stop(); // the flag alone (finish() also interrupts, which hid this)
            Thread.sleep(200);
            // stopping is not the file's end: the partial line is held (a restart reads it whole)
            FollowHarness.assertCounted(h.finish(), 10, 0);
        }
    }

    @Test
    void shouldReadTheSameFileOnceWhenNamedTwiceOrThroughASymlink() throws Exception {
        final Path link = dir.resolve("link.log");
        try (TestLogWriter w = new TestLogWriter(log(), true)) {
            w.write(33);
            Files.createSymbolicLink(link, log());
            try (FollowHarness h = new FollowHarness(log(), link, dir.resolve("./access.log"))) {
                h.start();
                h.awaitLinesRead(33);
                h.settle();

                FollowHarness.assertCounted(h.finish(), 33, 0);
                assertThat(h.pipeline().sourceStatuses()).hasSize(1);
                assertThat(h.settings.notes).hasSize(2);
            }
        }
    }

    @Test
    void shouldSkipALineLongerThanTheMaximumAndKeepTheLinesAroundIt() throws Exception {
        try (TestLogWriter w = new TestLogWriter(log(), true); FollowHarness h = new FollowHarness(log())) {
            h.settings.maxLineBytes = 4096;
            w.write(3).writeRaw("x".repeat(3 * 1024 * 1024) + "\n").write(4);
            h.start();
            h.awaitLinesRead(8);
            h.settle();

            final Snapshot last = h.finish();
            FollowHarness.assertCounted(last, 7, 1);
            assertThat(last.lines().malformedByReason().get(MalformedReason.TOO_LONG)).isEqualTo(1);
        }
    }

    @Test
    void shouldStripCrlfAndAByteOrderMarkAndCountEmptyLines() throws Exception {
        Files.write(log(), ("\uFEFF" + TestLogWriter.line(1).replace("\n", "\r\n") + "\r\n\n"
                + TestLogWriter.line(2)).getBytes(StandardCharsets.UTF_8));
        try (FollowHarness h = new FollowHarness(log())) {
            h.start();
            h.awaitLinesRead(4);
            h.settle();

            final Snapshot last = h.finish();
            FollowHarness.assertCounted(last, 2, 2);
            assertThat(last.lines().malformedByReason().get(MalformedReason.EMPTY)).isEqualTo(2);
        }
    }

    @Test
    void shouldReadStandardInputToItsEndIncludingALastLineWithoutNewline() throws Exception {
        final String input = TestLogWriter.line(1) + TestLogWriter.line(2) + "garbage\n"
                + TestLogWriter.line(3).trim();
        try (FollowHarness h = new FollowHarness()) {
            h.settings.sources.add(Settings.STDIN);
            h.start(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            h.await(() -> h.source(0).state() == SourceState.DONE, "end of standard input");

            FollowHarness.assertCounted(h.finish(), 3, 1);
        }
    }
}
