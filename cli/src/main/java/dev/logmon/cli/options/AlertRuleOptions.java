package dev.logmon.cli.options;

import dev.logmon.core.combine.AlertRule;
import dev.logmon.core.analyze.SourceCounters;
import dev.logmon.core.combine.AlertRuleSpec;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.text.TextSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Named alert rules from {@code --rule 'name=5xx kind=error-ratio ratio=0.05 ...'} options and a
 * {@code --rules FILE} of YAML, checked all at once: every problem is one message (the caller exits
 * 2 with the list). Both ways take the same fields (see README "Alert rules"); in YAML {@code _}
 * may stand for {@code -} in a field's name ({@code keep_firing_for}).
 *
 * <pre>
 *   field            kinds                      default   meaning
 *   name             all                        required  unique, letters digits . _ -
 *   kind             all                        required  traffic, error-ratio, latency, silence, client-flood
 *   window           all                        2m        1s .. 2m
 *   for              all                        0         hold this long before firing
 *   keep-firing-for  all                        0         once firing, resolve after false this long
 *   min-hits         traffic error-ratio        0 / 10    fewest hits (timed requests for latency) in the window
 *                    latency client-flood
 *   threshold, mode  traffic                    -, absolute   hits/s; relative adds the lifetime rate
 *   ratio, status    error-ratio                -, 5xx    share in 0..1 of statuses in the classes (4xx,5xx)
 *   percentile, limit latency                   99, -     limit in ms (500, 500ms, 1.5s)
 *   below            silence                    -         fires with fewer hits than this in the window
 *   share, rate      client-flood               one of    busiest host's share of hits (0..1) or hits/s
 *   source           traffic (absolute),        all       one -s value as given: the rule counts that
 *                    error-ratio (4xx, 5xx),              source's hits only (the per-source rows)
 *                    silence
 * </pre>
 */
public final class AlertRuleOptions {
    /** Default {@code min-hits} of the kinds that measure a share or a percentile. */
    static final long DEFAULT_MIN_HITS = 10;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> COMMON = Set.of("name", "kind", "window", "for", "keep-firing-for");
    private static final Map<String, Set<String>> KIND_FIELDS = Map.of(
            "traffic", Set.of("threshold", "mode", "min-hits", "source"),
            "error-ratio", Set.of("ratio", "status", "min-hits", "source"),
            "latency", Set.of("percentile", "limit", "min-hits"),
            "silence", Set.of("below", "source"),
            "client-flood", Set.of("share", "rate", "min-hits"));

    private AlertRuleOptions() {
    }

    /**
     * The rules of the options and the file, in that order; a message in {@code problems} for each
     * problem found (the rules returned are then not to be used).
     *
     * @param options   the {@code --rule} values
     * @param rulesFile the {@code --rules} file, or null
     */
    public static List<AlertRuleSpec> parse(final List<String> options, final String rulesFile,
                                            final List<String> problems) {
        return parse(options, rulesFile, List.of(), problems);
    }

