package dev.logmon.cli;

import dev.logmon.cli.demo.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restart without loss (issue 8; RELIABILITY rows 4, 8, 11, 35) with the real jar: {@code serve
 * --state-dir} follows a file while a writer appends, is stopped (SIGTERM or {@code kill -9}) and
 * started again with the same state directory; the lifetime hits of the last run's final
 * snapshot are compared with the lines written.
 */
@Timeout(180)
class StateRestartIT {
    /** Lines the writer appends per burst, and the pause between bursts: about 10,000 lines a second. */
    private static final int BURST = 100;
    private static final long PAUSE_MS = 10;
    private static final long STATE_EVERY_MS = 1_000;

    @TempDir
    Path dir;

    /** One {@code serve} process; stdout (JSON lines) and stderr go to files. */
    private final class Serve {
        final Process process;
        final Path out;
        final Path err;

        Serve(final String name, final Path log) throws IOException {
            this(name, log, serve());
        }

        /** @param command {@code serve} and its own options, or the monitor's options (empty for none) */
        Serve(final String name, final Path log, final List<String> command) throws IOException {
            this(name, List.of(log), command);
        }

        Serve(final String name, final List<Path> logs, final List<String> command) throws IOException {
            final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
            assertThat(jar).as("the shaded jar (built by package)").exists();
            out = dir.resolve(name + ".jsonl");
            err = dir.resolve(name + ".err");
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final List<String> args = new ArrayList<>(List.of(java, "-jar", jar.toString()));
            args.addAll(command);
            for (final Path log : logs) {
                args.addAll(List.of("-s", log.toString()));
            }
            args.addAll(List.of("--sink", "json", "--every", "1", "--state-dir", dir.resolve("state").toString()));
            process = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        }

        /** The last complete JSON line written, or null. */
        JsonNode last() throws IOException {
            final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                try {
                    return CliRun.JSON.readTree(lines.get(i));
                } catch (RuntimeException partial) {
                    // the line being written
                }
            }
            return null;
        }

        long lifetimeHits() throws IOException {
            final JsonNode n = last();
            return n == null ? -1 : n.at("/windows/lifetime/hits").asLong();
        }

        /** Polls the JSON lines until the lifetime hits satisfy {@code ok}; returns the last value. */
        long awaitHits(final LongPredicate ok, final long timeoutMs) throws Exception {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            long hits = lifetimeHits();
            while (!ok.test(hits) && System.nanoTime() < deadline && process.isAlive()) {
                TimeUnit.MILLISECONDS.sleep(50);
                hits = lifetimeHits();
            }
            return hits;
        }

        /** SIGTERM; returns the final snapshot. */
        JsonNode sigterm() throws Exception {
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(process.exitValue()).as(stderr()).isZero();
            final JsonNode last = last();
            assertThat(last.get("final").asBoolean()).as("the final snapshot was written; " + stderr()).isTrue();
            return last;
        }

        void kill9() throws Exception {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        String stderr() throws IOException {
            return Files.exists(err) ? Files.readString(err) : "";
        }
    }

    /** Appends generated lines (stamped with the wall clock) until stopped; counts them. */
    private static final class Writer {
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicLong written = new AtomicLong();
        final Thread thread;

        Writer(final Path log) {
            thread = new Thread(() -> {
                final TrafficGenerator gen = new TrafficGenerator(7);
                final byte[] buf = new byte[TrafficGenerator.MAX_LINE_BYTES];
                try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    while (writing.get()) {
                        for (int i = 0; i < BURST; i++) {
                            out.write(buf, 0, gen.writeLine(System.currentTimeMillis() / 1000, buf));
                        }
                        out.flush();
                        written.addAndGet(BURST);
                        TimeUnit.MILLISECONDS.sleep(PAUSE_MS);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "log-writer");
            thread.start();
        }

        /** Stops writing; idempotent. */
        void stop() throws InterruptedException {
            writing.set(false);
            thread.join();
        }
    }

    /** {@code serve} on a free port, reading the files from their start, saving every STATE_EVERY_MS. */
    private static List<String> serve() {
        return List.of("serve", "--listen", "127.0.0.1:0", "--from-start", "--state-every", STATE_EVERY_MS + "ms");
    }

    private static List<String> lines(final String tag, final int n) {
        final TrafficGenerator gen = new TrafficGenerator(tag.hashCode());
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(gen.nextLine(System.currentTimeMillis() / 1000).stripTrailing());
        }
        return list;
    }

