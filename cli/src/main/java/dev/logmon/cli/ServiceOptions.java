package dev.logmon.cli;

import dev.logmon.sinks.http.ApiToken;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.logmon.core.TextSafety;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code serve} adds to the monitor's options: where the HTTP API listens, its token, and
 * where the state that lets a restart go on without loss is kept ({@code --state-dir}).
 */
final class ServiceOptions {

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = ListenAddress.DEFAULT,
            description = "Where the HTTP API listens (default: ${DEFAULT-VALUE}, this machine only). Another "
                    + "address, e.g. 0.0.0.0:9900, must be given explicitly and prints a warning; port 0 takes a free "
                    + "port, printed at start.")
    String listen;

    @Mixin
    TokenOptions token = new TokenOptions();

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

    /**
     * What the options resolved to.
     *
     * @param address   where to listen
     * @param token     the bearer token clients must send, or null
     * @param loopback  whether only this machine can connect
     * @param stateDir  where state is kept, or null for none
     * @param stateEveryMs how often state is saved while running
     */
    record Plan(InetSocketAddress address, ApiToken token, boolean loopback, Path stateDir, long stateEveryMs) {
    }

    /** Checks every option; one message per problem, null when there was one. */
    Plan conclude(final Map<String, String> env, final List<String> problems) {
        final int before = problems.size();
        final InetSocketAddress address = ListenAddress.parse(listen, problems);
        final ApiToken t = token.token(env, problems);
        final long everyMs = Durations.parseMillis(stateEvery);
        if (everyMs < 100 || everyMs > 3_600_000) {
            problems.add("--state-every must be a duration between 100ms and 1h, such as 1s or 30s: "
                    + TextSafety.oneLine(String.valueOf(stateEvery)));
        }
        Path dir = null;
        if (stateDir != null) {
            dir = Path.of(stateDir);
            try {
                Files.createDirectories(dir);
                if (!Files.isWritable(dir)) {
                    problems.add("--state-dir " + TextSafety.oneLine(stateDir) + ": the directory is not writable");
                }
            } catch (IOException | RuntimeException e) {
                problems.add("--state-dir " + TextSafety.oneLine(stateDir) + ": cannot create the directory ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Plan(address, t, address.getAddress().isLoopbackAddress(), dir, everyMs);
    }
}
