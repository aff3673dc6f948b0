package dev.logmon.core.analyze;

import dev.logmon.core.format.ByteHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TopCounter#top} keeps the heap of its cut between calls and cuts its list in place: lists
 * asked of one map again and again, with lengths going up and down and counts changing between
 * calls (ties at the cut included), must equal a sort of every key by count then name.
 */
class TopCounterTopReuseTest {

    private static void add(final TopCounter c, final String key, final long d0) {
        final byte[] b = key.getBytes(StandardCharsets.UTF_8);
        c.add(ByteHash.hash(b, 0, b.length), b, 0, b.length, d0, 1, 0);
    }

    /** Every key of the map sorted as top promises, the first n. */
    private static List<String> expected(final TopCounter c, final int n) {
        final List<TopCounter.Entry> all = new ArrayList<>();
        c.forEach((hash, key, offset, length, c0, c1, c2) ->
                all.add(new TopCounter.Entry(new String(key, offset, length, StandardCharsets.UTF_8), c0, c1, c2)));
        all.sort(Comparator.comparingLong(TopCounter.Entry::c0).reversed().thenComparing(TopCounter.Entry::key));
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, all.size()); i++) {
            out.add(all.get(i).key() + "=" + all.get(i).c0());
        }
        return out;
    }

    private static List<String> names(final List<TopCounter.Entry> rows) {
        final List<String> out = new ArrayList<>();
        for (final TopCounter.Entry e : rows) {
            out.add(e.key() + "=" + e.c0());
        }
        return out;
    }

    @Test
    void repeatedListsOfChangingLengthsMatchAFullSort() {
        for (long seed = 1; seed <= 25; seed++) {
            final SplittableRandom rnd = new SplittableRandom(seed);
            final TopCounter c = new TopCounter(100_000, 64);
            final int keys = 5 + rnd.nextInt(400);
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 50; i++) {
                    add(c, "/k" + rnd.nextInt(keys), 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 50)); // many ties
                }
                final int n = rnd.nextInt(30);
                final List<TopCounter.Entry> rows = c.top(n);
                assertThat(names(rows)).as("seed %d round %d n %d", seed, round, n).isEqualTo(expected(c, n));
                assertThat(rows).as("seed %d: a list of its own the caller may change", seed).isInstanceOf(ArrayList.class);
            }
        }
    }

    /** The rule of the window's fast views before rows were made straight from the table: top(n + 1), then a tie check. */
    private static List<String> referenceUnambiguous(final TopCounter c, final int n) {
        final List<TopCounter.Entry> rows = c.top(n + 1);
        for (int i = 0; i + 1 < rows.size(); i++) {
            if (rows.get(i).c0() == rows.get(i + 1).c0() && rows.get(i).key().equals(rows.get(i + 1).key())) {
                return null;
            }
        }
        final List<String> out = new ArrayList<>();
        for (final TopCounter.Entry e : rows.subList(0, Math.min(n, rows.size()))) {
            out.add(e + "");
        }
        return out;
    }

    @Test
    void rowsMadeStraightFromTheTableEqualTheEntriesAndTheTieRule() {
        for (long seed = 1; seed <= 40; seed++) {
            final SplittableRandom rnd = new SplittableRandom(seed);
            // keys longer than 16 bytes are cut to 16: "/shared-prefix-0x..." keys share their text, so ties on
            // count and text happen (the case where the fast views must give up)
            final TopCounter c = new TopCounter(100_000, 16);
            final int keys = 3 + rnd.nextInt(300);
            for (int round = 0; round < 30; round++) {
                for (int i = 0; i < 40; i++) {
                    final int k = rnd.nextInt(keys);
                    final String key = k % 7 == 0 ? "/shared-prefix-0x" + k : "/k" + k;
                    final byte[] b = key.getBytes(StandardCharsets.UTF_8);
                    c.add(ByteHash.hash(b, 0, b.length), b, 0, b.length, 1 + rnd.nextInt(3), rnd.nextInt(2), rnd.nextInt(2));
                }
                final int n = 1 + rnd.nextInt(25);
                final List<String> made = new ArrayList<>();
                for (final TopCounter.Entry e : c.top(n, false, TopCounter.Entry::new)) {
                    made.add(e + "");
                }
                // reference: every entry sorted by count, then text, then stored hash (keys of one text and
                // count are listed by hash, whatever the table's order)
                final List<TopCounter.Entry> all = new ArrayList<>();
                c.forEach((hash, key, offset, length, c0, c1, c2) -> all.add(new TopCounter.Entry(
                        new String(key, offset, length, StandardCharsets.UTF_8), c0, c1, c2, hash)));
                all.sort(Comparator.comparingLong(TopCounter.Entry::c0).reversed().thenComparing(TopCounter.Entry::key)
                        .thenComparingLong(TopCounter.Entry::hash));
                final List<String> entries = new ArrayList<>();
                for (final TopCounter.Entry e : all.subList(0, Math.min(n, all.size()))) {
                    entries.add(e + "");
                }
                assertThat(made).as("seed %d round %d", seed, round).isEqualTo(entries);
                final List<String> viaTop = new ArrayList<>();
                for (final TopCounter.Entry e : c.top(n)) {
                    viaTop.add(e + "");
                }
                assertThat(viaTop).as("seed %d round %d", seed, round).isEqualTo(entries);
                final List<TopCounter.Entry> unambiguous = c.top(n, true, TopCounter.Entry::new);
                final List<String> got = unambiguous == null ? null : new ArrayList<>();
                if (unambiguous != null) {
                    for (final TopCounter.Entry e : unambiguous) {
                        got.add(e + "");
                    }
                }
                assertThat(got).as("seed %d round %d n %d", seed, round, n).isEqualTo(referenceUnambiguous(c, n));
            }
        }
    }
}
