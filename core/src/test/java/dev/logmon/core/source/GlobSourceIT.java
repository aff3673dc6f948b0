package dev.logmon.core.source;

import dev.logmon.core.TestLogWriter;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A pattern source ({@code -s 'dir/*.access.log'}): the files there, and those that appear later. */
@Timeout(60)
class GlobSourceIT {

    @TempDir
    Path dir;

    @Test
    void shouldFollowEveryMatchingFileIncludingOnesCreatedLater() throws Exception {
        try (TestLogWriter a = new TestLogWriter(dir.resolve("a.access.log"), true);
             TestLogWriter other = new TestLogWriter(dir.resolve("other.log"), true);
             FollowHarness h = new FollowHarness()) {
            h.settings.sources.add(dir.resolve("*.access.log").toString());
            a.write(10);
            other.write(5); // does not match
            h.start();
            h.awaitLinesRead(10);
            try (TestLogWriter b = new TestLogWriter(dir.resolve("b.access.log"), true)) {
                b.write(7); // a new virtual host
                a.write(3);
                h.awaitLinesRead(20);
                // rotated: a.access.log.1 does not match, and a's source reads it on
                a.rotateByRename();
                a.write(4);
                a.reopen().write(6);
                b.write(2);
                h.awaitLinesRead(32);
                h.settle();

                final Snapshot last = h.finish();
                assertThat(last.lines().parsed()).isEqualTo(32);
                assertThat(h.source(0).path()).endsWith("*.access.log");
                assertThat(h.source(0).rotations()).isEqualTo(1);
                assertThat(h.notices()).contains("following " + dir.resolve("b.access.log"));
                assertThat(((GlobSource) h.pipeline().sources().get(0)).filesMatched()).isEqualTo(2);
            }
        }
    }

    @Test
    void shouldFollowANewMatchWhileAnotherFileIsStillBeingCaughtUpWith() throws Exception {
        // ~170 MB: the pattern's thread finds bytes at every round for a while, also on a quiet machine
        // where catch-up runs at 2 M lines/s or more (300,000 lines were once read before b was listed)
        final int backlog = 1_000_000;
        try (TestLogWriter a = new TestLogWriter(dir.resolve("a.access.log"), true); FollowHarness h = new FollowHarness()) {
            h.settings.sources.add(dir.resolve("*.access.log").toString());
            h.settings.fromStart = true;
            h.settings.pollMillis = 50;
            a.write(backlog);
            h.start();
            h.await(() -> h.pipeline().linesRead() > 0, "reading a.access.log");
            try (TestLogWriter b = new TestLogWriter(dir.resolve("b.access.log"), true)) {
                b.write(7);
                h.await(() -> h.notices().contains("following " + dir.resolve("b.access.log")), "the new match followed");
                // listed within a poll, not only once a.access.log is caught up with
                assertThat(h.pipeline().linesRead()).as("lines read when the new match was followed").isLessThan(backlog);
            }
            h.awaitLinesRead(backlog + 7);
            h.settle();
            assertThat(h.finish().lines().parsed()).isEqualTo(backlog + 7);
        }
    }

    @Test
    void shouldNotReadARotatedFileAgainWhenThePatternAlsoMatchesIt() throws Exception {
        try (TestLogWriter a = new TestLogWriter(dir.resolve("access.log"), true); FollowHarness h = new FollowHarness()) {
            h.settings.sources.add(dir.resolve("access.log*").toString());
            h.settings.rotateWaitMillis = 50;
            a.write(10);
            h.start();
            h.awaitLinesRead(10);
            a.rotateByRename(); // access.log.1 matches the pattern too
            a.write(5);
            a.reopen().write(8);
            h.awaitLinesRead(23);
            Thread.sleep(400); // the rotated file is done with, and the directory listed again
            h.settle();
            assertThat(h.finish().lines().parsed()).isEqualTo(23);
        }
    }

    @Test
    void shouldWaitForAPatternThatMatchesNothingYet() throws Exception {
        try (FollowHarness h = new FollowHarness()) {
            h.settings.sources.add(dir.resolve("*.access.log").toString());
            h.settings.fromStart = false; // a file appearing later is read whole all the same
            h.start();
            h.await(() -> h.source(0).state() == SourceState.WAITING, "waiting");
            try (TestLogWriter a = new TestLogWriter(dir.resolve("x.access.log"), true)) {
                a.write(12);
                h.awaitLinesRead(12);
            }
            h.settle();
            assertThat(h.finish().lines().parsed()).isEqualTo(12);
            assertThat(h.notices()).contains("no file matches");
        }
    }

    @Test
    void shouldReadEachMatchOnceWithOnceAndRefuseAPatternThatMatchesNothing() throws Exception {
        Files.writeString(dir.resolve("a.access.log"), TestLogWriter.line(1) + TestLogWriter.line(2));
        Files.writeString(dir.resolve("b.access.log"), TestLogWriter.line(3));
        final Settings s = new Settings();
        s.once = true;
        s.sources.add(dir.resolve("*.access.log").toString());
        assertThat(s.conclude()).isEmpty();
        assertThat(s.sources).containsExactly(dir.resolve("a.access.log").toString(), dir.resolve("b.access.log").toString());

        final Settings none = new Settings();
        none.once = true;
        none.sources.add(dir.resolve("*.error.log").toString());
        assertThat(none.conclude()).anyMatch(m -> m.contains("no file matches"));

        final Settings inDirectory = new Settings();
        inDirectory.sources.add(dir.resolve("*").resolve("access.log").toString());
        assertThat(inDirectory.conclude()).anyMatch(m -> m.contains("only the file name"));
    }
}
