package dev.logmon.core.engine;

import dev.logmon.core.combine.AlertRuleSpec;
import dev.logmon.core.filter.LinePredicate;
import dev.logmon.core.filter.WhereCompiler;
import dev.logmon.core.filter.WhereException;
import dev.logmon.core.format.FormatException;
import dev.logmon.core.format.LineFormat;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.source.GlobSource;
import dev.logmon.core.source.SourceNames;
import dev.logmon.core.source.SourceProvider;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.TimeMode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every knob of the engine with its documented default, validated in one place.
 *
 * <p>Set fields (the command line does), then call {@link #conclude()}: it checks every range and
 * cross-field rule and returns one message per problem, so a user sees all mistakes at once.
 * Units are in the names ({@code everySeconds}, {@code maxLineBytes}).
 */
public final class Settings {
    /** Default alert threshold (hits/s), as in the original tool. */
    public static final double DEFAULT_THRESHOLD = 10;
    /** Default ring size (slots): each slot carries ~550 bytes of host and section, so 16,384 is ~9 MB. */
    public static final int DEFAULT_RING_SIZE = 1 << 14;
    /** Default keys per frame kept exactly. */
    public static final int DEFAULT_TOP_CAPACITY = 10_000;
    /** Default longest line. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** Default number of shard analyzers: one per core beyond the first, at least one. */
    public static final int DEFAULT_SHARDS = 1;

    /** The source name that reads standard input. */
    public static final String STDIN = "-";
    /** Default poll interval when following a file at its end. */
    public static final long DEFAULT_POLL_MILLIS = 100;
    /** Default time a rotated or deleted file must stay quiet before it is let go. */
    public static final long DEFAULT_ROTATE_WAIT_MILLIS = 1000;
    /** Default time a followed file may stay without growth before it is closed (reopened when it changes). */
    public static final long DEFAULT_CLOSE_INACTIVE_MILLIS = 300_000;

    /** Log files to read ({@code -} reads standard input). Duplicates are dropped by {@link #conclude()}. */
    public List<String> sources = new ArrayList<>();
    /**
     * Builders of the sources that are not files ({@code kafka:TOPIC}); a source name one of them
     * {@link SourceProvider#reads reads} is checked and built by it, not as a path.
     */
    public List<SourceProvider> providers = new ArrayList<>();
    /** Informational messages from {@link #conclude()} (for example a file named twice). */
    public final List<String> notes = new ArrayList<>();
    /** Built-in line format, used when {@link #logFormat} is null ({@code --format}). */
    public LogFormat format = LogFormat.AUTO;
    /** {@code --log-format}: a preset name or an nginx/Apache format string; null uses {@link #format}. */
    public String logFormat;
    /** {@code --json-fields} for the {@code json} format: {@code role=key[:unit],...}; null for the defaults. */
    public String jsonFields;
    /** Take the client from the first X-Forwarded-For address when the line has one ({@code --host-from xff}). */
    public boolean hostFromForwardedFor;
    /** Keep only lines logged at or after this epoch second ({@code --since}); null keeps all. */
    public Long sinceSecond;
    /** Keep only lines logged before this epoch second ({@code --until}); null keeps all. */
    public Long untilSecond;
    /**
     * {@code --where} expressions, all of which a line must match to be counted
     * ({@link WhereCompiler}); empty counts every parsed line.
     */
    public List<String> where = new ArrayList<>();
    private LineFormat lineFormat;
    /** Which second a line counts in; null means the mode's default (log with once, else arrival). */
    public TimeMode timeMode;
    /** Read every file to its end, print the final snapshot and exit. */
    public boolean once;
    /** Read files from their start rather than their end. */
    public boolean fromStart;
    /** Alert threshold in hits per second. */
    public double threshold = DEFAULT_THRESHOLD;
    /** Relative or absolute alert rule. */
    public AlertRuleKind alertRule = AlertRuleKind.RELATIVE;
    /** Named alert rules evaluated beside the default one ({@code --rule}, {@code --rules}). */
    public List<AlertRuleSpec> rules = List.of();
    /** While an alert is on, repeat its message this often (0: only on change). */
    public long alertRepeatSeconds = 10;
    /** Periodic snapshot interval (active-time seconds). */
    public long everySeconds = 10;
    /** Length of top lists in snapshots. */
    public int top = 10;
    /** Shard analyzers. */
    public int shards = DEFAULT_SHARDS;
    /** Ring slots (a power of two). */
    public int ringSize = DEFAULT_RING_SIZE;
    /** Distinct sections and hosts each shard frame keeps exactly. */
    public int topCapacity = DEFAULT_TOP_CAPACITY;
    /** Longest line in bytes; longer lines are counted as too long. */
    public int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    /** Consumer wait strategy; null means the mode's default ({@link #effectiveWaitStrategy()}). */
    public WaitStrategyName waitStrategy;
    /** Poll interval for following files at their end, milliseconds. */
    public long pollMillis = DEFAULT_POLL_MILLIS;
    /** Wake followers on file change notifications (inotify); false: poll only (--no-watch). */
    public boolean watchFiles = true;
    /** After a rotation or deletion, read the old file until it has been quiet this long. */
    public long rotateWaitMillis = DEFAULT_ROTATE_WAIT_MILLIS;
    /** Close a followed file after this long without growth (0: never); reopened when it changes. */
    public long closeInactiveMillis = DEFAULT_CLOSE_INACTIVE_MILLIS;

    /** The compiled line format ({@link #conclude()} builds it; the built-in one before). */
    public LineFormat lineFormat() {
        return lineFormat != null ? lineFormat : LineFormat.of(format);
    }

    /**
     * The wait strategy in force: the explicit one, else {@code sleeping} when one thread publishes
     * everything ({@link #singleProducer()}: a replay or log time with one source, where it costs
     * nothing per publish), else {@code blocking}. On a ring with several producers (following in
     * arrival time, or more than one source) the ring's cursor runs ahead of what is published
     * while a source parses a line into a slot it claimed, and {@code sleeping} spins on that gap:
     * a {@code --once} replay of two files took twice the analyzers' CPU with it.
     */
    public WaitStrategyName effectiveWaitStrategy() {
        if (waitStrategy != null) {
            return waitStrategy;
        }
        return singleProducer() ? WaitStrategyName.SLEEPING : WaitStrategyName.BLOCKING;
    }

    /**
     * True when one thread publishes every line and every tick (one source in log time: its thread
     * publishes the ticks too, through the watermark, and the final tick follows its join), so the
     * ring needs no multi-producer sequencer. Arrival time has a ticker thread of its own.
     */
    public boolean singleProducer() {
        return effectiveTimeMode() == TimeMode.LOG && sources.size() == 1;
    }

    /** The time mode in force: the explicit one, else log time with once, else arrival time. */
    public TimeMode effectiveTimeMode() {
        if (timeMode != null) {
            return timeMode;
        }
        return once ? TimeMode.LOG : TimeMode.ARRIVAL;
    }

    /**
     * The sources with every file named more than once (directly, through another relative path or
     * through a symbolic link) kept only at its first mention, so it is read once.
     */
    static List<String> withoutDuplicates(final List<String> names, final List<String> notes) {
        return withoutDuplicates(names, notes, List.of());
    }

    private static List<String> withoutDuplicates(final List<String> names, final List<String> notes,
                                                  final List<SourceProvider> providers) {
        final List<String> kept = new ArrayList<>();
        final java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (final String name : names) {
            if (providerOf(name, providers) != null) {
                if (kept.contains(name)) {
                    notes.add(TextSafety.oneLine(name) + " is named twice; reading it once");
                } else {
                    kept.add(name);
                }
                continue;
            }
            if (STDIN.equals(name)) {
                kept.add(name);
                continue;
            }
            final String key = identityOf(name);
            final String first = seen.putIfAbsent(key, name);
            if (first == null) {
                kept.add(name);
            } else {
                notes.add(TextSafety.oneLine(name) + " is the same file as " + TextSafety.oneLine(first)
                        + "; reading it once");
            }
        }
        return kept;
    }

    /**
     * Patterns ({@code /var/log/nginx/*.access.log}): with once, each replaced by the files that
     * match now (a problem when none does); when following, kept as they are (a {@link GlobSource}).
     * A pattern in a directory name is a problem either way.
     */
    private List<String> withPatternsExpanded(final List<String> names, final List<String> problems) {
        final List<String> out = new ArrayList<>();
        for (final String name : names) {
            if (providerOf(name, providers) != null) {
                out.add(name);
                continue;
            }
            if (!STDIN.equals(name) && GlobSource.patternInDirectory(name)) {
                problems.add("only the file name of a source may be a pattern: " + TextSafety.oneLine(name));
                continue;
            }
            if (STDIN.equals(name) || !GlobSource.isPattern(name)) {
                out.add(name);
                continue;
            }
            if (!once) {
                out.add(name);
                continue;
            }
            try {
                final List<Path> found = GlobSource.matches(name);
                if (found.isEmpty()) {
                    problems.add("no file matches " + TextSafety.oneLine(name) + " (--once needs at least one)");
                }
                found.forEach(f -> out.add(f.toString()));
            } catch (java.io.IOException | RuntimeException e) {
                problems.add("cannot list the files of " + TextSafety.oneLine(name) + ": "
                        + TextSafety.oneLine(String.valueOf(e.getMessage())));
            }
        }
        return out;
    }

    /** The provider that reads {@code name}, or null for a file or standard input. */
    public static SourceProvider providerOf(final String name, final List<SourceProvider> providers) {
        for (final SourceProvider p : providers) {
            if (p.reads(name)) {
                return p;
            }
        }
        return null;
    }

    private static String identityOf(final String name) {
        final Path p;
        try {
            p = Path.of(name).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return name;
        }
        try {
            return p.toRealPath().toString();
        } catch (java.io.IOException | SecurityException e) {
            return p.toString();
        }
    }

    private void concludeFormat(final List<String> problems) {
        lineFormat = null;
        if (logFormat != null) {
            try {
                lineFormat = LineFormat.parse(logFormat, jsonFields);
            } catch (FormatException e) {
                problems.add("--log-format cannot be compiled: " + e.getMessage());
                return;
            }
        } else if (jsonFields != null) {
            problems.add("--json-fields needs --log-format json");
        }
        final LineFormat f = lineFormat();
        if (jsonFields != null && lineFormat != null && !"json".equals(f.name())) {
            problems.add("--json-fields needs --log-format json");
        }
        if (hostFromForwardedFor && !f.hasForwardedFor()) {
            problems.add("--host-from xff needs a format with X-Forwarded-For ($http_x_forwarded_for or "
                    + "%{X-Forwarded-For}i): " + f.name());
        }
        if (!f.hasTime() && effectiveTimeMode() == TimeMode.LOG) {
            problems.add("the log format has no time field: use --time arrival, or add $time_local / %t");
        }
        if (!f.hasTime() && (sinceSecond != null || untilSecond != null)) {
            problems.add("--since and --until need a format with a time field");
        }
        if (sinceSecond != null && untilSecond != null && sinceSecond >= untilSecond) {
            problems.add("--since must be before --until");
        }
    }

    /** Validates everything; returns one message per problem (empty when all is well). */
    public List<String> conclude() {
        final List<String> problems = new ArrayList<>();
        if (sources.isEmpty()) {
            problems.add("no source: give at least one log file with -s FILE");
        }
        sources = withPatternsExpanded(sources, problems);
        sources = withoutDuplicates(sources, notes, providers);
        if (sources.stream().filter(STDIN::equals).count() > 1) {
            problems.add("-s - (standard input) can be given only once");
        }
        for (final String s : sources) {
            if (STDIN.equals(s)) {
                continue;
            }
            final SourceProvider provider = providerOf(s, providers);
            if (provider != null) {
                final String problem = provider.problem(s, once);
                if (problem != null) {
                    problems.add(problem);
                }
                continue;
            }
            if (!once && GlobSource.isPattern(s)) {
                continue; // followed as a pattern: files that match later are picked up
            }
            final Path p;
            try {
                p = SourceNames.resolve(s);
            } catch (InvalidPathException e) {
                problems.add("not a valid path: " + TextSafety.oneLine(s));
                continue;
            }
            final String badName = SourceNames.problem(s);
            if (badName != null) {
                problems.add(badName);
                continue;
            }
            if (once && !Files.exists(p)) {
                problems.add("cannot read " + TextSafety.oneLine(s) + ": no such file (--once needs every file to exist)");
            } else if (once && (Files.isDirectory(p) || !Files.isReadable(p))) {
                problems.add("cannot read " + TextSafety.oneLine(s) + ": "
                        + (Files.isDirectory(p) ? "is a directory" : "permission denied"));
            }
        }
        if (!Double.isFinite(threshold) || threshold < 0) {
            problems.add("--threshold must be a number of hits per second, 0 or more: " + threshold);
        }
        if (alertRepeatSeconds < 0) {
            problems.add("--alert-repeat must be 0 (only on change) or more seconds: " + alertRepeatSeconds);
        }
        if (everySeconds < 1 || everySeconds > 86_400) {
            problems.add("--every must be between 1 and 86400 seconds: " + everySeconds);
        }
        if (top < 1 || top > 1000) {
            problems.add("--top must be between 1 and 1000: " + top);
        }
        if (shards < 1 || shards > 64) {
            problems.add("--shards must be between 1 and 64: " + shards);
        }
        if (ringSize < 64 || ringSize > (1 << 24) || Integer.bitCount(ringSize) != 1) {
            problems.add("--ring-size must be a power of two between 64 and 16777216: " + ringSize);
        }
        if (topCapacity < 16 || topCapacity > 10_000_000) {
            problems.add("--top-capacity must be between 16 and 10000000: " + topCapacity);
        }
        if (maxLineBytes < 256 || maxLineBytes > (256 << 20)) {
            problems.add("--max-line must be between 256 and 268435456 bytes: " + maxLineBytes);
        }
        if (pollMillis < 1 || pollMillis > 60_000) {
            problems.add("--poll must be between 1 and 60000 ms: " + pollMillis);
        }
        if (rotateWaitMillis < 0 || rotateWaitMillis > 600_000) {
            problems.add("--rotate-wait must be between 0 and 600000 ms: " + rotateWaitMillis);
        }
        if (closeInactiveMillis < 0 || closeInactiveMillis > 86_400_000L) {
            problems.add("--close-inactive must be between 0 (never) and 24 hours: " + closeInactiveMillis + " ms");
        }
        concludeFormat(problems);
        concludeWhere(problems);
        return problems;
    }

    private void concludeWhere(final List<String> problems) {
        for (int i = 0; i < where.size(); i++) {
            try {
                WhereCompiler.compile(where.get(i), sources);
            } catch (WhereException e) {
                problems.add("--where" + (where.size() > 1 ? " (" + ordinal(i + 1) + ")" : "") + ": " + e.getMessage()
                        + ": " + TextSafety.oneLine(where.get(i)));
            }
        }
    }

    private static String ordinal(final int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th");
    }

    /**
     * A new compiled {@code --where} filter for one source's thread (a tree keeps scratch space),
     * or null when there is none. Call after {@link #conclude()} found no problem.
     */
    public LinePredicate newWhereFilter() {
        try {
            return WhereCompiler.compileAll(where, sources);
        } catch (WhereException e) {
            throw new IllegalStateException("--where was not checked by conclude(): " + e.getMessage(), e);
        }
    }
}
