package dev.logmon.core.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which JSON keys hold which field, for logs written one JSON object per line (Caddy, Traefik,
 * nginx {@code log_format ... escape=json}). Each role has a list of candidate keys, tried in
 * order of preference; a key {@code a.b} names key {@code b} inside the object under {@code a}
 * (one level of nesting, as Caddy's {@code request.uri}).
 *
 * <pre>
 *   role     default keys                                                     unit
 *   host     remote_addr ClientHost client_ip request.client_ip request.remote_ip
 *   time     time_iso8601 time_local time StartUTC timestamp ts @timestamp    s (epoch numbers)
 *   request  request                                                          (METHOD TARGET PROTOCOL)
 *   uri      request_uri RequestPath uri request.uri path
 *   status   status DownstreamStatus OriginStatus
 *   size     body_bytes_sent size DownstreamContentSize bytes_sent bytes
 *   latency  request_time duration Duration upstream_response_time            s, s, ns, s
 *   xff      http_x_forwarded_for x_forwarded_for
 * </pre>
 *
 * {@code --json-fields role=key[:unit],...} replaces a role's candidates (units: s, ms, us, ns).
 */
public final class JsonFormat {
    static final int HOST = 0;
    static final int TIME = 1;
    static final int REQUEST = 2;
    static final int URI = 3;
    static final int STATUS = 4;
    static final int SIZE = 5;
    static final int LATENCY = 6;
    static final int XFF = 7;
    static final int ROLES = 8;
    static final String[] ROLE_NAMES = {"host", "time", "request", "uri", "status", "size", "latency", "xff"};

    /** One candidate key. */
    record Key(int role, byte[] parent, byte[] name, int unit, int priority) {
    }

    private final List<Key> keys;
    private final String description;

    private JsonFormat(final List<Key> keys, final String description) {
        this.keys = List.copyOf(keys);
        this.description = description;
    }

    /** The default keys, with the roles named in {@code spec} (may be null or empty) replaced. */
    public static JsonFormat parse(final String spec) {
        final Map<Integer, List<String>> byRole = new LinkedHashMap<>();
        byRole.put(HOST, List.of("remote_addr", "ClientHost", "client_ip", "request.client_ip",
                "request.remote_ip"));
        byRole.put(TIME, List.of("time_iso8601", "time_local", "time", "StartUTC", "timestamp", "ts", "@timestamp"));
        byRole.put(REQUEST, List.of("request"));
        byRole.put(URI, List.of("request_uri", "RequestPath", "uri", "request.uri", "path"));
        byRole.put(STATUS, List.of("status", "DownstreamStatus", "OriginStatus"));
        byRole.put(SIZE, List.of("body_bytes_sent", "size", "DownstreamContentSize", "bytes_sent", "bytes"));
        byRole.put(LATENCY, List.of("request_time:s", "duration:s", "Duration:ns", "upstream_response_time:s"));
        byRole.put(XFF, List.of("http_x_forwarded_for", "x_forwarded_for"));
        if (spec != null && !spec.isBlank()) {
            final Map<Integer, List<String>> given = new LinkedHashMap<>();
            int column = 1;
            for (final String part : spec.split(",", -1)) {
                final String item = part.trim();
                final int eq = item.indexOf('=');
                if (eq <= 0 || eq == item.length() - 1) {
                    throw new FormatException("--json-fields takes role=key[:unit],...", part, column);
                }
                final String role = item.substring(0, eq).toLowerCase(Locale.ROOT);
                final int r = List.of(ROLE_NAMES).indexOf(role);
                if (r < 0) {
                    throw new FormatException("unknown JSON field role (host, time, request, uri, status, size, "
                            + "latency, xff)", role, column);
                }
                final String key = item.substring(eq + 1);
                unitOf(key, part, column);
                given.computeIfAbsent(r, k -> new ArrayList<>()).add(key);
                column += part.length() + 1;
            }
            byRole.putAll(given);
        }
        final List<Key> keys = new ArrayList<>();
        final StringBuilder d = new StringBuilder("json");
        for (final Map.Entry<Integer, List<String>> e : byRole.entrySet()) {
            int priority = 0;
            d.append(' ').append(ROLE_NAMES[e.getKey()]).append('=').append(String.join("|", e.getValue()));
            for (final String k : e.getValue()) {
                final int colon = k.lastIndexOf(':');
                final String name = colon > 0 ? k.substring(0, colon) : k;
                final int dot = name.indexOf('.');
                final byte[] parent = dot > 0 ? name.substring(0, dot).getBytes(StandardCharsets.UTF_8) : null;
                final byte[] child = (dot > 0 ? name.substring(dot + 1) : name).getBytes(StandardCharsets.UTF_8);
                keys.add(new Key(e.getKey(), parent, child, unitOf(k, k, 0), priority++));
            }
        }
        return new JsonFormat(keys, d.toString());
    }

    private static int unitOf(final String key, final String token, final int column) {
        final int colon = key.lastIndexOf(':');
        if (colon <= 0) {
            return FieldValues.SECONDS;
        }
        return switch (key.substring(colon + 1)) {
            case "s" -> FieldValues.SECONDS;
            case "ms" -> FieldValues.MILLIS;
            case "us" -> FieldValues.MICROS;
            case "ns" -> FieldValues.NANOS;
            default -> throw new FormatException("unknown unit (s, ms, us or ns)", token, column);
        };
    }

    List<Key> keys() {
        return keys;
    }

    /** The keys of each role, for messages. */
    @Override
    public String toString() {
        return description;
    }
}