    /**
     * As {@link #parse(List, String, List)}, with the run's {@code -s} values, which a rule's
     * {@code source} must name; null for {@code aggregate}, which has no sources of its own (a
     * {@code source} is refused, saying so).
     */
    public static List<AlertRuleSpec> parse(final List<String> options, final String rulesFile,
                                            final List<String> sources, final List<String> problems) {
        final List<AlertRuleSpec> rules = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            final String where = "--rule " + (i + 1);
            final Map<String, String> fields = fieldsOf(where, options.get(i), problems);
            if (fields != null) {
                add(rules, spec(where, fields, sources, problems));
            }
        }
        if (rulesFile != null) {
            readFile(rulesFile, rules, sources, problems);
        }
        final Set<String> names = new HashSet<>();
        for (final AlertRuleSpec r : rules) {
            if (!names.add(r.name())) {
                problems.add("alert rule name " + r.name() + " is given twice: names must be unique");
            }
        }
        return rules;
    }

    private static void add(final List<AlertRuleSpec> rules, final AlertRuleSpec spec) {
        if (spec != null) {
            rules.add(spec);
        }
    }

    /** {@code key=value} words; null (with a problem) when one is not. */
    private static Map<String, String> fieldsOf(final String where, final String text, final List<String> problems) {
        final Map<String, String> fields = new LinkedHashMap<>();
        boolean ok = true;
        for (final String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            final int eq = word.indexOf('=');
            if (eq <= 0) {
                problems.add(where + ": expected key=value, got " + TextSafety.oneLine(word));
                ok = false;
                continue;
            }
            if (fields.put(word.substring(0, eq).toLowerCase(Locale.ROOT), word.substring(eq + 1)) != null) {
                problems.add(where + ": " + TextSafety.oneLine(word.substring(0, eq)) + " is given twice");
                ok = false;
            }
        }
        return ok ? fields : null;
    }

    private static void readFile(final String file, final List<AlertRuleSpec> rules, final List<String> sources,
                                 final List<String> problems) {
        final JsonNode root;
        try {
            final Path path = Path.of(file);
            // a key written twice in one rule is an error, not the last one silently winning
            root = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build()
                    .readTree(Files.readString(path));
        } catch (InvalidPathException | IOException e) {
            problems.add("--rules " + TextSafety.oneLine(file) + ": cannot read: " + TextSafety.oneLine(String.valueOf(
                    e.getMessage())));
            return;
        } catch (JacksonException e) {
            problems.add("--rules " + TextSafety.oneLine(file) + ": not valid YAML: "
                    + TextSafety.oneLine(e.getOriginalMessage()) + location(e));
            return;
        }
        final JsonNode list = root != null && root.isObject() ? root.get("rules") : root;
        if (list == null || !list.isArray()) {
            problems.add("--rules " + TextSafety.oneLine(file) + ": expected a list of rules under 'rules:'");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            final String where = "--rules " + TextSafety.oneLine(file) + " rule " + (i + 1);
            final JsonNode item = list.get(i);
            if (!item.isObject()) {
                problems.add(where + ": expected a mapping of fields (name: ..., kind: ...)");
                continue;
            }
            final Map<String, String> fields = new LinkedHashMap<>();
            boolean ok = true;
            for (final Map.Entry<String, JsonNode> e : item.properties()) {
                final String key = e.getKey().toLowerCase(Locale.ROOT).replace('_', '-');
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    problems.add(where + ": " + TextSafety.oneLine(e.getKey()) + " must be a single value");
                    ok = false;
                } else if (fields.put(key, e.getValue().asString()) != null) {
                    // keep_firing_for beside keep-firing-for, or a key written twice: not silently the last
                    problems.add(where + ": " + TextSafety.oneLine(key) + " is given twice");
                    ok = false;
                }
            }
            if (ok) {
                add(rules, spec(where, fields, sources, problems));
            }
        }
    }

    private static String location(final JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** One rule from its fields; null when a problem was found (each added to {@code problems}). */
    static AlertRuleSpec spec(final String where, final Map<String, String> fields, final List<String> problems) {
        return spec(where, fields, List.of(), problems);
    }

    static AlertRuleSpec spec(final String where, final Map<String, String> fields, final List<String> sources,
                              final List<String> problems) {
        final int before = problems.size();
        final String name = fields.get("name");
        final String at = name != null && NAME.matcher(name).matches() ? where + " (" + name + ")" : where;
        if (name == null) {
            problems.add(at + ": name is missing");
        } else if (!NAME.matcher(name).matches()) {
            problems.add(at + ": name must be 1 to 64 letters, digits, '.', '_' or '-': " + TextSafety.oneLine(name));
        }
        final String kindName = fields.get("kind");
        final Set<String> allowed = kindName == null ? null : KIND_FIELDS.get(kindName);
        if (kindName == null) {
            problems.add(at + ": kind is missing (traffic, error-ratio, latency, silence or client-flood)");
            return null;
        }
        if (allowed == null) {
            problems.add(at + ": unknown kind " + TextSafety.oneLine(kindName)
                    + " (traffic, error-ratio, latency, silence or client-flood)");
            return null;
        }
        for (final String key : fields.keySet()) {
            if (!COMMON.contains(key) && !allowed.contains(key)) {
                problems.add(at + ": unknown field " + TextSafety.oneLine(key) + " for kind " + kindName
                        + " (it takes " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        final Fields f = new Fields(at, fields, problems);
        final long windowSeconds = f.seconds("window", AlertRule.WINDOW_SECONDS);
        if (windowSeconds < 1 || windowSeconds > AlertRule.WINDOW_SECONDS) {
            problems.add(at + ": window must be 1s to 2m (the combiner keeps 2 minutes of seconds): "
                    + fields.get("window"));
        }
        final long forSeconds = f.seconds("for", 0);
        final long keepSeconds = f.seconds("keep-firing-for", 0);
        AlertRuleKind kind = null;
        double limit = 0;
        int mask = 0;
        double percentile = 0;
        double rate = 0;
        long minHits = f.count("min-hits", "traffic".equals(kindName) ? 0 : DEFAULT_MIN_HITS);
        switch (kindName) {
            case "traffic" -> {
                final String mode = fields.getOrDefault("mode", "absolute");
                kind = "relative".equals(mode) ? AlertRuleKind.RELATIVE
                        : "absolute".equals(mode) ? AlertRuleKind.ABSOLUTE : null;
                if (kind == null) {
                    problems.add(at + ": mode must be relative or absolute: " + TextSafety.oneLine(mode));
                }
                limit = f.number("threshold", Double.NaN, 0, Double.MAX_VALUE, "hits/s, 0 or more");
            }
            case "error-ratio" -> {
                kind = AlertRuleKind.ERROR_RATIO;
                limit = f.number("ratio", Double.NaN, 0, 1, "a share from 0 to 1");
                mask = statusMask(at, fields.getOrDefault("status", "5xx"), problems);
            }
            case "latency" -> {
                kind = AlertRuleKind.LATENCY;
                percentile = f.number("percentile", 99, 0, 100, "from 0 to 100");
                limit = f.millis("limit");
            }
            case "silence" -> {
                kind = AlertRuleKind.SILENCE;
                limit = f.count("below", -1);
                if (limit == 0) {
                    problems.add(at + ": below must be 1 or more (fewer than 0 hits never happens)");
                }
                minHits = 0;
            }
            case "client-flood" -> {
                kind = AlertRuleKind.CLIENT_FLOOD;
                limit = f.number("share", 0, 0, 1, "a share from 0 to 1");
                rate = f.number("rate", 0, 0, Double.MAX_VALUE, "hits/s, 0 or more");
                if (!fields.containsKey("share") && !fields.containsKey("rate")) {
                    problems.add(at + ": client-flood needs share (of hits) or rate (hits/s), or both");
                } else if (limit == 0 && rate == 0) {
                    // 0 turns a limit off: with both off the rule could never fire
                    problems.add(at + ": client-flood needs share or rate above 0 (0 turns that limit off)");
                }
            }
            default -> throw new IllegalStateException(kindName);
        }
        final int source = source(at, fields.get("source"), kind, mask, sources, problems);
        if (problems.size() > before) {
            return null;
        }
        return new AlertRuleSpec(name, kind, (int) windowSeconds, forSeconds, keepSeconds, minHits, limit, mask,
                percentile, rate, source);
    }

    /** {@code 5xx}, {@code 4xx,5xx}: bit {@code c-1} per class {@code c}xx. */
    /**
     * The rules with each scoped rule's source index moved from the {@code -s} values as given to
     * the run's sources ({@code run}: after {@code --once} expanded patterns into their files and
     * duplicates were dropped), which is the index a line's {@code sourceId} carries. A scope whose
     * name is no longer a source of its own (a pattern expanded, a duplicate dropped) is a problem.
     */
    public static List<AlertRuleSpec> rescoped(final List<AlertRuleSpec> rules, final List<String> given,
                                               final List<String> run, final List<String> problems) {
        final List<AlertRuleSpec> out = new ArrayList<>(rules.size());
        for (final AlertRuleSpec r : rules) {
            if (r.source() == AlertRuleSpec.ALL_SOURCES || r.source() >= given.size()) {
                out.add(r);
                continue;
            }
            final String name = given.get(r.source());
            final int index = run.indexOf(name);
            if (index < 0) {
                problems.add("alert rule " + r.name() + ": source " + TextSafety.oneLine(name)
                        + " is not one source of the run (a pattern --once expands into its files, or a duplicate"
                        + " of another -s): name one of " + TextSafety.oneLine(String.join(", ", run)));
            } else if (index >= SourceCounters.CAPACITY) {
                problems.add("alert rule " + r.name() + ": source " + TextSafety.oneLine(name) + " is source number "
                        + (index + 1) + " of the run: only the first " + SourceCounters.CAPACITY
                        + " sources are counted apart");
            }
            out.add(index < 0 || index == r.source() ? r : new AlertRuleSpec(r.name(), r.kind(), r.windowSeconds(),
                    r.forSeconds(), r.keepFiringForSeconds(), r.minHits(), r.limit(), r.statusMask(), r.percentile(),
                    r.rate(), index));
        }
        return List.copyOf(out);
    }

    /**
     * The index of the {@code -s} value a rule's {@code source} names, or
     * {@link AlertRuleSpec#ALL_SOURCES}. A scoped rule reads the per-source rows, which keep hits,
     * 4xx and 5xx of the first {@value SourceCounters#CAPACITY} sources: so absolute traffic,
     * error-ratio on 4xx/5xx and silence only.
     */
    private static int source(final String at, final String name, final AlertRuleKind kind, final int mask,
                              final List<String> sources, final List<String> problems) {
        if (name == null) {
            return AlertRuleSpec.ALL_SOURCES;
        }
        final int index = sources == null ? -1 : sources.indexOf(name);
        if (sources == null) {
            problems.add(at + ": source= is for a local run's -s values; the aggregate's rules count all instances "
                    + "together (put a rule on one file on the instance that reads it)");
        } else if (index < 0) {
            problems.add(at + ": source " + TextSafety.oneLine(name) + " is not one of the -s values ("
                    + TextSafety.oneLine(String.join(", ", sources)) + ")");
        } else if (index >= SourceCounters.CAPACITY) {
            problems.add(at + ": source " + TextSafety.oneLine(name) + " is -s number " + (index + 1)
                    + ": only the first " + SourceCounters.CAPACITY + " sources are counted apart");
        }
        if (kind == AlertRuleKind.RELATIVE) {
            problems.add(at + ": source takes mode absolute (a source's own lifetime rate is not kept)");
        }
        if ((mask & ~((1 << 3) | (1 << 4))) != 0) {
            problems.add(at + ": with source, status may only be 4xx and 5xx (a source keeps no other classes)");
        }
        return index < 0 ? AlertRuleSpec.ALL_SOURCES : index;
    }

    private static int statusMask(final String at, final String text, final List<String> problems) {
        int mask = 0;
        for (final String part : text.split(",")) {
            final String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.length() == 3 && p.endsWith("xx") && p.charAt(0) >= '1' && p.charAt(0) <= '5') {
                mask |= 1 << (p.charAt(0) - '1');
            } else {
                problems.add(at + ": status must be status classes such as 5xx or 4xx,5xx: " + TextSafety.oneLine(text));
                return 0;
            }
        }
        return mask;
    }

    /** Reads typed fields, adding a problem for each bad or missing one. */
    private record Fields(String at, Map<String, String> fields, List<String> problems) {
        /** Seconds of a duration field (10s, 2m; a bare number is seconds); -1 when bad. */
        long seconds(final String key, final long otherwise) {
            final String v = fields.get(key);
            if (v == null) {
                return otherwise;
            }
            final long ms = Durations.parseMillis(v);
            if (ms < 0 || ms % 1000 != 0) {
                problems.add(at + ": " + key + " must be whole seconds such as 30s, 5m or 1h: " + TextSafety.oneLine(v));
                return -1;
            }
            return ms / 1000;
        }

        /** A whole count of 0 or more; {@code otherwise} when absent (-1: required). */
        long count(final String key, final long otherwise) {
            final String v = fields.get(key);
            if (v == null) {
                if (otherwise < 0) {
                    problems.add(at + ": " + key + " is missing");
                }
                return otherwise;
            }
            try {
                final long n = Long.parseLong(v.strip());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(at + ": " + key + " must be a whole number, 0 or more: " + TextSafety.oneLine(v));
            return -1;
        }

        /** A number in [lo, hi]; {@code otherwise} when absent (NaN: required). */
        double number(final String key, final double otherwise, final double lo, final double hi, final String what) {
            final String v = fields.get(key);
            if (v == null) {
                if (Double.isNaN(otherwise)) {
                    problems.add(at + ": " + key + " is missing (" + what + ")");
                }
                return otherwise;
            }
            try {
                final double d = Double.parseDouble(v.strip());
                if (d >= lo && d <= hi) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(at + ": " + key + " must be a number, " + what + ": " + TextSafety.oneLine(v));
            return Double.NaN;
        }

        /** Milliseconds: {@code 500}, {@code 500ms}, {@code 1.5s}; required. */
        double millis(final String key) {
            final String v = fields.get(key);
            if (v == null) {
                problems.add(at + ": " + key + " is missing (milliseconds: 500, 500ms or 1.5s)");
                return Double.NaN;
            }
            final String t = v.strip().toLowerCase(Locale.ROOT);
            final double scale = t.endsWith("ms") ? 1 : t.endsWith("s") ? 1000 : 1;
            final String digits = t.endsWith("ms") ? t.substring(0, t.length() - 2)
                    : t.endsWith("s") ? t.substring(0, t.length() - 1) : t;
            try {
                final double d = Double.parseDouble(digits) * scale;
                if (d >= 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(at + ": " + key + " must be milliseconds such as 500, 500ms or 1.5s: " + TextSafety.oneLine(v));
            return Double.NaN;
        }
    }
}
