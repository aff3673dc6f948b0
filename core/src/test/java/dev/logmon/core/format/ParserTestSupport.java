package dev.logmon.core.format;

import java.nio.charset.StandardCharsets;

/** Small helpers shared by the parser tests. */
public final class ParserTestSupport {
    private ParserTestSupport() {
    }

    public static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String hostOf(final LogEvent e) {
        return new String(e.host, 0, e.hostLength, StandardCharsets.ISO_8859_1);
    }

    public static String sectionOf(final LogEvent e) {
        return new String(e.section, 0, e.sectionLength, StandardCharsets.ISO_8859_1);
    }

    public static MalformedReason reasonOf(final LogEvent e) {
        return MalformedReason.ofOrdinal(e.malformedReason);
    }
}
