package dev.logmon.cli;

import dev.logmon.core.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --state-dir} writes the history, {@code history} reads it back, both in-process. */
@Timeout(120)
class HistoryCommandTest {
    @TempDir
    Path dir;

    /** Runs {@code serve ARGS --once --sink json} to its final snapshot, stops it, returns that snapshot. */
    private static JsonNode serveOnce(final String... args) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CommandLine cl = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.SYSTEM, InputStream.nullInputStream(),
                Map.of());
        final ServeCommand serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        final String[] all = new String[args.length + 8];
        System.arraycopy(new String[] {"serve", "--once", "--sink", "json", "--listen", "127.0.0.1:0"}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        all[all.length - 2] = "--every";
        all[all.length - 1] = "60";
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final Thread t = new Thread(() -> exit.complete(cl.execute(all)), "serve-under-test");
        t.setDaemon(true);
        t.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString(StandardCharsets.UTF_8).contains("\"final\":true")) {
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isNotDone();
            assertThat(System.nanoTime()).as("final snapshot").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        serve.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("history in " + Path.of(args[args.length - 1])
                .resolve("history"));
        final String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        return CliRun.JSON.readTree(lines[lines.length - 1]);
    }

    /** 6,000 generated lines, one a second, starting three hours ago (inside --since 6h and the retention). */
    private Path recentLog(final String name, final long seed) {
        final Path log = dir.resolve(name);
        final String start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS).toString();
        assertThat(CliRun.run("generate", "-d", log.toString(), "-l", "0", "--count", "6000", "--seed",
                Long.toString(seed), "--start", start, "--log-rate", "1").exitCode).isZero();
        return log;
    }

    private static void assertSameTotals(final JsonNode history, final JsonNode live) {
        final JsonNode h = history.get("windows").get("lifetime");
        final JsonNode l = live.get("windows").get("lifetime");
        assertThat(h.get("hits").asLong()).isEqualTo(l.get("hits").asLong());
        assertThat(h.get("bytes").asLong()).isEqualTo(l.get("bytes").asLong());
        assertThat(h.get("status")).isEqualTo(l.get("status"));
        assertThat(h.get("sections").get(0)).isEqualTo(l.get("sections").get(0));
        assertThat(h.get("size").get("max")).isEqualTo(l.get("size").get("max"));
        assertThat(history.get("lines").get("parsed")).isEqualTo(live.get("lines").get("parsed"));
        assertThat(history.get("lines").get("malformedByReason")).isEqualTo(live.get("lines").get("malformedByReason"));
    }

    @Test
    void shouldPrintTheHistoryOfAServedReplayWithTheLiveTotalsAndAddARestartsMinutes() throws Exception {
        final Path state = dir.resolve("state");
        final JsonNode live = serveOnce("-s", recentLog("a.log", 1).toString(), "--state-dir", state.toString());

        final CliRun first = CliRun.run("history", "--state-dir", state.toString(), "--since", "6h", "--every", "5m");

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(first.err).isEmpty();
        final List<JsonNode> lines = first.jsonLines();
        assertThat(lines.size()).isBetween(20, 22); // 100 minutes in 5-minute buckets
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(n -> !n.get("final").asBoolean());
        final JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("final").asBoolean()).isTrue();
        assertSameTotals(last, live);
        assertThat(lines.stream().mapToLong(n -> n.get("windows").get("2m").get("hits").asLong()).sum())
                .isEqualTo(live.get("windows").get("lifetime").get("hits").asLong());
        assertThat(lines.get(3).get("windows").get("2m").get("seconds").asLong()).isEqualTo(300);
        assertThat(lines.get(3).get("windows").get("10s").get("seconds").asLong()).isEqualTo(60);
        assertThat(Instant.parse(lines.get(3).get("time").asString()).getEpochSecond() % 300).isEqualTo(299);

        // a restart appends its minutes to the same day files; the history adds them up
        final JsonNode again = serveOnce("-s", recentLog("b.log", 2).toString(), "--state-dir", state.toString());
        final CliRun both = CliRun.run("history", "--state-dir", state.toString(), "--every", "1h");
        assertThat(both.exitCode).as(both.err).isZero();
        assertThat(both.last().get("windows").get("lifetime").get("hits").asLong())
                .isEqualTo(live.get("windows").get("lifetime").get("hits").asLong()
                        + again.get("windows").get("lifetime").get("hits").asLong());
    }

    @Test
    void shouldReportACorruptTailAndStillPrintTheValidMinutes() throws Exception {
        final Path state = dir.resolve("state");
        final JsonNode live = serveOnce("-s", recentLog("a.log", 3).toString(), "--state-dir", state.toString());
        final Path history = state.resolve("history");
        final Path day;
        try (var files = Files.list(history)) {
            day = files.sorted().reduce((a, b) -> b).orElseThrow();
        }
        final long size = Files.size(day);
        Files.write(day, "torn tail, not a record".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        Files.writeString(history.resolve("2001-01-01.lmh"), "garbage");

        final CliRun run = CliRun.run("history", "--state-dir", state.toString(), "--every", "1d");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).contains("logmon-cli history: " + day + ": corrupt data from offset " + size + " to the end")
                .contains(history.resolve("2001-01-01.lmh") + ": not a logmon history file (bad header), skipped");
        long hits = 0;
        for (final JsonNode n : run.jsonLines()) {
            hits += n.get("windows").get("2m").get("hits").asLong();
        }
        assertThat(hits).isEqualTo(live.get("windows").get("lifetime").get("hits").asLong());
    }

    @Test
    void shouldExitOneWhenThereIsNoStoreOrNothingInTheRange() throws Exception {
        final CliRun none = CliRun.run("history", "--state-dir", dir.resolve("nowhere").toString());
        assertThat(none.exitCode).isEqualTo(1);
        assertThat(none.err).contains("no history store at " + dir.resolve("nowhere").resolve("history"));
        assertThat(none.out).isEmpty();

        Files.createDirectories(dir.resolve("history"));
        final CliRun empty = CliRun.run("history", "--state-dir", dir.toString(), "--since", "2h");
        assertThat(empty.exitCode).isEqualTo(1);
        assertThat(empty.err).contains("no history from ");
    }

    @Test
    void shouldRefuseBadHistoryOptionsWithOneMessageEachAndExitTwo() {
        final CliRun run = CliRun.run("history", "--state-dir", dir.toString(), "--every", "90s", "--since", "yesterday",
                "--sink", "xml", "--top", "50");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.lines().filter(l -> l.startsWith("logmon-cli history: --")).toList()).containsExactly(
                "logmon-cli history: --since not a time (ISO-8601 such as 2026-01-01T10:00:00Z, a date, or a duration "
                        + "back from now such as 2h, 30m, 7d): yesterday",
                "logmon-cli history: --every must be a whole number of minutes, at least 1m (e.g. 5m, 1h): 90s",
                "logmon-cli history: --sink must be json or tui: xml",
                "logmon-cli history: --top must be between 0 and 20: 50");
        final CliRun order = CliRun.run("history", "--state-dir", dir.toString(), "--since", "1h", "--until", "2h");
        assertThat(order.exitCode).isEqualTo(2);
        assertThat(order.err).contains("--since must be before --until");
        assertThat(CliRun.run("history").exitCode).isEqualTo(2); // --state-dir is required
    }

    @Test
    void shouldRefuseABadRetentionAndARetentionWithoutAStateDir() {
        final CliRun shortRetain = CliRun.run("serve", "-s", "x.log", "--state-dir", dir.toString(), "--retain", "10s");
        assertThat(shortRetain.exitCode).isEqualTo(2);
        assertThat(shortRetain.err).contains("logmon-cli serve: --retain must be a duration of at least 1m, e.g. 30d, 12h: 10s");

        final CliRun alone = CliRun.run("serve", "-s", "x.log", "--retain", "7d");
        assertThat(alone.exitCode).isEqualTo(2);
        assertThat(alone.err).contains("logmon-cli serve: --retain needs --state-dir");
    }

    @Test
    void shouldWriteTheMinuteInProgressWhenAFollowingServiceIsStopped() throws Exception {
        final Path log = dir.resolve("live.log");
        final Path state = dir.resolve("state");
        final long now = Instant.now().getEpochSecond();
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            lines.append("10.0.0.").append(i % 9).append(" - - [")
                    .append(java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
                            .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochSecond(now)))
                    .append("] \"GET /s").append(i % 4).append("/x HTTP/1.1\" 200 ").append(100 + i).append('\n');
        }
        Files.writeString(log, lines);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CommandLine cl = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.SYSTEM, InputStream.nullInputStream(),
                Map.of());
        final ServeCommand serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final Thread t = new Thread(() -> exit.complete(cl.execute("serve", "-s", log.toString(), "--from-start",
                "--sink", "json", "--every", "1", "--listen", "127.0.0.1:0", "--state-dir", state.toString())),
                "serve-under-test");
        t.setDaemon(true);
        t.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString(StandardCharsets.UTF_8).contains("\"lifetime\":{\"seconds\"")
                || !out.toString(StandardCharsets.UTF_8).contains("\"parsed\":250,")) {
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isNotDone();
            assertThat(System.nanoTime()).as("250 lines counted").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }

        serve.stop(); // as SIGTERM does: the minute in progress is handed over and written

        assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        final CliRun run = CliRun.run("history", "--state-dir", state.toString(), "--since", "1h");
        assertThat(run.exitCode).as(run.err).isZero();
        final JsonNode last = run.last();
        assertThat(last.get("windows").get("lifetime").get("hits").asLong()).isEqualTo(250);
        final JsonNode top = last.get("windows").get("lifetime").get("sections").get(0);
        assertThat(top.get("section").asString()).isEqualTo("/s0"); // i % 4 == 0: 63 of the 250
        assertThat(top.get("hits").asLong()).isEqualTo(63);
    }
}
