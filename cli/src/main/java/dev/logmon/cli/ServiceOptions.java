package dev.logmon.cli;

import dev.logmon.sinks.http.ApiToken;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
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

    @Mixin
    StateOptions state = new StateOptions();

    /**
     * What the options resolved to ({@link #state} is concluded by the command, which knows {@code --once}).
     *
     * @param address   where to listen
     * @param token     the bearer token clients must send, or null
     * @param loopback  whether only this machine can connect
     */
    record Plan(InetSocketAddress address, ApiToken token, boolean loopback) {
    }

    /** Checks every option; one message per problem, null when there was one. */
    Plan conclude(final Map<String, String> env, final List<String> problems) {
        final int before = problems.size();
        final InetSocketAddress address = ListenAddress.parse(listen, problems);
        final ApiToken t = token.token(env, problems);
        if (problems.size() > before) {
            return null;
        }
        return new Plan(address, t, address.getAddress().isLoopbackAddress());
    }
}
