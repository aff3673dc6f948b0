package dev.logmon.cli;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar under {@code -Xmx128m} posting to a receiver that streams an endless 200, answers
 * 400 with 3 GB, cuts a 503 short or hangs (RELIABILITY row 40): no OutOfMemoryError, the
 * counters of the final snapshot add up to the transitions, and SIGTERM exits 0 within
 * {@code --webhook-grace} plus a few seconds, with the state saved.
 */
class HostileWebhookIT {
    private static final long GRACE_MS = 3_000;
    /** What a stop may take beyond the grace: the pipeline's drain, the sinks, the JVM's exit. */
    private static final long STOP_SLACK_MS = 5_000;

    @TempDir
    Path dir;

    static Stream<Arguments> runs() {
        final Stream.Builder<Arguments> b = Stream.builder();
        for (final HostileWebhook.Mode mode : HostileWebhook.Mode.values()) {
            b.add(Arguments.of(mode, false));
        }
        b.add(Arguments.of(HostileWebhook.Mode.ENDLESS_200, true));
        b.add(Arguments.of(HostileWebhook.Mode.HANG, true));
        return b.build();
    }

    @ParameterizedTest(name = "{0}, serve {1}")
    @MethodSource("runs")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepMemoryBoundedCountEveryTransitionAndStopWithinTheGrace(final HostileWebhook.Mode mode,
                                                                          final boolean serve) throws Exception {
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final Path log = dir.resolve("burst.log");
        // 20 lines per log second, 4x for the last 180 s of every 600 s: two alerts, each fired and resolved
        assertThat(CliRun.run("generate", "-d", log.toString(), "-l", "0", "--count", "50000", "--seed", "3",
                "--start", "2026-01-01T00:00:00Z", "--log-rate", "20", "--burst", "600:180:4").exitCode).isZero();
        final Path state = dir.resolve("state");
        final Path stderr = dir.resolve("stderr");
        final Path stdout = dir.resolve("stdout");
        try (HostileWebhook hook = new HostileWebhook(mode)) {
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-jar", jar.toString()));
            if (serve) {
                command.addAll(List.of("serve", "--listen", "127.0.0.1:0")); // the service: API and history too
            }
            command.addAll(List.of("-s", log.toString(), "--from-start", "--time", "log", "--sink", "json",
                    "--sink", "webhook", "--webhook-url-env", "HOOK", "--webhook-timeout", "2s",
                    "--webhook-grace", GRACE_MS / 1000 + "s", "--state-dir", state.toString()));
            final ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
            pb.environment().put("HOOK", hook.url());
            // stdout to a file, not a pipe: read through a pipe here, the final line was missing in every
            // run although the child reported it written (it halts right after); a file does not depend on
            // how the pipe is drained at the child's exit
            final Process p = pb.redirectOutput(stdout.toFile()).start();
            try { // the child never outlives the test, whichever assertion fails

                final int wanted = switch (mode) {
                    case ENDLESS_200, HUGE_400 -> 4; // every transition tried once
                    case CUT_503 -> 3;               // retries under way
                    case HANG -> 2;                  // a timed-out attempt and its retry under way
                };
                await(() -> mode + ": " + wanted + " requests, got " + hook.requests.get(), 60_000,
                        () -> hook.requests.get() >= wanted);
                // the first notification's retries can be under way before the replay has reached the second
                // alert: stop only once all four transitions are printed, or a slow machine stops the replay early
                final TransitionCounter printed = new TransitionCounter(stdout);
                await(() -> mode + ": the 4 alert transitions printed, got " + printed.count, 60_000,
                        () -> printed.update() >= 4);
                final long peakKb = peakRssKb(p.pid());

                final long stopStart = System.nanoTime();
                p.destroy(); // SIGTERM
                final boolean exited = p.waitFor(GRACE_MS + STOP_SLACK_MS + 10_000, TimeUnit.MILLISECONDS);
                final long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);
                final String err = Files.readString(stderr);
                assertThat(exited).as("exited; stderr:\n" + err).isTrue();
                assertThat(p.exitValue()).as(err).isZero();
                assertThat(stopMs).as("stop time; stderr:\n" + err).isLessThan(GRACE_MS + STOP_SLACK_MS);
                assertThat(err).doesNotContain("OutOfMemoryError").doesNotContain("Exception in thread");
                final List<JsonNode> lines = new ArrayList<>();
                for (final String line : Files.readAllLines(stdout)) {
                    lines.add(CliRun.JSON.readTree(line)); // strict: each line one JSON object
                }
                final long transitions = lines.stream()
                        .filter(n -> "alert".equals(n.get("type").asString()) && !n.get("repeat").asBoolean()).count();
                assertThat(transitions).as("the burst log's two alerts, fired and resolved").isEqualTo(4);
                final JsonNode last = lines.get(lines.size() - 1);
                assertThat(last.get("final").asBoolean()).as("the last of " + lines.size() + " lines is the final snapshot; "
                        + "stderr:\n" + err).isTrue();
                final JsonNode w = last.get("webhook");
                assertThat(w.get("sent").asLong() + w.get("failed").asLong() + w.get("pending").asLong())
                        .as("final snapshot's counters: " + w).isEqualTo(transitions);
                switch (mode) {
                    case ENDLESS_200 -> assertThat(w.get("sent").asLong()).isEqualTo(4);
                    case HUGE_400 -> {
                        assertThat(w.get("failed").asLong()).isEqualTo(4);
                        assertThat(err).contains("rejected, not retried, counted failed: HTTP 400: no.");
                    }
                    case CUT_503, HANG -> {
                        assertThat(w.get("sent").asLong()).isZero();
                        assertThat(err).contains("grace period over");
                    }
                    default -> throw new IllegalStateException();
                }
                assertThat(state.resolve("logmon.state")).as("state saved at the stop").exists();
                if (serve) {
                    assertThat(Files.readAllBytes(state.resolve("history").resolve("2026-01-01.lmh")))
                            .as("the history day file, header first").startsWith('L', 'M', 'H', '1');
                }
                System.out.printf("hostile webhook %s%s: %d requests, receiver pushed %d bytes, child peak RSS %d KiB "
                        + "(-Xmx128m), SIGTERM to exit %d ms (grace %d ms), final counters %s%n", mode, serve ? " (serve)" : "",
                        hook.requests.get(), hook.bytesWritten.get(), peakKb, stopMs, GRACE_MS, w);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** Counts the alert transitions (not repeats) in the child's JSON lines as they are printed, reading only what is new. */
    private static final class TransitionCounter {
        private final Path file;
        private final StringBuilder partial = new StringBuilder();
        private long offset;
        long count;

        TransitionCounter(final Path file) {
            this.file = file;
        }

        long update() {
            try (SeekableByteChannel ch = Files.newByteChannel(file)) {
                ch.position(offset);
                final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                for (int n; (n = ch.read(buf)) > 0; buf.clear()) {
                    offset += n;
                    partial.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                    for (int nl; (nl = partial.indexOf("\n")) >= 0; partial.delete(0, nl + 1)) {
                        final String line = partial.substring(0, nl);
                        if (line.contains("\"type\":\"alert\"") && line.contains("\"repeat\":false")) {
                            count++;
                        }
                    }
                }
            } catch (IOException e) {
                // not there yet: counted at the next poll
            }
            return count;
        }
    }

    private static void await(final Supplier<String> what, final long timeoutMs, final BooleanSupplier condition)
            throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** The child's peak resident set (VmHWM), or -1 where /proc is not there. */
    private static long peakRssKb(final long pid) {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
