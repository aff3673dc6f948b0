package dev.logmon.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real jar in a real terminal: tmux (on a private socket, so no other session is touched)
 * runs the dashboard on a generated log at 120x40, the test reads the pane until the numbers are
 * there, presses q and checks the process ended with exit code 0.
 */
class DashboardTmuxIT {
    private static final long LINES = 20_000;

    @TempDir
    Path dir;

    private final TmuxSession tmux = new TmuxSession("logmon-it");

    @AfterEach
    void killServer() throws Exception {
        tmux.run("kill-server");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldShowTheDashboardInTmuxAndQuitCleanlyOnQ() throws Exception {
        assumeTrue(TmuxSession.present(), "tmux is not installed: skipping the terminal end-to-end test");
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final Path log = dir.resolve("access.log");
        final StringWriter quiet = new StringWriter();
        assertThat(new CommandLine(new GenerateCommand()).setOut(new PrintWriter(quiet)).setErr(new PrintWriter(quiet))
                .execute("-d", log.toString(), "-l", "0", "--count", Long.toString(LINES), "--seed", "11",
                        "--start", "2026-01-01T00:00:00Z")).as(quiet.toString()).isZero();
        final Path rc = dir.resolve("rc");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String command = "'" + java + "' -jar '" + jar + "' -s '" + log + "' --from-start --no-bell; echo $? > '"
                + rc + "'";

        assertThat(tmux.run("new-session", "-d", "-s", "it", "-x", "120", "-y", "40", command).exitCode()).isZero();

        final String screen = awaitPane(s -> s.contains("Popular sections") && s.contains(String.format("%,d parsed", LINES))
                && s.contains("Top bandwidth") && s.contains("/api"));
        assertThat(screen).contains("ALERT OFF").contains("Status codes").contains("access.log")
                .contains("Tab/Shift-Tab focus");

        // '/' opens the view filter; the hosts list (since start: it stays while the file is idle)
        // keeps the hosts holding the text, and the footer shows the filter
        final List<String> hosts = topHosts(screen);
        assertThat(hosts).as(screen).hasSizeGreaterThanOrEqualTo(2);
        tmux.run("send-keys", "-t", "it", "/");
        awaitPane(s -> s.contains("filter sections and hosts:"));
        tmux.run("send-keys", "-t", "it", "-l", hosts.get(0));
        tmux.run("send-keys", "-t", "it", "Enter");
        final String filtered = awaitPane(s -> s.contains(" filter: " + hosts.get(0) + " ") && !s.contains(hosts.get(1)));
        assertThat(topHosts(filtered)).containsExactly(hosts.get(0));
        assertThat(filtered).contains(String.format("%,d parsed", LINES));
        tmux.run("send-keys", "-t", "it", "Escape");
        awaitPane(s -> !s.contains("filter:") && s.contains(hosts.get(1)) && s.contains("Tab/Shift-Tab focus"));

        tmux.run("send-keys", "-t", "it", "q");
        while (!Files.exists(rc) || Files.readString(rc).isBlank()) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(Files.readString(rc, StandardCharsets.UTF_8).trim()).as("exit code after q").isEqualTo("0");
    }

    /** The IPv4 hosts of the Top bandwidth panel, top first (the rows after its header). */
    private static List<String> topHosts(final String screen) {
        final List<String> rows = screen.lines().toList();
        final List<String> hosts = new ArrayList<>();
        final java.util.regex.Pattern ip = java.util.regex.Pattern.compile("\u2502(\\d+\\.\\d+\\.\\d+\\.\\d+) ");
        boolean inHosts = false;
        for (final String row : rows) {
            if (row.contains("\u2502host ")) {
                inHosts = true;
                continue;
            }
            if (inHosts) {
                final java.util.regex.Matcher m = ip.matcher(row);
                if (!m.find()) {
                    if (row.contains("\u2514")) {
                        break; // the panel's bottom border
                    }
                    continue;
                }
                hosts.add(m.group(1));
            }
        }
        return hosts;
    }

    private String awaitPane(final Predicate<String> ready) throws Exception {
        while (true) {
            final String last = tmux.capture("it");
            if (ready.test(last)) {
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
