package dev.logmon.core.filter;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles a {@code --where} expression into a {@link LinePredicate} tree, once, at start.
 *
 * <pre>
 *   expr       := and ( "or" and )*
 *   and        := unary ( "and" unary )*
 *   unary      := "not" unary | "(" expr ")" | condition
 *   condition  := field op value | field "in" "(" value ( "," value )* ")"
 *   field      := status | method | section | path | host | agent | source
 *   value      := bare (no space, parenthesis, comma or quote) | "quoted"
 * </pre>
 *
 * <table>
 *   <caption>Fields and their operators</caption>
 *   <tr><td>status</td><td>= != &lt; &lt;= &gt; &gt;= in</td><td>404, or a class: 5xx (= != in only)</td></tr>
 *   <tr><td>method</td><td>= != in</td><td>GET (letter case ignored)</td></tr>
 *   <tr><td>section</td><td>= != in</td><td>/api (as the sections list shows it)</td></tr>
 *   <tr><td>path</td><td>^=</td><td>prefix of the request target as written: /static/</td></tr>
 *   <tr><td>host</td><td>= != in</td><td>address, CIDR (10.0.0.0/8, 2001:db8::/32) or name</td></tr>
 *   <tr><td>agent</td><td>~ !~</td><td>substring of the user agent, letter case ignored</td></tr>
 *   <tr><td>source</td><td>= != in</td><td>a source as given with -s, or its file name, or a glob of either</td></tr>
 * </table>
 *
 * Keywords ({@code and or not in}) and field names ignore letter case. Precedence: {@code not}
 * binds tightest, then {@code and}, then {@code or}. Every problem is a {@link WhereException}
 * naming the 1-based column.
 */
public final class WhereCompiler {
    /** The fields a condition can test, in the order error messages list them. */
    public static final List<String> FIELDS = List.of("status", "method", "section", "path", "host", "agent", "source");

    private final String text;
    private final List<String> sourceNames;
    private int at;
    /** Column of the first character of the last value read (inside its quotes): where its errors point. */
    private int valueColumn;

    private WhereCompiler(final String text, final List<String> sourceNames) {
        this.text = text;
        this.sourceNames = sourceNames;
    }

    /**
     * Compiles one expression.
     *
     * @param expression  the text after {@code --where}
     * @param sourceNames the run's sources in order (a line's source index), for {@code source=}
     */
    public static LinePredicate compile(final String expression, final List<String> sourceNames) throws WhereException {
        final WhereCompiler c = new WhereCompiler(expression, List.copyOf(sourceNames));
        c.skipSpaces();
        if (c.atEnd()) {
            throw new WhereException("empty expression", c.column());
        }
        final LinePredicate p = c.or();
        c.skipSpaces();
        if (!c.atEnd()) {
            throw new WhereException(c.peek() == ')' ? "unexpected ')'" : "expected 'and', 'or' or the end", c.column());
        }
        return p;
    }

    /** Compiles several expressions that must all hold (repeated {@code --where}); null for none. */
    public static LinePredicate compileAll(final List<String> expressions, final List<String> sourceNames)
            throws WhereException {
        if (expressions.isEmpty()) {
            return null;
        }
        if (expressions.size() == 1) {
            return compile(expressions.get(0), sourceNames);
        }
        final List<LinePredicate> all = new ArrayList<>();
        for (final String e : expressions) {
            all.add(compile(e, sourceNames));
        }
        return new AndPredicate(all);
    }

    private LinePredicate or() throws WhereException {
        final List<LinePredicate> parts = new ArrayList<>();
        parts.add(and(null));
        while (keyword("or")) {
            parts.add(and("or"));
        }
        return parts.size() == 1 ? parts.get(0) : new OrPredicate(parts);
    }

    /** @param after the keyword just read ({@code or}), or null */
    private LinePredicate and(final String after) throws WhereException {
        final List<LinePredicate> parts = new ArrayList<>();
        parts.add(unary(after));
        while (keyword("and")) {
            parts.add(unary("and"));
        }
        return parts.size() == 1 ? parts.get(0) : new AndPredicate(parts);
    }

    /** @param after the keyword just read, for the message when nothing follows (null at a start) */
    private LinePredicate unary(final String after) throws WhereException {
        skipSpaces();
        if (atEnd() || (after != null && peek() == ')')) {
            throw new WhereException(after == null ? "expected a condition" : "expected a condition after '" + after + "'",
                    column());
        }
        if (keyword("not")) {
            return new NotPredicate(unary("not"));
        }
        if (peek() == '(') {
            final int open = column();
            at++;
            skipSpaces();
            if (!atEnd() && peek() == ')') {
                throw new WhereException("expected a condition inside '()'", column());
            }
            final LinePredicate inner = or();
            skipSpaces();
            if (atEnd() || peek() != ')') {
                throw new WhereException("expected ')' to close the '(' of column " + open, column());
            }
            at++;
            return inner;
        }
        return condition();
    }

