package dev.logmon.core.format;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A log format string compiled once: fields alternating with literals, with each field's role
 * decided at compile time.
 *
 * <pre>
 *   literal[0] field[0] literal[1] field[1] ... field[n-1] literal[n]
 *   ""         $remote_addr " - " $remote_user " [" $time_local "] \"" $request "\" " ...
 * </pre>
 *
 * Only the first and the last literal may be empty: two fields with nothing between them cannot
 * be told apart, and the compiler refuses them. When a format holds several candidates for one
 * role (both {@code $body_bytes_sent} and {@code $bytes_sent}), the preferred one gets the role and
 * the others are skipped as opaque.
 */
public final class CompiledFormat {
    final String source;
    final String dialect;
    final byte[][] literals;
    final FieldKind[] kinds;
    final int[] units;
    final String[] tokens;

    CompiledFormat(final String source, final String dialect, final List<byte[]> literals, final List<FieldKind> kinds,
                   final List<Integer> units, final List<String> tokens) {
        this.source = source;
        this.dialect = dialect;
        this.literals = literals.toArray(new byte[0][]);
        this.kinds = kinds.toArray(new FieldKind[0]);
        this.units = units.stream().mapToInt(Integer::intValue).toArray();
        this.tokens = tokens.toArray(new String[0]);
    }

    /** The format string as given. */
    public String source() {
        return source;
    }

    /** {@code nginx} or {@code apache}. */
    public String dialect() {
        return dialect;
    }

    /** True when some field carries the request time. */
    public boolean hasLatency() {
        return has(FieldKind.LATENCY);
    }

    /** True when some field carries {@code X-Forwarded-For}. */
    public boolean hasForwardedFor() {
        return has(FieldKind.XFF);
    }

    /** True when some field carries the time of the request. */
    public boolean hasTime() {
        for (final FieldKind k : kinds) {
            if (k.isTime()) {
                return true;
            }
        }
        return false;
    }

    boolean has(final FieldKind kind) {
        for (final FieldKind k : kinds) {
            if (k == kind) {
                return true;
            }
        }
        return false;
    }

    /** A readable description, e.g. {@code $remote_addr=host " - " ...}, for messages and tests. */
    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder(dialect).append(':');
        for (int i = 0; i < kinds.length; i++) {
            b.append(" '").append(new String(literals[i], StandardCharsets.ISO_8859_1)).append("' ")
                    .append(tokens[i]).append('=').append(kinds[i]);
        }
        return b.append(" '").append(new String(literals[kinds.length], StandardCharsets.ISO_8859_1)).append('\'')
                .toString();
    }
}
