package dev.logmon.cli.options;

import dev.logmon.core.text.TextSafety;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code --state-dir} and {@code --state-every}, for {@code serve} and the monitor, checked once in
 * {@link #conclude}. In the directory: {@code logmon.state}, each followed file's position and
 * the lifetime totals, for a restart without loss ({@link #positionsDir}); {@code serve} also keeps its
 * per-minute history there ({@code history/}).
 */
public final class StateOptions {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keep state in DIR (created if needed): each followed file's position and the lifetime totals "
                    + "in DIR/logmon.state, saved every --state-every and at stop, so a restart with the same DIR resumes "
                    + "each file where it was counted up to and goes on with the lifetime totals (exact after a clean "
                    + "stop, at-least-once after a crash; no positions with --once). serve also writes the per-minute history "
                    + "to DIR/history (read it back with 'logmon-cli history').")
    String stateDir;

    @Option(names = "--state-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often the positions and totals are saved while running, e.g. 1s, 5s, 1m "
                    + "(default: ${DEFAULT-VALUE}). After a crash the lines read since the last save are read again.")
    String stateEvery;

    private Path dir;
    private long everyMs;
    private boolean keepPositions;

    /** True when {@code --state-dir} was given (usable before {@link #conclude}). */
    public boolean given() {
        return stateDir != null;
    }

    /** The state directory after {@link #conclude}, or null when none was given (or it is unusable). */
    public Path dir() {
        return dir;
    }

    /**
     * Checks both options; one message per problem. Call it after the command's other checks: it
     * creates the directory only when {@code problems} is still empty.
     *
     * @param once    whether the run replays files with {@code --once}: they are read whole, so no
     *                position is kept (the directory still holds serve's history)
     * @param sources the {@code -s} arguments: a {@code .gz} is read whole at every start, so it
     *                cannot be followed with saved positions
     */
    public void conclude(final boolean once, final List<String> sources, final List<String> problems) {
        everyMs = Durations.parseMillis(stateEvery);
        if (everyMs < 100 || everyMs > 3_600_000) {
            problems.add("--state-every must be a duration between 100ms and 1h, such as 1s or 30s: "
                    + TextSafety.oneLine(String.valueOf(stateEvery)));
        }
        if (stateDir == null) {
            return;
        }
        keepPositions = !once;
        if (keepPositions) {
            for (final String source : sources) {
                if (source.toLowerCase(Locale.ROOT).endsWith(".gz")) {
                    problems.add("--state-dir keeps no position in a .gz file (it is read whole at every start, so a "
                            + "restart would count it again): replay it on its own with --once: "
                            + TextSafety.oneLine(source));
                }
            }
        }
        final Path p = Path.of(stateDir);
        if (Files.exists(p) && !Files.isDirectory(p)) {
            problems.add("--state-dir must be a directory: " + TextSafety.oneLine(stateDir));
            return;
        }
        if (!problems.isEmpty()) {
            return; // the command exits 2: leave nothing behind
        }
        try {
            dir = Files.createDirectories(p);
            if (!Files.isWritable(dir)) {
                problems.add("--state-dir " + TextSafety.oneLine(stateDir) + ": the directory is not writable");
            }
        } catch (IOException | RuntimeException e) {
            problems.add("--state-dir " + TextSafety.oneLine(stateDir) + ": cannot create the directory ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The directory where the run keeps positions and totals ({@link dev.logmon.core.engine.Pipeline#enableState}),
     * or null: none given, or the run replays with {@code --once} (after {@link #conclude}).
     */
    public Path positionsDir() {
        return dir != null && keepPositions ? dir : null;
    }

    /** Least time between two periodic saves (after {@link #conclude}). */
    public long everyMs() {
        return everyMs;
    }
}
