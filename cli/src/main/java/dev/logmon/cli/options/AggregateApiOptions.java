package dev.logmon.cli.options;

import dev.logmon.sinks.http.ApiToken;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/**
 * {@code aggregate --listen}: the same HTTP API as {@code serve} ({@code /snapshot /events /metrics
 * /health} and the browser dashboard) over the merged view; none without {@code --listen}.
 */
public final class AggregateApiOptions {

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT",
            description = "Serve the HTTP API and browser dashboard of the aggregate here, as serve does (e.g. "
                    + "127.0.0.1:9900; another address than loopback prints a warning). Default: no API.")
    String listen;

    @Mixin
    TokenOptions token = new TokenOptions();

    /** True when {@code --listen} was given. */
    public boolean given() {
        return listen != null;
    }

    /** The API's plan, or null without {@code --listen} or with a problem (added to {@code problems}). */
    public ServiceOptions.Plan conclude(final Map<String, String> env, final List<String> problems) {
        if (listen == null) {
            return null;
        }
        final int before = problems.size();
        final ListenAddress.Parsed parsed = ListenAddress.parse(listen, problems);
        final ApiToken t = token.token(env, problems);
        if (problems.size() > before) {
            return null;
        }
        return new ServiceOptions.Plan(parsed.address(), parsed.dualStack(), t,
                parsed.address().getAddress().isLoopbackAddress());
    }
}
