package dev.logmon.core.analyze;

import dev.logmon.core.format.ByteHash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the {@link TopCounter} tests feed a map and read back from it. */
final class TopCounterFacts {
    private TopCounterFacts() {
    }

    /** Adds {@code key} (hashed as the parser hashes it) with the three column values. */
    static void add(final TopCounter c, final String key, final long d0, final long d1, final long d2) {
        final byte[] b = key.getBytes(StandardCharsets.UTF_8);
        c.add(ByteHash.hash(b, 0, b.length), b, 0, b.length, d0, d1, d2);
    }

    /**
     * Everything a map shows: its entries in table order (the state file's order) with their three
     * counters, the purged totals, the error bound and its top 20.
     */
    static List<String> facts(final TopCounter c) {
        final List<String> out = new ArrayList<>();
        c.forEach((hash, key, offset, length, c0, c1, c2) -> out.add(hash + " "
                + new String(key, offset, length, StandardCharsets.UTF_8) + " " + c0 + " " + c1 + " " + c2));
        out.add("other " + c.other0() + " " + c.other1() + " " + c.other2() + " error " + c.errorBound());
        out.add("top " + c.top(20));
        return out;
    }
}
