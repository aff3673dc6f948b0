package dev.logmon.cli;

import dev.logmon.cli.options.Durations;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.history.HistoryQuery;
import dev.logmon.core.history.HistoryReader;
import dev.logmon.core.history.MinuteRecord;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeBound;
import dev.logmon.sinks.json.JsonLinesSink;
import dev.logmon.sinks.tui.TuiSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code logmon-cli history}: the per-minute history a {@code serve --state-dir} wrote, printed
 * back as snapshots (one per {@code --every} bucket, see {@link HistoryQuery} for how the windows
 * map), as JSON lines streamed as the day files are read, or on the dashboard (the last bucket). Corrupt data in the store is reported on stderr and
 * skipped; the rest is still printed.
 */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Print the per-minute history kept by 'logmon-cli serve --state-dir DIR' as snapshots: one per "
                + "--every bucket, window 10s = the bucket's last minute, 2m = the bucket, lifetime = since the first "
                + "bucket; the last one has \"final\":true."},
        footer = {"", "Exit codes: 0 printed, 1 no history in the range (or no store), 2 bad usage.",
                "Example: logmon-cli history --state-dir /var/lib/logmon --since 6h --every 5m --sink json"})
public final class HistoryCommand implements Callable<Integer> {
    private static final String NAME = "logmon-cli history";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    @Option(names = "--state-dir", paramLabel = "DIR", required = true,
            description = "The --state-dir given to serve; the history is in DIR/history.")
    Path stateDir;

    @Option(names = "--since", paramLabel = "TIME",
            description = "From TIME: ISO-8601 (2026-01-01T10:00:00Z) or back from now (6h, 30m, 7d) (default: all).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to TIME, excluded (same forms; default: now).")
    String until;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "1m",
            description = "One snapshot per this much time, a whole number of minutes: 1m, 5m, 1h, 1d "
                    + "(default: ${DEFAULT-VALUE}).")
    String every;

    @Option(names = "--sink", paramLabel = "SINK", defaultValue = "json",
            description = "json: JSON lines on stdout; tui: the dashboard on the last bucket, the arrow keys "
                    + "step through the others, until q (default: ${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Length of the top sections and hosts lists (default: ${DEFAULT-VALUE}; at most "
                    + MinuteRecord.TOP + " per minute are stored).")
    int top;

    /**
     * @param out   where the JSON lines go
     * @param err   problems and notices
     * @param clock wall clock, for relative times
     */
    public HistoryCommand(final PrintStream out, final PrintStream err, final Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        final List<String> problems = new ArrayList<>();
        final long now = clock.second();
        final long from = bound("--since", since, now, Long.MIN_VALUE / 4, problems);
        final long to = bound("--until", until, now, now + 1, problems);
        if (since != null && until != null && from >= to && problems.isEmpty()) {
            problems.add("--since must be before --until");
        }
        final long everyMs = Durations.parseMillisOrDays(every);
        if (everyMs < 60_000 || everyMs % 60_000 != 0) {
            problems.add("--every must be a whole number of minutes, at least 1m (e.g. 5m, 1h): "
                    + TextSafety.oneLine(every));
        }
        if (!"json".equals(sink) && !"tui".equals(sink)) {
            problems.add("--sink must be json or tui: " + TextSafety.oneLine(sink));
        } else if ("tui".equals(sink)) {
            final String missing = Terminals.problem();
            if (missing != null) {
                problems.add("--sink tui needs a terminal (" + missing + "): use --sink json");
            }
        }
        if (top < 0 || top > MinuteRecord.TOP) {
            problems.add("--top must be between 0 and " + MinuteRecord.TOP + ": " + top);
        }
        if (!problems.isEmpty()) {
            for (final String p : problems) {
                err.println(NAME + ": " + p);
            }
            err.println("Try '" + NAME + " --help' for the options.");
            return LogmonCommand.USAGE;
        }
        final Path dir = stateDir.resolve("history");
        final HistoryReader reader = new HistoryReader(dir, p -> err.println(NAME + ": " + p));
        if (!reader.exists()) {
            err.println(NAME + ": no history store at " + TextSafety.oneLine(dir.toString())
                    + " ('logmon-cli serve --state-dir DIR' writes one)");
            return 1;
        }
        final long everySeconds = everyMs / 1_000;
        final long records;
        if ("tui".equals(sink)) {
            final BucketBrowser browser = new BucketBrowser();
            final HistoryQuery query = new HistoryQuery(everySeconds, top, Settings.DEFAULT_TOP_CAPACITY,
                    browser::add);
            records = reader.forEach(from, to, query::add);
            query.finish();
            browser.finish();
            if (records > 0 && browser.size() > 0) {
                return show(browser);
            }
        } else {
            final JsonLinesSink json = new JsonLinesSink(out, top);
            final HistoryQuery query = new HistoryQuery(everySeconds, top, Settings.DEFAULT_TOP_CAPACITY,
                    json::onSnapshot);
            records = reader.forEach(from, to, query::add);
            query.finish();
            json.close();
            out.flush();
        }
        if (records == 0) {
            err.println(NAME + ": no history " + range(from, to) + " in " + TextSafety.oneLine(dir.toString()));
            return 1;
        }
        return 0;
    }

    /**
     * The dashboard on the last bucket (its lifetime window covers the whole range), stepping
     * through the others with the arrow keys, until q.
     */
    private int show(final BucketBrowser browser) throws InterruptedException {
        final TuiSink dashboard = TuiSink.open(false, "history");
        try {
            dashboard.onSnapshot(browser.current());
            dashboard.banner(browser.banner());
            dashboard.onOtherKeys(key -> {
                if (browser.step(key)) {
                    dashboard.onSnapshot(browser.current());
                    dashboard.banner(browser.banner());
                }
            });
            while (!dashboard.awaitQuit(200)) {
                // the dashboard's UI thread reads the keys
            }
        } finally {
            dashboard.close();
        }
        return 0;
    }

    private static String range(final long from, final long to) {
        return (from <= Long.MIN_VALUE / 4 ? "" : "from " + Instant.ofEpochSecond(from) + " ") + "before "
                + Instant.ofEpochSecond(to);
    }

    private static long bound(final String option, final String value, final long now, final long otherwise,
                              final List<String> problems) {
        if (value == null) {
            return otherwise;
        }
        try {
            return TimeBound.parse(value, now);
        } catch (IllegalArgumentException e) {
            problems.add(option + " " + e.getMessage());
            return otherwise;
        }
    }
}
