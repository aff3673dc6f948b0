package dev.logmon.cli;

import dev.logmon.cli.demo.DemoLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogmonCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseStateWithOnceBecauseAReplayKeepsNoPosition() {
        final CliRun run = CliRun.run("-s", "x.log", "--once", "--state-dir", dir.resolve("st").toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).contains("--state-dir keeps the positions of followed files");
    }

    @Test
    void shouldReportEveryBadValueOnceWithExitCodeTwo() {
        final CliRun run = CliRun.run("--format", "xml", "-t", "-5", "--ring-size", "100", "--top", "0",
                "--time", "later", "--alert-rule", "sometimes", "--sink", "carrier-pigeon", "--every", "0",
                "--shards", "0", "--wait", "spin", "--max-line", "10");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("no source")
                .contains("--format must be auto, common or combined: xml")
                .contains("--threshold must be")
                .contains("--ring-size must be a power of two")
                .contains("--top must be between")
                .contains("--time must be arrival or log: later")
                .contains("--alert-rule must be relative or absolute: sometimes")
                .contains("--sink must be tui, json, webhook, email or kafka: carrier-pigeon")
                .contains("--every must be")
                .contains("--shards must be")
                .contains("--wait must be")
                .contains("--max-line must be");
        assertThat(run.err.lines().filter(l -> l.startsWith("logmon-cli: ")).count()).isEqualTo(12);
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldReadASinkListWithSpacesAfterTheCommasLikeOneWithout() throws IOException {
        final Path log = dir.resolve("a.log");
        Files.writeString(log, "1.2.3.4 - - [07/Dec/2026:03:00:00 +0000] \"GET /a/b HTTP/1.1\" 503 5\n");
        final Path conf = dir.resolve("logmon.conf");
        Files.writeString(conf, "sink = json , webhook\nwebhook-url = http://127.0.0.1:9/hook\n");

        final CliRun run = CliRun.run("--config", conf.toString(), "-s", log.toString(), "--from-start", "--once");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.last().at("/lines/parsed").asLong()).isEqualTo(1);
        final CliRun bad = CliRun.run("-s", log.toString(), "--once", "--sink", "json, pigeon");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).contains("--sink must be tui, json, webhook, email or kafka: pigeon").doesNotContain(": json");
    }

    @Test
    void shouldRejectThresholdThatIsNotANumber() {
        final CliRun run = CliRun.run("-s", "x.log", "-t", "lots");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--threshold").contains("lots");
    }

    @Test
    void shouldRejectMissingFileWithOnceBeforeReadingAnything() {
        final Path present = dir.resolve("present.log");
        final CliRun run = CliRun.run("-s", dir.resolve("missing.log").toString(), "-s", present.toString(), "--once");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("missing.log: no such file").contains("present.log: no such file");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldRejectDirectoryAsSourceWithOnce() {
        final CliRun run = CliRun.run("-s", dir.toString(), "--once");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("is a directory");
    }

    @Test
    void shouldShowControlCharactersInFileNamesEscapedInErrors() {
        final CliRun run = CliRun.run("-s", "evil\u001b[2Jname.log", "--once");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("evil\\x1b[2Jname.log").doesNotContain("\u001b");
    }

    @Test
    void shouldListEveryOptionInHelp() {
        final CliRun run = CliRun.run("--help");

        assertThat(run.exitCode).isZero();
        for (final String option : new String[] {"--source", "--threshold", "--alert-rule", "--alert-repeat", "--format",
                "--time", "--once", "--from-start", "--sink", "--every", "--top", "--shards", "--ring-size",
                "--top-capacity", "--max-line", "--wait", "--poll", "--rotate-wait", "--close-inactive", "--no-watch", "--help", "--version", "generate"}) {
            assertThat(run.out).as(option).contains(option);
        }
    }

    @Test
    void shouldReplayAnEmptyFileToAFinalSnapshotWithZeroCounts() throws IOException {
        final Path empty = Files.createFile(dir.resolve("empty.log"));

        final CliRun run = CliRun.run("-s", empty.toString(), "--once");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.last().get("final").asBoolean()).isTrue();
        assertThat(run.last().at("/lines/read").asLong()).isZero();
        assertThat(run.last().at("/windows/lifetime/hits").asLong()).isZero();
    }

    @Test
    void shouldRunTheDemoWithoutAnyFileAndTripTheAlertTwice() {
        final CliRun run = CliRun.run("--demo", "--once");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.last().at("/lines/read").asLong()).isEqualTo(DemoLog.LINES);
        assertThat(run.jsonLines().stream()
                .filter(n -> "alert".equals(n.get("type").asString()) && !n.get("repeat").asBoolean())
                .map(n -> n.get("state").asString()))
                .containsExactly("on", "off", "on", "off");
    }

    @Test
    void shouldRefuseTheDashboardWithoutATerminalAndSuggestJson() {
        final CliRun run = CliRun.run("-s", "x.log", "--sink", "tui");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("logmon-cli: --sink tui needs a terminal (standard input or output is not a "
                + "terminal): use --sink json for JSON lines");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldRefuseTheDashboardOnADumbOrUnknownTerminal() {
        assertThat(Terminals.problem(true, java.util.Map.of("TERM", "dumb"))).contains("TERM=dumb");
        assertThat(Terminals.problem(true, java.util.Map.of())).contains("TERM is not set");
        assertThat(Terminals.problem(false, java.util.Map.of("TERM", "xterm"))).contains("not a terminal");
        assertThat(Terminals.problem(true, java.util.Map.of("TERM", "tmux-256color"))).isNull();
    }

    @Test
    void shouldPrintTheApacheFormatExampleInHelpWithoutAPicocliWarning() {
        final PrintStream realErr = System.err;
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        final CliRun run;
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            run = CliRun.run("--help");
        } finally {
            System.setErr(realErr);
        }

        assertThat(run.out).contains("LogFormat (%h %l %u %t \"%r\" %>s %b %D ...)");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void shouldListTheDashboardOptionsInHelp() {
        final CliRun run = CliRun.run("--help");

        assertThat(run.out).contains("--no-bell").contains("tui (the terminal dashboard)").contains("q or Esc quit");
    }

    @Test
    void shouldRefuseDemoWithSources() {
        final CliRun run = CliRun.run("--demo", "-s", "x.log");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--demo reads its own generated log");
    }
}