    private LinePredicate condition() throws WhereException {
        final int fieldColumn = column();
        final int start = at;
        while (!atEnd() && Character.isLetter(peek())) {
            at++;
        }
        final String field = text.substring(start, at).toLowerCase(Locale.ROOT);
        if (field.isEmpty()) {
            throw new WhereException("expected a field (" + String.join(", ", FIELDS) + ")", fieldColumn);
        }
        if (!FIELDS.contains(field)) {
            throw new WhereException("unknown field '" + field + "' (one of " + String.join(", ", FIELDS) + ")",
                    fieldColumn);
        }
        skipSpaces();
        final int opColumn = column();
        final String op = operator();
        if (op == null) {
            throw new WhereException("expected an operator after '" + field + "'", opColumn);
        }
        final String allowed = allowedOperators(field);
        if (!List.of(allowed.split(", ")).contains(op)) {
            throw new WhereException("'" + op + "' does not apply to " + field + " (use " + allowed + ")", opColumn);
        }
        final List<String> values = new ArrayList<>();
        final List<Integer> columns = new ArrayList<>();
        if (op.equals("in")) {
            skipSpaces();
            if (atEnd() || peek() != '(') {
                throw new WhereException("expected '(' after 'in'", column());
            }
            at++;
            do {
                skipSpaces();
                values.add(value("a value in the list"));
                columns.add(valueColumn);
                skipSpaces();
            } while (!atEnd() && peek() == ',' && at++ >= 0);
            if (atEnd() || peek() != ')') {
                throw new WhereException("expected ',' or ')' in the list", column());
            }
            at++;
        } else {
            skipSpaces();
            values.add(value("a value after '" + op + "'"));
            columns.add(valueColumn);
        }
        final LinePredicate p = build(field, op, values, columns);
        return op.startsWith("!") ? new NotPredicate(p) : p;
    }

    private static String allowedOperators(final String field) {
        return switch (field) {
            case "status" -> "=, !=, <, <=, >, >=, in";
            case "path" -> "^=";
            case "agent" -> "~, !~";
            default -> "=, !=, in";
        };
    }

    /** The operator at the cursor (consumed), or null. {@code in} is a word: it needs a space or '(' after. */
    private String operator() {
        for (final String op : new String[] {"!=", "<=", ">=", "^=", "!~", "=", "<", ">", "~"}) {
            if (text.startsWith(op, at)) {
                at += op.length();
                return op;
            }
        }
        if (keyword("in")) {
            return "in";
        }
        return null;
    }

    /** A bare or quoted value at the cursor; {@code what} names it when there is none. */
    private String value(final String what) throws WhereException {
        if (atEnd()) {
            throw new WhereException("expected " + what, column());
        }
        if (peek() == '"') {
            final int open = column();
            final int close = text.indexOf('"', at + 1);
            if (close < 0) {
                throw new WhereException("unterminated quote", open);
            }
            final String v = text.substring(at + 1, close);
            valueColumn = open + 1;
            at = close + 1;
            if (v.isEmpty()) {
                throw new WhereException("expected " + what + " (the quotes hold nothing)", open);
            }
            return v;
        }
        final int start = at;
        valueColumn = column();
        while (!atEnd() && !isSpace(peek()) && "(),\"".indexOf(peek()) < 0) {
            at++;
        }
        if (at == start) {
            throw new WhereException("expected " + what, column());
        }
        return text.substring(start, at);
    }

    private LinePredicate build(final String field, final String op, final List<String> values,
                                final List<Integer> columns) throws WhereException {
        return switch (field) {
            case "status" -> status(op, values, columns);
            case "method" -> {
                for (int i = 0; i < values.size(); i++) {
                    if (!isToken(values.get(i))) {
                        throw new WhereException("a method is one word of letters, digits or !#$%&'*+-.^_`|~ (GET); for "
                                + "several, method in (GET, POST): '" + values.get(i) + "'", columns.get(i));
                    }
                }
                yield new MethodPredicate(lowerBytes(values));
            }
            case "section" -> {
                for (int i = 0; i < values.size(); i++) {
                    if (!values.get(i).startsWith("/")) {
                        throw new WhereException("a section starts with '/' (section=/api): '" + values.get(i) + "'",
                                columns.get(i));
                    }
                }
                yield new SectionPredicate(bytes(values));
            }
            case "path" -> {
                if (values.get(0).indexOf(' ') >= 0) {
                    throw new WhereException("a path prefix holds no space", columns.get(0));
                }
                yield new PathPrefixPredicate(values.get(0).getBytes(StandardCharsets.UTF_8));
            }
            case "host" -> host(values, columns);
            case "agent" -> new AgentPredicate(lowerBytes(values)[0]);
            case "source" -> source(values, columns);
            default -> throw new IllegalStateException("no field " + field);
        };
    }

