package dev.logmon.sinks.json;

/**
 * Text fixes applied before untrusted strings reach the JSON generator.
 *
 * <p>Jackson escapes quotes, backslashes and control characters itself, but it refuses to encode
 * a UTF-16 surrogate that has no partner (a Java String can hold one, UTF-8 cannot). Such a
 * surrogate is replaced by U+FFFD here so the line is still written and still strict JSON.
 */
public final class JsonText {
    /** The Unicode replacement character. */
    static final char REPLACEMENT = '\uFFFD';

    private JsonText() {
    }

    /**
     * Returns {@code s} unchanged (same instance, no copy) when every surrogate in it is paired;
     * otherwise a copy with each unpaired surrogate replaced by U+FFFD. Null stays null.
     */
    public static String withPairedSurrogates(final String s) {
        if (s == null) {
            return null;
        }
        final int first = firstUnpaired(s, 0);
        if (first < 0) {
            return s;
        }
        final char[] chars = s.toCharArray();
        int i = first;
        while (i >= 0) {
            chars[i] = REPLACEMENT;
            i = firstUnpaired(s, i + 1);
        }
        return new String(chars);
    }

    /** Index of the first unpaired surrogate at or after {@code from}, or -1. */
    private static int firstUnpaired(final String s, final int from) {
        final int n = s.length();
        int i = from;
        while (i < n) {
            final char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i += 2;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
            i++;
        }
        return -1;
    }
}
