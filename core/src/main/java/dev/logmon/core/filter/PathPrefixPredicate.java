package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;

/**
 * The request target, as written (query string included), starts with a prefix
 * ({@code path^=/static/}). Reads only as many bytes as the prefix has. False when the line had
 * no request.
 */
final class PathPrefixPredicate implements LinePredicate {
    private final byte[] prefix;

    /** @param prefix holds no space */
    PathPrefixPredicate(final byte[] prefix) {
        this.prefix = prefix.clone();
    }

    @Override
    public boolean test(final LogEvent event) {
        final byte[] b = event.requestBytes;
        if (b == null) {
            return false;
        }
        final int at = event.targetAt;
        if (event.targetEnd - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            // the target ends at a space (the protocol follows), and the prefix holds none
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }
}
