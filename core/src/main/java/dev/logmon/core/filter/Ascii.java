package dev.logmon.core.filter;

/** Byte comparisons that ignore ASCII letter case, in place. */
final class Ascii {
    private Ascii() {
    }

    /** The byte with an ASCII capital letter made small; every other byte as it is. */
    static int lower(final byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** True when {@code b[at, at + small.length)} equals {@code small} (already lower case), case ignored. */
    static boolean equalsIgnoreCase(final byte[] b, final int at, final byte[] small) {
        for (int k = 0; k < small.length; k++) {
            if (lower(b[at + k]) != small[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code needle} (lower case, not empty) occurs in {@code b[from, from + length)},
     * case ignored.
     */
    static boolean containsIgnoreCase(final byte[] b, final int from, final int length, final byte[] needle) {
        final int last = from + length - needle.length;
        final int first = needle[0];
        for (int i = from; i <= last; i++) {
            if (lower(b[i]) == first && equalsIgnoreCase(b, i, needle)) {
                return true;
            }
        }
        return false;
    }
}
