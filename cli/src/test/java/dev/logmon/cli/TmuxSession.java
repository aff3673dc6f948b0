package dev.logmon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tmux server on a socket of its own (named after the test and this JVM's pid, so no other
 * session on the machine is touched), for the ITs that drive the real jar in a real terminal.
 */
final class TmuxSession {
    /** A tmux command's exit code and its output (stdout and stderr together). */
    record Result(int exitCode, String out) {
    }

    private final String socket;

    /** @param name the socket's name, before the pid */
    TmuxSession(final String name) {
        this.socket = name + "-" + ProcessHandle.current().pid();
    }

    /** Whether tmux can be run here (the ITs skip with a message when not). */
    static boolean present() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code tmux -L SOCKET ARGS...} and waits for it. */
    Result run(final String... args) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    /** The text now on the pane of session {@code target}. */
    String capture(final String target) throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", target).out();
    }
}
