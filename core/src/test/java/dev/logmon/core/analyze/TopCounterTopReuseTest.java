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
}
