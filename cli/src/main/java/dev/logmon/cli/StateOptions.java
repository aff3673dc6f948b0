package dev.logmon.cli;

import dev.logmon.core.Pipeline;
import dev.logmon.core.TextSafety;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Restart without loss, for {@code serve} and the monitor: {@code --state-dir} and
 * {@code --state-every}, checked once in {@link #conclude} and applied with {@link #apply}.
 */
final class StateOptions {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keep each followed file's position and the lifetime totals in DIR/logmon.state (created if "
                    + "needed), saved every --state-every and at stop; a restart with the same DIR resumes each file "
                    + "where it was counted up to and goes on with the lifetime totals. Exact after a clean stop "
                    + "(SIGTERM, SIGINT), at-least-once after a crash. Not with --once.")
    String stateDir;

    @Option(names = "--state-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often the state is saved while running, e.g. 1s, 5s, 1m (default: ${DEFAULT-VALUE}). "
                    + "After a crash the lines read since the last save are read again.")
    String stateEvery;

    private Path dir;
    private long everyMs;

    /**
     * Checks both options (creating the directory); one message per problem.
     *
     * @param once whether the run replays files with {@code --once}
     */
    void conclude(final boolean once, final List<String> problems) {
        everyMs = Durations.parseMillis(stateEvery);
        if (everyMs < 100 || everyMs > 3_600_000) {
            problems.add("--state-every must be a duration between 100ms and 1h, such as 1s or 30s: "
                    + TextSafety.oneLine(String.valueOf(stateEvery)));
        }
        if (stateDir == null) {
            return;
        }
        if (once) {
            problems.add("--state-dir is for following files; --once reads them whole and keeps no position");
            return;
        }
        try {
            dir = Files.createDirectories(Path.of(stateDir));
            if (!Files.isWritable(dir)) {
                problems.add("--state-dir " + TextSafety.oneLine(stateDir) + ": the directory is not writable");
            }
        } catch (IOException | RuntimeException e) {
            problems.add("--state-dir " + TextSafety.oneLine(stateDir) + ": cannot create the directory ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Loads and keeps the state with the pipeline when {@code --state-dir} was given (before it starts). */
    void apply(final Pipeline pipeline) {
        if (dir != null) {
            pipeline.enableState(dir, everyMs);
        }
    }
}
