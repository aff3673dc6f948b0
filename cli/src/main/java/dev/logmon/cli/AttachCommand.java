package dev.logmon.cli;

import dev.logmon.cli.options.TokenOptions;
import dev.logmon.core.text.TextSafety;
import dev.logmon.sinks.attach.EventStreamClient;
import dev.logmon.sinks.attach.HttpEventConnector;
import dev.logmon.sinks.notify.Sleeper;
import dev.logmon.sinks.tui.TuiSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code logmon-cli attach URL}: the terminal dashboard of a running {@code serve}, fed from its
 * {@code /events}. When the service goes away the header says {@code reconnecting} and the
 * dashboard keeps the last snapshot until the service is back (backoff 0.5 s doubling to 10 s).
 */
@Command(name = "attach", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show the dashboard of a running 'logmon-cli serve', following its /events stream; "
                + "reconnects when the service restarts."},
        footer = {"", "Exit codes: 0 quit, 2 bad usage.",
                "Example: logmon-cli attach http://127.0.0.1:9900 --api-token-file ~/.config/logmon/token"})
public final class AttachCommand implements Callable<Integer> {
    private static final String NAME = "logmon-cli attach";

    private final PrintStream err;
    private final Map<String, String> env;

    @Parameters(index = "0", paramLabel = "URL", description = "The service, e.g. http://127.0.0.1:9900.")
    private String url;

    @Mixin
    private TokenOptions token = new TokenOptions();

    @Option(names = "--no-bell", description = "Do not ring the terminal bell when an alert goes on.")
    private boolean noBell;

    /**
     * @param err problems
     * @param env environment variables ({@code --api-token-env})
     */
    public AttachCommand(final PrintStream err, final Map<String, String> env) {
        this.err = err;
        this.env = Map.copyOf(env);
    }

    /** The service's base URI, or null after adding one message to {@code problems}. */
    static URI parseUrl(final String text, final List<String> problems) {
        final URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            problems.add("URL is not a URL: " + TextSafety.oneLine(text));
            return null;
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            problems.add("URL must start with http:// or https://: " + TextSafety.oneLine(text));
            return null;
        }
        if (uri.getHost() == null) {
            problems.add("URL needs a host, e.g. http://127.0.0.1:9900: " + TextSafety.oneLine(text));
            return null;
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("URL takes no user, query or fragment (the token goes in --api-token-file): "
                    + TextSafety.oneLine(uri.getScheme() + "://" + uri.getHost()));
            return null;
        }
        return uri;
    }

    @Override
    public Integer call() throws Exception {
        final List<String> problems = new ArrayList<>();
        final URI base = parseUrl(url, problems);
        final String secret = token.resolve(env, problems);
        final String missing = Terminals.problem();
        if (missing != null) {
            problems.add("attach draws the dashboard and needs a terminal (" + missing + "); "
                    + "curl URL/snapshot gives the JSON");
        }
        if (!problems.isEmpty()) {
            for (final String p : problems) {
                err.println(NAME + ": " + p);
            }
            err.println("Try '" + NAME + " --help' for the options.");
            return LogmonCommand.USAGE;
        }
        final String where = base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
        final TuiSink dashboard = TuiSink.open(!noBell, "via " + where);
        dashboard.connection("connecting to " + where);
        final EventStreamClient client = new EventStreamClient(new HttpEventConnector(base, secret), dashboard,
                dashboard::connection, 500, 10_000, Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
        final Thread feed = new Thread(client, "logmon-attach");
        feed.setDaemon(true);
        feed.start();
        try {
            while (!dashboard.awaitQuit(200)) {
                // the dashboard's UI thread reads the keys
            }
        } finally {
            client.stop();
            dashboard.close();
        }
        return 0;
    }
}
