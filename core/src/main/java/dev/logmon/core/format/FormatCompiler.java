package dev.logmon.core.format;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles a format string, written as in the server's own configuration, into a
 * {@link CompiledFormat}:
 *
 * <ul>
 *   <li>nginx {@code log_format}: {@code $name} or {@code ${name}} variables. Known:
 *       {@code $remote_addr $remote_user $time_local $time_iso8601 $msec $request $request_method
 *       $request_uri $uri $status $body_bytes_sent $bytes_sent $http_referer $http_user_agent
 *       $request_time $upstream_response_time $host $http_x_forwarded_for}; any other variable is
 *       an opaque field (skipped).</li>
 *   <li>Apache {@code LogFormat}: {@code %h %a %l %u %t %{sec}t %{msec}t %{usec}t %{%d/%b/%Y:%H:%M:%S}t}
 *       (no zone: UTC) {@code %{%Y-%m-%d}t %{%H:%M:%S}t} (UTC) {@code "%r" %>s %s %b %B %O %D %T
 *       %{ms}T %{us}T %v %V %p %U %m %q %H %{Header}i} and other letters of mod_log_config as
 *       opaque fields; {@code %%} is a percent sign, {@code \"} a quote (as pasted from a config
 *       file), modifiers such as {@code >}, {@code <} and status conditions are accepted.</li>
 * </ul>
 *
 * The dialect is nginx when the string holds a {@code $} followed by a letter, {@code _} or
 * {@code {}, else Apache. Fields that hold spaces (the request, the user agent, the referer,
 * X-Forwarded-For) must be quoted unless a space does not follow them; other fields are read as
 * holding none unless quoted. Every refusal is a {@link FormatException} naming the token.
 */
public final class FormatCompiler {
    private final String source;
    private final List<byte[]> literals = new ArrayList<>();
    private final List<FieldKind> kinds = new ArrayList<>();
    private final List<Integer> units = new ArrayList<>();
    private final List<Integer> priorities = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> columns = new ArrayList<>();
    private final ByteArrayOutputStream literal = new ByteArrayOutputStream();

    private FormatCompiler(final String source) {
        this.source = source;
    }

    /** Compiles {@code format}; throws {@link FormatException} naming what cannot be compiled. */
    public static CompiledFormat compile(final String format) {
        if (format == null || format.isBlank()) {
            throw new FormatException("the log format is empty", "", 0);
        }
        final FormatCompiler c = new FormatCompiler(format);
        final String dialect = isNginx(format) ? "nginx" : "apache";
        if ("nginx".equals(dialect)) {
            c.nginx();
        } else {
            c.apache();
        }
        return c.finish(dialect);
    }

    private static boolean isNginx(final String f) {
        for (int i = 0; i + 1 < f.length(); i++) {
            final char n = f.charAt(i + 1);
            if (f.charAt(i) == '$' && (Character.isLetter(n) || n == '_' || n == '{')) {
                return true;
            }
        }
        return false;
    }

    private void nginx() {
        final String f = source;
        int i = 0;
        while (i < f.length()) {
            final char c = f.charAt(i);
            if (c != '$') {
                literalChar(c, i);
                i++;
                continue;
            }
            final int start = i;
            final String name;
            if (i + 1 < f.length() && f.charAt(i + 1) == '{') {
                final int close = f.indexOf('}', i + 2);
                if (close < 0) {
                    throw new FormatException("unclosed ${ in the nginx format", f.substring(start), start + 1);
                }
                name = f.substring(i + 2, close);
                i = close + 1;
            } else {
                int j = i + 1;
                while (j < f.length() && (Character.isLetterOrDigit(f.charAt(j)) || f.charAt(j) == '_')) {
                    j++;
                }
                name = f.substring(i + 1, j);
                i = j;
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                throw new FormatException("not an nginx variable name", f.substring(start, Math.max(i, start + 1)),
                        start + 1);
            }
            nginxVariable(name.toLowerCase(Locale.ROOT), f.substring(start, i), start + 1);
        }
    }

    private void nginxVariable(final String name, final String token, final int column) {
        switch (name) {
            case "remote_addr", "realip_remote_addr" -> field(FieldKind.HOST, 0, 0, token, column);
            case "time_local" -> field(FieldKind.TIME_LOCAL, 0, 0, token, column);
            case "time_iso8601" -> field(FieldKind.TIME_ISO8601, 0, 0, token, column);
            case "msec" -> field(FieldKind.TIME_EPOCH, 0, 0, token, column);
            case "request" -> field(FieldKind.REQUEST, 0, 0, token, column);
            case "request_uri" -> field(FieldKind.URI, 0, 0, token, column);
            case "uri", "document_uri" -> field(FieldKind.URI, 0, 1, token, column);
            case "status" -> field(FieldKind.STATUS, 0, 0, token, column);
            case "body_bytes_sent" -> field(FieldKind.SIZE, 0, 0, token, column);
            case "bytes_sent" -> field(FieldKind.SIZE, 0, 1, token, column);
            case "request_time" -> field(FieldKind.LATENCY, FieldValues.SECONDS, 0, token, column);
            case "upstream_response_time" -> field(FieldKind.LATENCY, FieldValues.SECONDS, 1, token, column);
            case "http_x_forwarded_for" -> field(FieldKind.XFF, 0, 0, token, column);
            case "http_user_agent", "http_referer" -> field(FieldKind.OPAQUE_SPACED, 0, 0, token, column);
            default -> field(FieldKind.OPAQUE, 0, 0, token, column);
        }
    }

    private void apache() {
        final String f = source;
        int i = 0;
        while (i < f.length()) {
            final char c = f.charAt(i);
            if (c == '\\' && i + 1 < f.length() && (f.charAt(i + 1) == '"' || f.charAt(i + 1) == '\\')) {
                literalChar(f.charAt(i + 1), i);
                i += 2;
                continue;
            }
            if (c != '%') {
                literalChar(c, i);
                i++;
                continue;
            }
            final int start = i;
            i++;
            if (i < f.length() && f.charAt(i) == '%') {
                literalChar('%', start);
                i++;
                continue;
            }
            // modifiers: < > and status conditions such as !200,304 or 400,501
            while (i < f.length() && "<>!,0123456789".indexOf(f.charAt(i)) >= 0) {
                i++;
            }
            String arg = null;
            if (i < f.length() && f.charAt(i) == '{') {
                final int close = f.indexOf('}', i + 1);
                if (close < 0) {
                    throw new FormatException("unclosed %{ in the Apache format", f.substring(start), start + 1);
                }
                arg = f.substring(i + 1, close);
                i = close + 1;
            }
            if (i >= f.length()) {
                throw new FormatException("a % directive without its letter", f.substring(start), start + 1);
            }
            char letter = f.charAt(i);
            i++;
            if (letter == '^' && i + 1 < f.length()) { // %{VARNAME}^ti and friends: trailers
                i += 2;
                letter = '^';
            }
            apacheDirective(letter, arg, f.substring(start, i), start + 1);
        }
    }

    private void apacheDirective(final char letter, final String arg, final String token, final int column) {
        switch (letter) {
            case 'h', 'a' -> field(FieldKind.HOST, 0, letter == 'h' ? 0 : 1, token, column);
            case 't' -> {
                if (arg == null) {
                    field(FieldKind.TIME_BRACKETED, 0, 0, token, column);
                } else if (arg.equals("sec")) {
                    field(FieldKind.TIME_EPOCH, 0, 0, token, column);
                } else if (arg.equals("msec")) {
                    field(FieldKind.TIME_EPOCH_MILLIS, 0, 0, token, column);
                } else if (arg.equals("usec")) {
                    field(FieldKind.TIME_EPOCH_MICROS, 0, 0, token, column);
                } else if (arg.equals("%d/%b/%Y:%H:%M:%S")) {
                    field(FieldKind.TIME_NO_ZONE, 0, 0, token, column);
                } else if (arg.equals("%Y-%m-%d")) {
                    field(FieldKind.DATE, 0, 0, token, column);
                } else if (arg.equals("%H:%M:%S")) {
                    field(FieldKind.TIME_OF_DAY, 0, 0, token, column);
                } else if (arg.equals("msec_frac") || arg.equals("usec_frac")) {
                    field(FieldKind.OPAQUE, 0, 0, token, column);
                } else {
                    throw new FormatException("custom time formats are not supported (use %t, %{sec}t, %{msec}t, "
                            + "%{usec}t, %{%d/%b/%Y:%H:%M:%S}t, %{%Y-%m-%d}t with %{%H:%M:%S}t)", token, column);
                }
            }
            case 'r' -> field(FieldKind.REQUEST, 0, 0, token, column);
            case 'U' -> field(FieldKind.URI, 0, 0, token, column);
            case 's' -> field(FieldKind.STATUS, 0, 0, token, column);
            case 'b', 'B' -> field(FieldKind.SIZE, 0, 0, token, column);
            case 'O' -> field(FieldKind.SIZE, 0, 1, token, column);
            case 'D' -> field(FieldKind.LATENCY, FieldValues.MICROS, 0, token, column);
            case 'T' -> {
                final int unit;
                if (arg == null || arg.equals("s")) {
                    unit = FieldValues.SECONDS;
                } else if (arg.equals("ms")) {
                    unit = FieldValues.MILLIS;
                } else if (arg.equals("us")) {
                    unit = FieldValues.MICROS;
                } else {
                    throw new FormatException("%T takes {s}, {ms} or {us}", token, column);
                }
                field(FieldKind.LATENCY, unit, 0, token, column);
            }
            case 'i' -> {
                if (arg == null) {
                    throw new FormatException("%i needs a header name, as in %{Referer}i", token, column);
                }
                final FieldKind kind = arg.equalsIgnoreCase("X-Forwarded-For") ? FieldKind.XFF
                        : arg.equalsIgnoreCase("User-Agent") || arg.equalsIgnoreCase("Referer") ? FieldKind.OPAQUE_SPACED
                        : FieldKind.OPAQUE;
                field(kind, 0, 0, token, column);
            }
            case 'l', 'o', 'e', 'n', 'C', '^', 'x', 'u', 'v', 'V', 'p', 'P', 'm', 'q', 'H', 'f', 'A', 'X', 'k', 'L', 'R', 'I', 'S', 'M' ->
                    field(FieldKind.OPAQUE, 0, 0, token, column);
            default -> throw new FormatException("unknown Apache directive", token, column);
        }
    }

    private void literalChar(final char c, final int index) {
        if (c > 0x7e || (c < 0x20 && c != '\t')) {
            throw new FormatException("only printable ASCII may appear between fields",
                    String.valueOf(c), index + 1);
        }
        literal.write(c);
    }

    private void field(final FieldKind kind, final int unit, final int priority, final String token, final int column) {
        if (!kinds.isEmpty() && literal.size() == 0) {
            throw new FormatException("two fields with nothing between them cannot be told apart",
                    tokens.get(tokens.size() - 1) + token, columns.get(columns.size() - 1));
        }
        literals.add(literal.toByteArray());
        literal.reset();
        kinds.add(kind);
        units.add(unit);
        priorities.add(priority);
        tokens.add(token);
        columns.add(column);
    }

    private CompiledFormat finish(final String dialect) {
        literals.add(literal.toByteArray());
        if (kinds.isEmpty()) {
            throw new FormatException("the log format has no field (nginx $variable or Apache %directive)",
                    source, 1);
        }
        for (final FieldKind role : new FieldKind[] {FieldKind.HOST, FieldKind.SIZE, FieldKind.LATENCY,
            FieldKind.URI, FieldKind.XFF, FieldKind.TIME_OF_DAY}) {
            keepPreferred(role);
        }
        for (final FieldKind role : new FieldKind[] {FieldKind.STATUS, FieldKind.REQUEST}) {
            final int first = kinds.indexOf(role);
            if (first >= 0 && kinds.lastIndexOf(role) != first) {
                final int second = kinds.lastIndexOf(role);
                throw new FormatException("the format holds two " + role.name().toLowerCase(Locale.ROOT) + " fields",
                        tokens.get(second), columns.get(second));
            }
        }
        int times = 0;
        for (int i = 0; i < kinds.size(); i++) {
            final FieldKind k = kinds.get(i);
            if (k.isTime() && ++times > 1) {
                kinds.set(i, k.fixedTime ? k : FieldKind.OPAQUE); // the first time field wins; a later
                // fixed-length one keeps its kind so it is matched by length, and its value is ignored
            }
            final byte[] before = literals.get(i);
            final byte[] after = literals.get(i + 1);
            final boolean quoted = before.length > 0 && before[before.length - 1] == '"'
                    && after.length > 0 && after[0] == '"';
            final boolean last = i == kinds.size() - 1 && after.length == 0;
            if (kinds.get(i).mayHoldSpaces() && !quoted && !last && after[0] == ' ') {
                throw new FormatException("this field may hold spaces: put it in double quotes",
                        tokens.get(i), columns.get(i));
            }
        }
        return new CompiledFormat(source, dialect, literals, kinds, units, tokens);
    }

    /** Of several fields with the same role, keeps the one with the lowest priority, the first on ties. */
    private void keepPreferred(final FieldKind role) {
        int best = -1;
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) == role && (best < 0 || priorities.get(i) < priorities.get(best))) {
                best = i;
            }
        }
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) == role && i != best) {
                kinds.set(i, role == FieldKind.XFF ? FieldKind.OPAQUE_SPACED : FieldKind.OPAQUE);
            }
        }
    }
}
