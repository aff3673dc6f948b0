package dev.logmon.core;

import java.util.Locale;
import java.util.Map;

/**
 * The format of the lines a run reads, chosen once from {@code --log-format}: a preset name or a
 * format string in the nginx or Apache dialect ({@link FormatCompiler}). Builds one parser per
 * source.
 *
 * <pre>
 *   auto, common, combined   the built-in {@link AccessLogParser} (also {@code --format})
 *   vcombined                %v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"
 *   nginx-timed              nginx combined plus $request_time
 *   apache-timed             Apache combined plus %D
 *   json                     one JSON object per line ({@link JsonFormat}, --json-fields)
 *   anything with $ or %     compiled as an nginx log_format or an Apache LogFormat
 * </pre>
 */
public final class LineFormat {
    /** The presets defined by a format string, by name. */
    public static final Map<String, String> PRESETS = Map.of(
            "vcombined", "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"",
            "nginx-timed", "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                    + "\"$http_referer\" \"$http_user_agent\" $request_time",
            "apache-timed", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D");

    private final String name;
    private final LogFormat builtIn;
    private final CompiledFormat compiled;
    private final JsonFormat json;

    private LineFormat(final String name, final LogFormat builtIn, final CompiledFormat compiled,
                       final JsonFormat json) {
        this.name = name;
        this.builtIn = builtIn;
        this.compiled = compiled;
        this.json = json;
    }

    /** One of the built-in layouts. */
    public static LineFormat of(final LogFormat format) {
        return new LineFormat(format.name().toLowerCase(Locale.ROOT), format, null, null);
    }

    /**
     * A preset name or a format string.
     *
     * @param spec       {@code --log-format}
     * @param jsonFields {@code --json-fields} (only for {@code json}; may be null)
     * @throws FormatException naming the token that cannot be compiled
     */
    public static LineFormat parse(final String spec, final String jsonFields) {
        if (spec == null) {
            return of(LogFormat.AUTO);
        }
        final String lower = spec.trim().toLowerCase(Locale.ROOT);
        final LogFormat builtIn = LogFormat.fromName(lower);
        if (builtIn != null) {
            return of(builtIn);
        }
        if (lower.equals("json")) {
            return new LineFormat("json", null, null, JsonFormat.parse(jsonFields));
        }
        final String preset = PRESETS.get(lower);
        if (preset != null) {
            return new LineFormat(lower, null, FormatCompiler.compile(preset), null);
        }
        if (spec.indexOf('$') < 0 && spec.indexOf('%') < 0) {
            throw new FormatException("not a preset (auto, common, combined, vcombined, nginx-timed, apache-timed, "
                    + "json) nor a format string with $variables or %directives", spec, 1);
        }
        return new LineFormat("custom", null, FormatCompiler.compile(spec), null);
    }

    /** A new parser (one per source: JSON parsers keep scratch state). */
    public LineParser newParser(final boolean hostFromForwardedFor) {
        if (builtIn != null) {
            return new AccessLogParser(builtIn);
        }
        if (json != null) {
            return new JsonLineParser(json, hostFromForwardedFor);
        }
        return new CompiledFormatParser(compiled, hostFromForwardedFor);
    }

    /** The preset name, or {@code custom}. */
    public String name() {
        return name;
    }

    /** The built-in layout, or null. */
    public LogFormat builtIn() {
        return builtIn;
    }

    /** The compiled format string, or null for the built-in layouts and JSON. */
    public CompiledFormat compiled() {
        return compiled;
    }

    /** True when lines may carry a request time (a JSON line may: its keys are looked for). */
    public boolean hasLatency() {
        return json != null || (compiled != null && compiled.hasLatency());
    }

    /** True when lines may carry X-Forwarded-For. */
    public boolean hasForwardedFor() {
        return json != null || (compiled != null && compiled.hasForwardedFor());
    }

    /** True when lines carry their own time (needed for log time and --since/--until). */
    public boolean hasTime() {
        return compiled == null || compiled.hasTime();
    }

    @Override
    public String toString() {
        return compiled != null ? name + " " + compiled : json != null ? json.toString() : name;
    }
}