    /** An HTTP token (RFC 9110 tchar): what a request line's method can be; anything else never matches. */
    private static boolean isToken(final String v) {
        for (int i = 0; i < v.length(); i++) {
            final char c = v.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static LinePredicate status(final String op, final List<String> values, final List<Integer> columns)
            throws WhereException {
        final boolean[] table = new boolean[StatusPredicate.STATUSES];
        for (int i = 0; i < values.size(); i++) {
            final String v = values.get(i).toLowerCase(Locale.ROOT);
            final int column = columns.get(i);
            if (v.length() == 3 && v.charAt(0) >= '1' && v.charAt(0) <= '9' && v.endsWith("xx")) {
                if (!op.equals("=") && !op.equals("!=") && !op.equals("in")) {
                    throw new WhereException("a status class (" + v + ") takes =, != or in, not '" + op + "'", column);
                }
                final int from = (v.charAt(0) - '0') * 100;
                java.util.Arrays.fill(table, from, from + 100, true);
                continue;
            }
            if (!v.matches("[0-9]{3}")) {
                throw new WhereException("a status is three digits (404) or a class (5xx): '" + values.get(i) + "'",
                        column);
            }
            final int s = Integer.parseInt(v);
            for (int t = 0; t < table.length; t++) {
                table[t] |= switch (op) {
                    case "<" -> t < s;
                    case "<=" -> t <= s;
                    case ">" -> t > s;
                    case ">=" -> t >= s;
                    default -> t == s; // =, != (negated by the caller), in
                };
            }
        }
        return new StatusPredicate(table);
    }

    private static LinePredicate host(final List<String> values, final List<Integer> columns) throws WhereException {
        final List<LinePredicate> any = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            any.add(hostOne(values.get(i), columns.get(i)));
        }
        return any.size() == 1 ? any.get(0) : new OrPredicate(any);
    }

    private static LinePredicate hostOne(final String value, final int column) throws WhereException {
        final int slash = value.indexOf('/');
        final String address = slash < 0 ? value : value.substring(0, slash);
        final byte[] b = address.getBytes(StandardCharsets.UTF_8);
        final long[] bits128 = new long[2];
        final boolean isAddress = Addresses.read(b, 0, b.length, bits128, new int[8]);
        if (!isAddress) {
            if (slash >= 0 || address.indexOf(':') >= 0 || address.matches("[0-9.]+")) {
                throw new WhereException("not an IPv4 or IPv6 address or network: '" + value + "'", column);
            }
            return HostPredicate.named(address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        }
        final boolean v4 = Addresses.ipv4(b, 0, b.length) >= 0;
        final int max = v4 ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            final String bits = value.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > max) {
                throw new WhereException("a network's prefix length is 0 to " + max + ": '" + value + "'",
                        column + value.codePointCount(0, slash) + 1);
            }
            prefix = Integer.parseInt(bits);
        }
        return HostPredicate.network(bits128[0], bits128[1], v4 ? 96 + prefix : prefix);
    }

    private LinePredicate source(final List<String> values, final List<Integer> columns) throws WhereException {
        final boolean[] chosen = new boolean[sourceNames.size()];
        for (int i = 0; i < values.size(); i++) {
            final String v = values.get(i);
            boolean any = false;
            for (int s = 0; s < sourceNames.size(); s++) {
                if (sourceMatches(v, sourceNames.get(s), columns.get(i))) {
                    chosen[s] = true;
                    any = true;
                }
            }
            if (!any) {
                throw new WhereException("source '" + v + "' is none of the sources given with -s", columns.get(i));
            }
        }
        return new SourcePredicate(chosen);
    }

    private static boolean sourceMatches(final String value, final String name, final int column) throws WhereException {
        final String fileName = fileName(name);
        if (value.chars().noneMatch(c -> "*?[{".indexOf(c) >= 0)) {
            return value.equals(name) || value.equals(fileName);
        }
        final PathMatcher glob;
        try {
            glob = FileSystems.getDefault().getPathMatcher("glob:" + value);
        } catch (IllegalArgumentException e) {
            throw new WhereException("not a valid glob: '" + value + "'", column);
        }
        try {
            return glob.matches(Path.of(name)) || (fileName != null && glob.matches(Path.of(fileName)));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String fileName(final String name) {
        final int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    private static byte[][] bytes(final List<String> values) {
        final byte[][] out = new byte[values.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static byte[][] lowerBytes(final List<String> values) {
        final byte[][] out = bytes(values);
        for (final byte[] b : out) {
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) Ascii.lower(b[k]);
            }
        }
        return out;
    }

    /**
     * Consumes {@code word} (letter case ignored) when it stands at the cursor as a whole word:
     * followed by a space, a parenthesis or the end.
     */
    private boolean keyword(final String word) {
        skipSpaces();
        final int end = at + word.length();
        if (!text.regionMatches(true, at, word, 0, word.length())) {
            return false;
        }
        if (end < text.length() && !isSpace(text.charAt(end)) && "()".indexOf(text.charAt(end)) < 0) {
            return false;
        }
        at = end;
        return true;
    }

    private void skipSpaces() {
        while (!atEnd() && isSpace(peek())) {
            at++;
        }
    }

    /** A space, a tab, or a Unicode space such as the no-break space a pasted expression may hold. */
    private static boolean isSpace(final char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private boolean atEnd() {
        return at >= text.length();
    }

    private char peek() {
        return text.charAt(at);
    }

    /** The 1-based column of the cursor in characters (code points: an emoji before it counts once). */
    private int column() {
        return text.codePointCount(0, at) + 1;
    }
}
