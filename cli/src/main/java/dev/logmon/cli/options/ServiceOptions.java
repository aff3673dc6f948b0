package dev.logmon.cli.options;

import dev.logmon.core.text.TextSafety;
import dev.logmon.sinks.http.ApiToken;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What {@code serve} adds to the monitor's options: where the HTTP API listens, its token, and
 * what is kept in {@code --state-dir} ({@link StateOptions}: positions and lifetime totals for a
 * restart without loss; here also the per-minute history and its {@code --retain}).
 */
public final class ServiceOptions {

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = ListenAddress.DEFAULT,
            description = "Where the HTTP API listens (default: ${DEFAULT-VALUE}, this machine only). Another "
                    + "address, e.g. 0.0.0.0:9900, must be given explicitly and prints a warning. An IPv4 address "
                    + "listens on IPv4 only (0.0.0.0: every IPv4 address), an IPv6 one on IPv6 only ([::]: every IPv6 "
                    + "address), *:PORT on both; port 0 takes a free port, printed at start.")
    String listen;

    @Mixin
    TokenOptions token = new TokenOptions();

    @Mixin
    public StateOptions state = new StateOptions();

    @Option(names = "--retain", paramLabel = "DURATION",
            description = "With --state-dir: delete history days older than this, at start and hourly (default: 30d; "
                    + "e.g. 7d, 12h).")
    String retain;

    /** What {@code --retain} resolved to (after {@link #conclude}). */
    public long retainSeconds = DEFAULT_RETAIN_SECONDS;

    /** History is kept 30 days unless {@code --retain} says otherwise. */
    static final long DEFAULT_RETAIN_SECONDS = 30L * 86_400;

    /**
     * What the options resolved to ({@link #state} is concluded by the command, which knows {@code --once}).
     *
     * @param address   where to listen
     * @param dualStack whether the IPv6 wildcard takes IPv4 clients too ({@code *:PORT})
     * @param token     the bearer token clients must send, or null
     * @param loopback  whether only this machine can connect
     */
    public record Plan(InetSocketAddress address, boolean dualStack, ApiToken token, boolean loopback) {
    }

    /** Checks every option; one message per problem, null when there was one. */
    public Plan conclude(final Map<String, String> env, final List<String> problems) {
        final int before = problems.size();
        final ListenAddress.Parsed parsed = ListenAddress.parse(listen, problems);
        final ApiToken t = token.token(env, problems);
        concludeHistory(problems);
        if (problems.size() > before) {
            return null;
        }
        return new Plan(parsed.address(), parsed.dualStack(), t, parsed.address().getAddress().isLoopbackAddress());
    }

    private void concludeHistory(final List<String> problems) {
        if (retain == null) {
            return;
        }
        final long ms = Durations.parseMillisOrDays(retain);
        if (ms < 60_000) {
            problems.add("--retain must be a duration of at least 1m, e.g. 30d, 12h: " + TextSafety.oneLine(retain));
        } else if (!state.given()) {
            problems.add("--retain needs --state-dir (the history it trims lives there)");
        } else {
            retainSeconds = ms / 1_000;
        }
    }
}
