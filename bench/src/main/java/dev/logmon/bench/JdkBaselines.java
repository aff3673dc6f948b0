package dev.logmon.bench;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain-JDK parsers the parser benchmarks are read against: the same work as ours (host,
 * second, section, status, size) done the usual way, with Strings. Each returns a checksum of
 * what it read, or {@link #NO_MATCH}.
 */
final class JdkBaselines {
    static final long NO_MATCH = Long.MIN_VALUE;

    /** Common, with the quoted referer and agent of Combined optional. */
    private static final Pattern ACCESS_LINE = Pattern.compile(
            "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"((?:[^\"\\\\]|\\\\.)*)\" (\\d{3}) (\\d+|-)"
                    + "(?: \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\")?");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private JdkBaselines() {
    }

    /** Decode to a String, regex, DateTimeFormatter, split the path. */
    static long regex(final byte[] buffer, final int offset, final int length) {
        final String line = new String(buffer, offset, length, StandardCharsets.ISO_8859_1);
        final Matcher m = ACCESS_LINE.matcher(line);
        if (!m.find()) {
            return NO_MATCH;
        }
        final String host = m.group(1);
        final long second = OffsetDateTime.parse(m.group(4), TIME).toEpochSecond();
        final String[] request = m.group(5).split(" ");
        String section = "";
        if (request.length > 1 && request[1].startsWith("/")) {
            final String path = request[1].split("[?#]", 2)[0];
            final String[] parts = path.split("/", -1);
            section = parts.length > 1 ? "/" + parts[1] : "/";
        }
        final int status = Integer.parseInt(m.group(6));
        final String sizeText = m.group(7);
        final long size = sizeText.equals("-") ? 0 : Long.parseLong(sizeText);
        return second + status + size + host.hashCode() + section.hashCode();
    }

    /** The naive way: String.split on spaces (breaks on quoted fields holding spaces). */
    static long split(final byte[] buffer, final int offset, final int length) {
        final String[] f = new String(buffer, offset, length, StandardCharsets.ISO_8859_1).split(" ");
        if (f.length < 10 || f[3].length() < 2 || f[4].length() < 2) {
            return NO_MATCH;
        }
        try {
            final long second = OffsetDateTime.parse(f[3].substring(1) + " " + f[4].substring(0, f[4].length() - 1),
                    TIME).toEpochSecond();
            final String path = f[6].split("[?#]", 2)[0];
            final int slash = path.indexOf('/', 1);
            final String section = slash < 0 ? path : path.substring(0, slash);
            final int status = Integer.parseInt(f[8]);
            final long size = f[9].equals("-") ? 0 : Long.parseLong(f[9]);
            return second + status + size + f[0].hashCode() + section.hashCode();
        } catch (RuntimeException e) {
            return NO_MATCH;
        }
    }
}
