package dev.logmon.core.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses W3C extended log files (IIS, CloudFront): the layout is named by a {@code #Fields:}
 * directive and may change mid-file (IIS writes the directives again when it restarts), so each
 * {@code #Fields:} line recompiles the layout; lines before any are read with the preset's default
 * fields. Data lines are fields separated by spaces (IIS) or tabs (CloudFront), {@code -} for none:
 *
 * <pre>
 *   #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
 *   2022-11-07 00:00:01 10.0.0.4 GET /a/b - 443 - 203.0.113.9 Mozilla/5.0+(X11) - 200 0 0 15
 * </pre>
 *
 * Fields used: {@code date} and {@code time} (UTC), {@code c-ip}, {@code cs-uri-stem} (else
 * {@code cs-uri}), {@code sc-status}, {@code sc-bytes}, {@code time-taken} (milliseconds as IIS
 * writes it; seconds when the fields are CloudFront's {@code x-edge-*}), {@code cs(X-Forwarded-For)}
 * or {@code x-forwarded-for}; the others are skipped. Directive lines ({@code #Version:},
 * {@code #Date:}, ...) are counted as {@link MalformedReason#COMMENT}. Data lines are matched by a
 * {@link CompiledFormatParser}, without allocating; only a {@code #Fields:} line allocates.
 */
public final class W3cLineParser implements LineParser {
    /** IIS's default fields (what a {@code w3c} file holds before its first {@code #Fields:}). */
    public static final String IIS_FIELDS = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
            + "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
    /** CloudFront's standard log fields, in AWS's documented order. */
    public static final String CLOUDFRONT_FIELDS = "date time x-edge-location sc-bytes c-ip cs-method cs(Host) "
            + "cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type "
            + "x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol "
            + "ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port "
            + "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start "
            + "sc-range-end";
    private static final byte[] FIELDS = "#Fields:".getBytes(StandardCharsets.US_ASCII);

    /**
     * The default fields' formats (spaced, tabbed), compiled once for all parsers: a format is
     * immutable, and auto-detection makes two W3C parsers per followed file. Keys come from the
     * configuration (presets, {@code --log-format}), never from a file, so the map stays small.
     */
    private static final Map<String, CompiledFormat[]> DEFAULTS = new ConcurrentHashMap<>();

    private final boolean hostFromForwardedFor;
    private CompiledFormatParser spaced;
    private CompiledFormatParser tabbed;
    private String fields;
    /** Unreadable request times counted by parsers replaced at a {@code #Fields:} line. */
    private long unreadableBefore;

    /**
     * @param defaultFields        the fields of lines before the first {@code #Fields:} directive
     * @param hostFromForwardedFor take the client from X-Forwarded-For when the line has one
     */
    public W3cLineParser(final String defaultFields, final boolean hostFromForwardedFor) {
        this.hostFromForwardedFor = hostFromForwardedFor;
        final CompiledFormat[] f = DEFAULTS.computeIfAbsent(defaultFields,
                n -> new CompiledFormat[] {compile(n, ' '), compile(n, '\t')});
        use(defaultFields, f[0], f[1]);
    }

    /** The field names in force. */
    public String fields() {
        return fields;
    }

    /** {@code cloudfront} when the fields in force are CloudFront's ({@code x-edge-*}), else {@code w3c}. */
    public String flavour() {
        return fields.toLowerCase(Locale.ROOT).contains("x-edge-") ? "cloudfront" : "w3c";
    }

    /** Compiles space-separated W3C field names into a format whose fields are separated by {@code separator}. */
    static CompiledFormat compile(final String names, final char separator) {
        final String[] split = names.trim().split("\\s+");
        final boolean cloudFront = names.toLowerCase(Locale.ROOT).contains("x-edge-");
        final List<byte[]> literals = new ArrayList<>();
        final List<FieldKind> kinds = new ArrayList<>();
        final List<Integer> units = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();
        for (int i = 0; i < split.length; i++) {
            literals.add(i == 0 ? new byte[0] : new byte[] {(byte) separator});
            FieldKind kind = kindOf(split[i].toLowerCase(Locale.ROOT));
            if (kind != FieldKind.OPAQUE && kinds.contains(kind)) {
                kind = FieldKind.OPAQUE; // the first field of a role wins
            }
            if (kind == FieldKind.URI && split[i].equalsIgnoreCase("cs-uri") && names.toLowerCase(Locale.ROOT)
                    .contains("cs-uri-stem")) {
                kind = FieldKind.OPAQUE;
            }
            kinds.add(kind);
            units.add(kind == FieldKind.LATENCY ? (cloudFront ? FieldValues.SECONDS : FieldValues.MILLIS) : 0);
            tokens.add(split[i]);
        }
        literals.add(new byte[0]);
        return new CompiledFormat(names.trim(), "w3c", literals, kinds, units, tokens);
    }

    private static FieldKind kindOf(final String name) {
        return switch (name) {
            case "date" -> FieldKind.DATE;
            case "time" -> FieldKind.TIME_OF_DAY;
            case "c-ip" -> FieldKind.HOST;
            case "cs-uri-stem", "cs-uri" -> FieldKind.URI;
            case "sc-status" -> FieldKind.STATUS;
            case "sc-bytes" -> FieldKind.SIZE;
            case "time-taken" -> FieldKind.LATENCY;
            case "cs(x-forwarded-for)", "x-forwarded-for" -> FieldKind.XFF;
            default -> FieldKind.OPAQUE;
        };
    }

    private void use(final String names) {
        use(names, compile(names, ' '), compile(names, '\t'));
    }

    private void use(final String names, final CompiledFormat spacedFormat, final CompiledFormat tabbedFormat) {
        if (spaced != null) {
            unreadableBefore += spaced.unreadableLatencies() + tabbed.unreadableLatencies();
        }
        fields = names.trim();
        spaced = new CompiledFormatParser(spacedFormat, hostFromForwardedFor);
        tabbed = new CompiledFormatParser(tabbedFormat, hostFromForwardedFor);
    }

    @Override
    public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
        if (length > 0 && buf[offset] == '#') {
            if (startsWith(buf, offset, length, FIELDS)) {
                int end = offset + length;
                while (end > offset && (buf[end - 1] == '\r' || buf[end - 1] == ' ')) {
                    end--;
                }
                final int from = offset + FIELDS.length;
                if (end > from) {
                    use(new String(buf, from, end - from, StandardCharsets.ISO_8859_1));
                }
            }
            out.setMalformed(MalformedReason.COMMENT);
            return false;
        }
        return parserFor(buf, offset, length).parse(buf, offset, length, out);
    }

    @Override
    public long lineSecond(final byte[] buf, final int offset, final int length) {
        if (length > 0 && buf[offset] == '#') {
            return UNKNOWN_SECOND;
        }
        return parserFor(buf, offset, length).lineSecond(buf, offset, length);
    }

    @Override
    public long unreadableLatencies() {
        return unreadableBefore + spaced.unreadableLatencies() + tabbed.unreadableLatencies();
    }

    /** The tab-separated layout when a tab comes before any space. */
    private CompiledFormatParser parserFor(final byte[] buf, final int offset, final int length) {
        final int end = offset + length;
        for (int p = offset; p < end; p++) {
            if (buf[p] == ' ') {
                return spaced;
            }
            if (buf[p] == '\t') {
                return tabbed;
            }
        }
        return spaced;
    }

    private static boolean startsWith(final byte[] buf, final int offset, final int length, final byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
