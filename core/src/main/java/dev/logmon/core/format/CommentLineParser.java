package dev.logmon.core.format;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Counts the header lines of a format that repeats its column names in the file (Google Cloud
 * Storage's {@code "time_micros","c_ip",...}) as {@link MalformedReason#COMMENT} and hands every
 * other line to another parser.
 */
final class CommentLineParser implements LineParser {
    private final LineParser inner;
    private final byte[] prefix;

    CommentLineParser(final LineParser inner, final String prefix) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
        if (isHeader(buf, offset, length)) {
            out.setMalformed(MalformedReason.COMMENT);
            return false;
        }
        return inner.parse(buf, offset, length, out);
    }

    @Override
    public long lineSecond(final byte[] buf, final int offset, final int length) {
        return isHeader(buf, offset, length) ? UNKNOWN_SECOND : inner.lineSecond(buf, offset, length);
    }

    @Override
    public long unreadableLatencies() {
        return inner.unreadableLatencies();
    }

    private boolean isHeader(final byte[] buf, final int offset, final int length) {
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
