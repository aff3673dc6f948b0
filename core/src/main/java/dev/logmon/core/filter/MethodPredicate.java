package dev.logmon.core.filter;

import dev.logmon.core.format.LogEvent;

/**
 * The request method equals one of a few names, ASCII letter case ignored. False when the format
 * gives no method (a target-only field such as {@code $request_uri}).
 */
final class MethodPredicate implements LinePredicate {
    private final byte[][] names;

    /** @param names the methods, as ASCII bytes */
    MethodPredicate(final byte[][] names) {
        this.names = names.clone();
    }

    @Override
    public boolean test(final LogEvent event) {
        final byte[] b = event.requestBytes;
        final int length = event.methodLength;
        if (b == null || length <= 0) {
            return false;
        }
        for (final byte[] name : names) {
            if (name.length == length && Ascii.equalsIgnoreCase(b, event.methodAt, name)) {
                return true;
            }
        }
        return false;
    }
}