    private static void append(final Path log, final List<String> lines) throws IOException {
        Files.write(log, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** A first run that counts exactly {@code hits} lines of {@code log}, stopped with SIGTERM. */
    private Serve countAndStop(final Path log, final long hits) throws Exception {
        final Serve one = new Serve("one", log);
        assertThat(one.awaitHits(h -> h == hits, 60_000)).isEqualTo(hits);
        assertThat(one.sigterm().at("/windows/lifetime/hits").asLong()).isEqualTo(hits);
        return one;
    }

    @Test
    void shouldCountEveryLineExactlyOnceAcrossASigtermRestartWhileTheFileKeepsGrowing() throws Exception {
        final Path log = Files.createFile(dir.resolve("access.log"));
        final long first;
        final long total;
        final Writer writer = new Writer(log);
        try {
            final Serve one = new Serve("one", log);
            one.awaitHits(h -> h > 5_000, 60_000);
            first = one.sigterm().at("/windows/lifetime/hits").asLong();
            TimeUnit.MILLISECONDS.sleep(500); // lines written while no logmon runs
            final Serve two = new Serve("two", log);
            two.awaitHits(h -> h > first + 5_000, 60_000);
            writer.stop();
            total = writer.written.get();
            assertThat(two.awaitHits(h -> h >= total, 60_000)).isGreaterThanOrEqualTo(total);
            final JsonNode last = two.sigterm();
            assertThat(two.stderr()).contains("resuming " + log);
            assertThat(last.at("/windows/lifetime/hits").asLong()).as("exactly once: " + two.stderr()).isEqualTo(total);
            assertThat(last.at("/lines/parsed").asLong()).isEqualTo(total);
            assertThat(last.at("/sources/0/linesRead").asLong()).as("the second run read only the rest")
                    .isEqualTo(total - first);
        } finally {
            writer.stop();
        }
        assertThat(first).isPositive().isLessThan(total);
        System.out.printf("SIGTERM restart: written %d, first run %d, after restart lifetime %d%n", total, first, total);
    }

    @Test
    void shouldCountEveryLineExactlyOnceAcrossARestartOfThePlainMonitorInLogTime() throws Exception {
        final Path log = Files.createFile(dir.resolve("access.log"));
        final List<String> monitor = List.of("--time", "log", "--from-start", "--state-every", STATE_EVERY_MS + "ms");
        final Writer writer = new Writer(log);
        try {
            final Serve one = new Serve("one", log, monitor);
            one.awaitHits(h -> h > 5_000, 60_000);
            final long first = one.sigterm().at("/windows/lifetime/hits").asLong();
            final Serve two = new Serve("two", log, monitor);
            two.awaitHits(h -> h > first + 5_000, 60_000);
            writer.stop();
            final long total = writer.written.get();
            // In log time no snapshot follows the writer's last second until the final tick, so there
            // is nothing to poll: give the follower (polling every 250 ms) time to read the rest. Too
            // short a wait fails the exact count below, it cannot make it pass wrongly.
            TimeUnit.SECONDS.sleep(3);
            final JsonNode last = two.sigterm();
            assertThat(two.stderr()).contains("resuming " + log);
            assertThat(first).isPositive().isLessThan(total);
            assertThat(last.at("/windows/lifetime/hits").asLong()).as(two.stderr()).isEqualTo(total);
        } finally {
            writer.stop();
        }
    }

    @Test
    void shouldResumeEachOfSeveralFilesAtItsOwnOffset() throws Exception {
        final Path busy = Files.createFile(dir.resolve("busy.log"));
        final Path quiet = dir.resolve("quiet.log");
        append(quiet, lines("q", 200));
        final List<String> serve = serve();
        final Writer writer = new Writer(busy);
        try {
            final Serve one = new Serve("one", List.of(busy, quiet), serve);
            one.awaitHits(h -> h > 5_000, 60_000);
            final long first = one.sigterm().at("/windows/lifetime/hits").asLong();
            append(quiet, lines("r", 30));
            final Serve two = new Serve("two", List.of(busy, quiet), serve);
            two.awaitHits(h -> h > first + 5_000, 60_000);
            writer.stop();
            final long total = writer.written.get() + 230;
            assertThat(two.awaitHits(h -> h >= total, 60_000)).isGreaterThanOrEqualTo(total);
            final JsonNode last = two.sigterm();
            assertThat(last.at("/windows/lifetime/hits").asLong()).as(two.stderr()).isEqualTo(total);
            assertThat(last.at("/sources/1/linesRead").asLong()).as("quiet.log: only the 30 new lines").isEqualTo(30);
            assertThat(two.stderr()).contains("resuming " + busy).contains("resuming " + quiet);
        } finally {
            writer.stop();
        }
    }

    @Test
    void shouldLoseNoLineAndCountFewTwiceAfterKillNine() throws Exception {
        final Path log = Files.createFile(dir.resolve("access.log"));
        final Path stateFile = dir.resolve("state").resolve("logmon.state");
        final Writer writer = new Writer(log);
        try {
            final Serve one = new Serve("one", log);
            one.awaitHits(h -> h > 10_000, 60_000);
            final long saved = Files.exists(stateFile) ? Files.getLastModifiedTime(stateFile).toMillis() : 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((!Files.exists(stateFile) || Files.getLastModifiedTime(stateFile).toMillis() == saved)
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            TimeUnit.MILLISECONDS.sleep(STATE_EVERY_MS / 2); // killed between two saves
            one.kill9();
            final long seenByOne = one.lifetimeHits();
            final Serve two = new Serve("two", log);
            two.awaitHits(h -> h > seenByOne + 5_000, 60_000);
            writer.stop();
            final long total = writer.written.get();
            assertThat(two.awaitHits(h -> h >= total, 60_000)).isGreaterThanOrEqualTo(total);
            // let a straggling duplicate show before the final count
            TimeUnit.MILLISECONDS.sleep(1_500);
            final long hits = two.sigterm().at("/windows/lifetime/hits").asLong();
            assertThat(two.stderr()).contains("resuming " + log);
            // At-least-once: none lost. Duplicates are lines counted in the saved totals but after
            // the saved offsets; the saved totals are taken at a tick and hold no line read after
            // it, so they are at most the lines read in one save interval (writer: BURST lines per
            // PAUSE_MS); in arrival time, where a source's seconds never go back, there are none.
            final long bound = BURST * (STATE_EVERY_MS / PAUSE_MS);
            assertThat(hits).as("none lost").isGreaterThanOrEqualTo(total);
            assertThat(hits - total).as("duplicates").isLessThanOrEqualTo(bound);
            System.out.printf("kill -9 restart: written %d, first run showed %d before the kill, after restart"
                    + " lifetime %d (duplicates %d, bound %d)%n", total, seenByOne, hits, hits - total, bound);
        } finally {
            writer.stop();
        }
    }

    @Test
    void shouldKeepWhereAFileWasOpenedAtItsEndEvenWhenKilledBeforeTheFirstInterval() throws Exception {
        final Path log = dir.resolve("access.log");
        append(log, lines("old", 100)); // before logmon: not counted (it starts at the end)
        final long opened = Files.size(log);
        final Path stateFile = dir.resolve("state").resolve("logmon.state");
        final List<String> fromEnd = List.of("serve", "--listen", "127.0.0.1:0", "--state-every", "1h");
        final Serve one = new Serve("one", log, fromEnd);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(stateFile) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(stateFile).as("saved at the first tick, not an hour later").exists();
        one.kill9();
        append(log, lines("new", 10)); // while no logmon runs

        final Serve two = new Serve("two", log, fromEnd);
        assertThat(two.awaitHits(h -> h >= 10, 60_000)).isEqualTo(10);
        assertThat(two.sigterm().at("/windows/lifetime/hits").asLong()).isEqualTo(10);
        assertThat(two.stderr()).contains("resuming " + log + " at byte " + opened + " ");
    }

    @Test
    void shouldReadTheRestOfAFileRotatedByRenameWhileStoppedThenTheNewFile() throws Exception {
        final Path log = dir.resolve("access.log");
        append(log, lines("a", 300));
        final Serve one = countAndStop(log, 300);

        append(log, lines("b", 40)); // written after the stop, before logrotate
        Files.move(log, dir.resolve("access.log.1"));
        append(log, lines("c", 25));

        final Serve two = new Serve("two", log);
        assertThat(two.awaitHits(h -> h >= 365, 60_000)).isEqualTo(365);
        final JsonNode last = two.sigterm();
        assertThat(last.at("/windows/lifetime/hits").asLong()).isEqualTo(300 + 40 + 25);
        assertThat(two.stderr()).contains("was rotated while logmon was down; read the rest of access.log.1");
    }

    @Test
    void shouldReadEveryFileOfTwoRenameRotationsWhileStopped() throws Exception {
        final Path log = dir.resolve("access.log");
        append(log, lines("a", 100));
        final Serve one = countAndStop(log, 100);

        append(log, lines("b", 10)); // after the stop, in the saved file
        Files.move(log, dir.resolve("access.log.1"));
        TimeUnit.MILLISECONDS.sleep(50); // the middle file is modified after the saved one
        append(log, lines("c", 20));
        Files.move(dir.resolve("access.log.1"), dir.resolve("access.log.2"));
        Files.move(log, dir.resolve("access.log.1"));
        TimeUnit.MILLISECONDS.sleep(50);
        append(log, lines("d", 30));
        append(dir.resolve("access.log.json"), lines("x", 7)); // another log, not a rotation: not read

        final Serve two = new Serve("two", log);
        assertThat(two.awaitHits(h -> h >= 160, 60_000)).isEqualTo(160);
        TimeUnit.MILLISECONDS.sleep(500); // a line counted twice would show now
        final JsonNode last = two.sigterm();
        assertThat(last.at("/windows/lifetime/hits").asLong()).as(two.stderr()).isEqualTo(160);
        assertThat(two.stderr()).contains("read the rest of access.log.2 from byte")
                .contains("also read access.log.1, rotated while logmon was down");
    }

    @Test
    void shouldWarnAboutARotatedFileThatCannotBeOrderedAfterTheSavedOne() throws Exception {
        final Path log = dir.resolve("access.log");
        append(log, lines("a", 100));
        final Serve one = new Serve("one", log);
        assertThat(one.awaitHits(h -> h == 100, 60_000)).isEqualTo(100);
        one.sigterm();

        Files.move(log, dir.resolve("access.log.1"));
        append(log, lines("c", 20));
        Files.move(dir.resolve("access.log.1"), dir.resolve("access.log.2"));
        Files.move(log, dir.resolve("access.log.1"));
        append(log, lines("d", 30));
        // the same modification time as the saved file: it may as well be older, so not read
        Files.setLastModifiedTime(dir.resolve("access.log.1"), Files.getLastModifiedTime(dir.resolve("access.log.2")));

        final Serve two = new Serve("two", log);
        assertThat(two.awaitHits(h -> h >= 130, 60_000)).isEqualTo(130);
        TimeUnit.MILLISECONDS.sleep(500);
        assertThat(two.sigterm().at("/windows/lifetime/hits").asLong()).isEqualTo(130);
        assertThat(two.stderr()).contains("logmon: warning: " + log + ": not read access.log.1: modified at the same"
                + " time as access.log.2");
    }

    @Test
    void shouldReadTheRestFromTheCopyOfACopytruncateWhileStopped() throws Exception {
        final Path log = dir.resolve("access.log");
        append(log, lines("a", 100));
        final Serve one = new Serve("one", log);
        assertThat(one.awaitHits(h -> h == 100, 60_000)).isEqualTo(100);
        one.sigterm();

        append(log, lines("b", 50)); // after the stop: only in the copy once truncated
        Files.copy(log, dir.resolve("access.log.1"));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(log, lines("c", 20));

        final Serve two = new Serve("two", log);
        assertThat(two.awaitHits(h -> h >= 170, 60_000)).isEqualTo(170);
        TimeUnit.MILLISECONDS.sleep(500);
        final JsonNode last = two.sigterm();
        assertThat(last.at("/windows/lifetime/hits").asLong()).as(two.stderr()).isEqualTo(170);
        assertThat(two.stderr()).contains("was copied and truncated while logmon was down; read the rest of its copy access.log.1");
    }

    @Test
    void shouldResumeAndSaveAFileWithGlobCharactersInItsName() throws Exception {
        final Path log = dir.resolve("access[1]{a,b}*?.log");
        append(log, lines("a", 100));
        final Serve one = countAndStop(log, 100);
        assertThat(one.stderr()).doesNotContain("cannot save state");

        append(log, lines("b", 10));
        Files.move(log, dir.resolve("access[1]{a,b}*?.log.1")); // rotated: the sibling search runs
        append(log, lines("c", 5));

        final Serve two = new Serve("two", log);
        assertThat(two.awaitHits(h -> h >= 115, 60_000)).isEqualTo(115);
        final JsonNode last = two.sigterm();
        assertThat(last.at("/windows/lifetime/hits").asLong()).as(two.stderr()).isEqualTo(115);
        assertThat(two.stderr()).doesNotContain("cannot save state").contains("read the rest of access[1]{a,b}*?.log.1");
    }

    @Test
    void shouldReadAFileTruncatedWhileStoppedFromItsStart() throws Exception {
        final Path log = dir.resolve("access.log");
        append(log, lines("a", 300));
        final Serve one = new Serve("one", log);
        assertThat(one.awaitHits(h -> h == 300, 60_000)).isEqualTo(300);
        one.sigterm();

        Files.write(log, lines("t", 20), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);

        final Serve two = new Serve("two", log);
        assertThat(two.awaitHits(h -> h >= 320, 60_000)).isEqualTo(320);
        final JsonNode last = two.sigterm();
        assertThat(last.at("/windows/lifetime/hits").asLong()).isEqualTo(320);
        assertThat(two.stderr()).contains("is shorter than where logmon stopped (truncated); reading it from the start");
    }

    @Test
    void shouldWarnAboutADamagedStateFileAndStartNormally() throws Exception {
        final Path log = dir.resolve("access.log");
        append(log, lines("a", 50));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state").resolve("logmon.state"), "logmon-state 1\nposition !!!\ncrc 0\n");

        final Serve one = countAndStop(log, 50);
        assertThat(one.stderr().lines().filter(l -> l.contains("ignoring the state file")).toList()).singleElement()
                .asString().startsWith("logmon: warning: ");
        assertThat(Files.readString(dir.resolve("state").resolve("logmon.state"))).as("replaced by a good one")
                .contains("totals 50 ");
    }
}
