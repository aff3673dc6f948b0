package dev.logmon.core.analyze;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SourceCounters} makes its rows at the first line and grows them once more: every row
 * (unmade ones read 0), every merge and every clear must count as 65 rows made at once did.
 */
class SourceCountersTest {

    /** The counts of every row, as a plain reference would hold them. */
    private static final class Reference {
        final long[][] rows = new long[SourceCounters.ROWS][4];

        void record(final int sourceId, final long size, final int cls) {
            final long[] r = rows[SourceCounters.rowOf(sourceId)];
            r[0]++;
            r[1] += size;
            r[2] += cls == 3 ? 1 : 0;
            r[3] += cls == 4 ? 1 : 0;
        }

        void add(final Reference o) {
            for (int i = 0; i < rows.length; i++) {
                for (int k = 0; k < 4; k++) {
                    rows[i][k] += o.rows[i][k];
                }
            }
        }
    }

    private static void assertSame(final SourceCounters c, final Reference ref, final String what) {
        int highest = 0;
        for (int row = 0; row < SourceCounters.ROWS; row++) {
            assertThat(new long[] {c.hits(row), c.bytes(row), c.errors4xx(row), c.errors5xx(row)})
                    .as("%s, row %d", what, row).containsExactly(ref.rows[row]);
            if (ref.rows[row][0] > 0) {
                highest = row + 1;
            }
        }
        assertThat(c.rows()).as(what).isGreaterThanOrEqualTo(highest);
    }

    @Test
    void rowsMadeOnDemandCountMergeAndClearLikeAllRows() {
        for (long seed = 1; seed <= 40; seed++) {
            final SplittableRandom rnd = new SplittableRandom(seed);
            // sources: one, a few (under FEW_ROWS), many (past it, past CAPACITY, negative ids)
            final int spread = new int[] {1, 5, SourceCounters.FEW_ROWS + 3, 90}[(int) (seed % 4)];
            final SourceCounters a = new SourceCounters();
            final SourceCounters b = new SourceCounters();
            final Reference ra = new Reference();
            final Reference rb = new Reference();
            assertSame(a, ra, "seed " + seed + " empty");
            for (int i = 0; i < 2000; i++) {
                final int id = rnd.nextInt(spread) - (spread > 50 && rnd.nextInt(10) == 0 ? 100 : 0);
                final long size = rnd.nextInt(100_000);
                final int cls = rnd.nextInt(6);
                if (rnd.nextBoolean()) {
                    a.record(id, size, cls);
                    ra.record(id, size, cls);
                } else {
                    b.record(id, size, cls);
                    rb.record(id, size, cls);
                }
            }
            assertSame(a, ra, "seed " + seed + " a");
            assertSame(b, rb, "seed " + seed + " b");
            // a fresh one (no rows yet) takes the merge; then rows added one by one past what it made
            final SourceCounters sum = new SourceCounters();
            final Reference rsum = new Reference();
            sum.addAll(a);
            rsum.add(ra);
            sum.addAll(b);
            rsum.add(rb);
            assertSame(sum, rsum, "seed " + seed + " merged");
            sum.add(SourceCounters.OTHER, 3, 30, 1, 1);
            rsum.rows[SourceCounters.OTHER][0] += 3;
            rsum.rows[SourceCounters.OTHER][1] += 30;
            rsum.rows[SourceCounters.OTHER][2] += 1;
            rsum.rows[SourceCounters.OTHER][3] += 1;
            assertSame(sum, rsum, "seed " + seed + " other row");
            // clear keeps the rows made and zeroes them; counting again starts from 0
            sum.clear();
            assertSame(sum, new Reference(), "seed " + seed + " cleared");
            assertThat(sum.rows()).isZero();
            sum.record(2, 10, 4);
            final Reference after = new Reference();
            after.record(2, 10, 4);
            assertSame(sum, after, "seed " + seed + " after clear");
        }
    }
}
