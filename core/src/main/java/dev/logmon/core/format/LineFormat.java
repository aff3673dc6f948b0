package dev.logmon.core.format;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The format of the lines a run reads, chosen once from {@code --log-format}: a preset name, a
 * format string in the nginx or Apache dialect ({@link FormatCompiler}), or {@code auto}. Builds
 * one parser per source.
 *
 * <pre>
 *   auto                     detected per source among the presets ({@link DetectingLineParser})
 *   common, combined         the built-in {@link AccessLogParser} (also {@code --format})
 *   vcombined, vcommon, awselb, awsalb, squid, awss3, cloudstorage, traefikclf, haproxy,
 *   nginx-timed, apache-timed                 format strings ({@link #PRESETS}), compiled
 *   w3c, cloudfront          W3C extended logs, read by their #Fields: header ({@link W3cLineParser})
 *   json, caddy              one JSON object per line ({@link JsonFormat}, --json-fields)
 *   syslog:FORMAT            FORMAT after a syslog header ({@link SyslogLineParser})
 *   anything with $ or %     compiled as an nginx log_format or an Apache LogFormat
 * </pre>
 */
public final class LineFormat {
    /** The presets defined by a format string, by name. */
    public static final Map<String, String> PRESETS;
    /** The presets auto-detection tries, the more specific first (a tie goes to the earlier). */
    public static final List<String> DETECTED = List.of("w3c", "cloudfront", "cloudstorage", "awsalb", "awselb",
            "squid", "awss3", "haproxy", "caddy", "traefikclf", "vcombined", "vcommon", "combined");
    /** Every name {@code --log-format} takes. */
    public static final List<String> NAMES;

    static {
        final Map<String, String> p = new LinkedHashMap<>();
        p.put("vcombined", "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"");
        p.put("vcommon", "%v:%p %h %l %u %t \"%r\" %>s %b");
        p.put("nginx-timed", "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                + "\"$http_referer\" \"$http_user_agent\" $request_time");
        p.put("apache-timed", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D");
        // AWS Classic Load Balancer: the backend's processing time is the request time
        p.put("awselb", "$time_iso8601 $elb $remote_addr:$remote_port $backend $request_processing_time "
                + "$request_time $response_processing_time $status $backend_status $received_bytes "
                + "$body_bytes_sent \"$request\" \"$http_user_agent\"");
        // AWS Application Load Balancer: the target's processing time is the request time
        p.put("awsalb", "$type $time_iso8601 $elb $remote_addr:$remote_port $target $request_processing_time "
                + "$request_time $response_processing_time $status $target_status $received_bytes "
                + "$body_bytes_sent \"$request\" \"$http_user_agent\"");
        // Squid native: time.ms elapsed-ms client code/status bytes method URL
        p.put("squid", "%{sec}t %{ms}T %h %{code}i/%>s %B %m %U");
        // Amazon S3 server access log: total time in ms
        p.put("awss3", "%{owner}i %v %t %h %u %{request_id}i %{operation}i %{key}i \"%r\" %>s %{error}i %B "
                + "%{object_size}i %{ms}T %{turnaround}i \"%{Referer}i\" \"%{User-Agent}i\"");
        // Google Cloud Storage usage logs (CSV, every value quoted)
        p.put("cloudstorage", "\"%{usec}t\",\"%h\",\"%{c_ip_type}i\",\"%{c_ip_region}i\",\"%m\",\"%U\",\"%>s\","
                + "\"%{cs_bytes}i\",\"%B\",\"%{us}T\",\"%{cs_host}i\",\"%{Referer}i\",\"%{User-Agent}i\"");
        // Traefik's common log format: combined plus request count, router, server URL, duration in ms
        p.put("traefikclf", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %{requests}i "
                + "\"%{router}i\" \"%{server}i\" %{ms}Tms");
        // HAProxy's "option httplog" (after its syslog header); its accept date has no zone: UTC
        p.put("haproxy", "%h:%{client_port}i [%{%d/%b/%Y:%H:%M:%S}t.%{msec_frac}t] %{frontend}i "
                + "%{backend}i/%{server}i %{TR}i/%{Tw}i/%{Tc}i/%{Tr}i/%{ms}T %>s %B %{req_cookie}i %{res_cookie}i "
                + "%{termination}i %{actconn}i/%{feconn}i/%{beconn}i/%{srv_conn}i/%{retries}i "
                + "%{srv_queue}i/%{backend_queue}i %{captures}i\"%r\"");
        PRESETS = java.util.Collections.unmodifiableMap(p);
        final List<String> names = new ArrayList<>(List.of("auto", "common", "combined"));
        names.addAll(p.keySet());
        names.addAll(List.of("w3c", "cloudfront", "json", "caddy"));
        NAMES = List.copyOf(names);
    }

    private final String name;
    private final LogFormat builtIn;
    private final CompiledFormat compiled;
    private final JsonFormat json;
    private final String w3cFields;
    private final boolean syslog;
    private final String commentPrefix;

    private LineFormat(final String name, final LogFormat builtIn, final CompiledFormat compiled,
                       final JsonFormat json, final String w3cFields, final boolean syslog, final String commentPrefix) {
        this.name = name;
        this.builtIn = builtIn;
        this.compiled = compiled;
        this.json = json;
        this.w3cFields = w3cFields;
        this.syslog = syslog;
        this.commentPrefix = commentPrefix;
    }

    /** One of the built-in layouts ({@code auto} detects the format). */
    public static LineFormat of(final LogFormat format) {
        return new LineFormat(format.name().toLowerCase(Locale.ROOT), format, null, null, null, false, null);
    }

    /**
     * A preset name, {@code syslog:} and a format, or a format string.
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
        if (lower.startsWith("syslog:")) {
            final LineFormat inner = parse(spec.trim().substring("syslog:".length()), jsonFields);
            if (inner.isAuto()) {
                throw new FormatException("auto already reads syslog headers", spec, 1);
            }
            return new LineFormat("syslog:" + inner.name, inner.builtIn, inner.compiled, inner.json, inner.w3cFields,
                    true, inner.commentPrefix);
        }
        final LogFormat builtIn = LogFormat.fromName(lower);
        if (builtIn != null) {
            return of(builtIn);
        }
        if (lower.equals("json") || lower.equals("caddy")) {
            return new LineFormat(lower, null, null, JsonFormat.parse(jsonFields), null, false, null);
        }
        if (lower.equals("w3c")) {
            return new LineFormat(lower, null, null, null, W3cLineParser.IIS_FIELDS, false, null);
        }
        if (lower.equals("cloudfront")) {
            return new LineFormat(lower, null, null, null, W3cLineParser.CLOUDFRONT_FIELDS, false, null);
        }
        final String preset = PRESETS.get(lower);
        if (preset != null) {
            return new LineFormat(lower, null, FormatCompiler.compile(preset), null, null, lower.equals("haproxy"),
                    lower.equals("cloudstorage") ? "\"time_micros\"" : null);
        }
        if (spec.indexOf('$') < 0 && spec.indexOf('%') < 0) {
            throw new FormatException("not a preset (" + String.join(", ", NAMES) + ", syslog:FORMAT) nor a format "
                    + "string with $variables or %directives", spec, 1);
        }
        return new LineFormat("custom", null, FormatCompiler.compile(spec), null, null, false, null);
    }

    /** True for {@code auto}: the format is detected per source. */
    public boolean isAuto() {
        return builtIn == LogFormat.AUTO;
    }

    /** A new parser (one per source: parsers keep scratch state), with no notices. */
    public LineParser newParser(final boolean hostFromForwardedFor) {
        return newParser(hostFromForwardedFor, "-", null);
    }

    /**
     * A new parser for one source.
     *
     * @param hostFromForwardedFor take the client from X-Forwarded-For when the line has one
     * @param source               the source's name, for notices
     * @param notices              where the detected format and a mostly-malformed start are said (null: nowhere)
     */
    public LineParser newParser(final boolean hostFromForwardedFor, final String source, final PrintStream notices) {
        if (isAuto()) {
            final DetectingLineParser detecting = detecting(hostFromForwardedFor, source, notices);
            return notices == null ? detecting : new MalformedNoticeParser(detecting, source, notices,
                    () -> detecting.chosen() == null ? "auto" : detecting.chosen());
        }
        final LineParser p = plainParser(hostFromForwardedFor);
        return notices == null ? p : new MalformedNoticeParser(p, source, notices, () -> name);
    }

    private LineParser plainParser(final boolean hostFromForwardedFor) {
        LineParser p;
        if (builtIn != null) {
            p = new AccessLogParser(builtIn);
        } else if (json != null) {
            p = new JsonLineParser(json, hostFromForwardedFor);
        } else if (w3cFields != null) {
            p = new W3cLineParser(w3cFields, hostFromForwardedFor);
        } else {
            p = new CompiledFormatParser(compiled, hostFromForwardedFor);
        }
        if (commentPrefix != null) {
            p = new CommentLineParser(p, commentPrefix);
        }
        return syslog ? new SyslogLineParser(p) : p;
    }

    private static DetectingLineParser detecting(final boolean hostFromForwardedFor, final String source,
                                                 final PrintStream notices) {
        final Detection d = Detection.PRESETS;
        return new DetectingLineParser(d.names, () -> d.newCandidates(hostFromForwardedFor), d.fallback,
                source, notices);
    }

    /**
     * The presets auto-detection tries, compiled once for every source (a format is immutable; only
     * the parsers made from it hold a source's state, and they are made when its first line comes).
     */
    private static final class Detection {
        static final Detection PRESETS = new Detection();

        final String[] names;
        final LineFormat[] formats;
        final int fallback;

        private Detection() {
            final int n = DETECTED.size();
            names = new String[n];
            formats = new LineFormat[n];
            int auto = -1;
            for (int i = 0; i < n; i++) {
                names[i] = DETECTED.get(i);
                formats[i] = names[i].equals("combined") ? of(LogFormat.AUTO) : parse(names[i], null);
                if (formats[i].isAuto()) {
                    auto = i;
                    names[i] = "combined";
                }
            }
            fallback = auto;
        }

        /** One new parser per preset (each skips a syslog header). */
        LineParser[] newCandidates(final boolean hostFromForwardedFor) {
            final LineParser[] parsers = new LineParser[formats.length];
            for (int i = 0; i < formats.length; i++) {
                final LineFormat f = formats[i];
                final LineParser plain = f.isAuto() ? new AccessLogParser(LogFormat.AUTO) : f.plainParser(hostFromForwardedFor);
                parsers[i] = plain instanceof SyslogLineParser ? plain : new SyslogLineParser(plain);
            }
            return parsers;
        }
    }

    /** The preset name, or {@code custom}. */
    public String name() {
        return name;
    }

    /** The built-in layout, or null. */
    public LogFormat builtIn() {
        return builtIn;
    }

    /** The compiled format string, or null for the built-in layouts, W3C and JSON. */
    public CompiledFormat compiled() {
        return compiled;
    }

    /** True when lines may carry a request time (a JSON line may: its keys are looked for). */
    public boolean hasLatency() {
        return json != null || w3cFields != null || (compiled != null && compiled.hasLatency());
    }

    /** True when lines may carry X-Forwarded-For (not auto: name the format to take clients from it). */
    public boolean hasForwardedFor() {
        return json != null || w3cFields != null || (compiled != null && compiled.hasForwardedFor());
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
