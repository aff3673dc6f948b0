package dev.logmon.core.analyze;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.LogmonCoupons;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The visitor sketch keeps its own coupons and registers: its estimates must be those of
 * DataSketches' HllSketch and Union fed the same addresses, split and merged the same way, on both
 * sides of the count where DataSketches moves from its coupon list to registers, and after the
 * sketch is cleared and filled again (its arrays reused).
 */
class VisitorSketchEquivalenceTest {
    @Test
    void shouldGiveDataSketchesEstimatesForRecordsMergesAndRefills() {
        final int[] sizes = {0, 1, 7, 8, 9, 100, VisitorSketch.PROMOTE_AT - 2, VisitorSketch.PROMOTE_AT - 1,
            VisitorSketch.PROMOTE_AT, VisitorSketch.PROMOTE_AT + 1, 700, 3_000, 20_000, 120_000};
        // kept across the rounds: every round after the first reuses cleared arrays
        final VisitorSketch[] parts = {new VisitorSketch(), new VisitorSketch(), new VisitorSketch()};
        final VisitorSketch sum = new VisitorSketch();
        for (long seed = 1; seed <= 6; seed++) {
            for (final int size : sizes) {
                final Random rnd = new Random(seed * 1_000_003L + size);
                final String what = "seed " + seed + ", " + size + " addresses";
                final HllSketch[] refParts = new HllSketch[parts.length];
                for (int p = 0; p < parts.length; p++) {
                    parts[p].clear();
                    refParts[p] = new HllSketch(VisitorSketch.LG_K, TgtHllType.HLL_8);
                }
                for (int i = 0; i < size * 2; i++) {
                    final long host = rnd.nextInt(Math.max(1, size)) * 0x9E3779B97F4A7C15L + seed;
                    final int p = rnd.nextInt(parts.length);
                    parts[p].record(host);
                    LogmonCoupons.update(refParts[p], host);
                }
                final Union ref = new Union(VisitorSketch.LG_K);
                sum.clear();
                for (int k = 0; k < parts.length; k++) {
                    final int p = (k + (int) seed) % parts.length; // merge order varies with the seed
                    assertThat(parts[p].estimate()).as(what + ", part " + p)
                            .isEqualTo(Math.round(refParts[p].getCompositeEstimate()));
                    sum.add(parts[p]);
                    ref.update(refParts[p]);
                    assertThat(sum.estimate()).as(what + ", after merging part " + p)
                            .isEqualTo(Math.round(ref.getCompositeEstimate()));
                }
                sum.add(parts[0]); // a part merged twice changes nothing
                assertThat(sum.estimate()).as(what).isEqualTo(Math.round(ref.getCompositeEstimate()));
                if (size == 0) {
                    assertThat(sum.isEmpty()).as(what).isTrue();
                    assertThat(sum.toBytes()).as(what).isEmpty();
                    continue;
                }
                final VisitorSketch back = new VisitorSketch();
                back.add(VisitorSketch.fromBytes(sum.toBytes()));
                assertThat(back.estimate()).as(what + ", from its bytes").isEqualTo(sum.estimate());
                final VisitorSketch fromRef = new VisitorSketch();
                fromRef.add(VisitorSketch.fromBytes(ref.getResult(TgtHllType.HLL_4).toCompactByteArray()));
                assertThat(fromRef.estimate()).as(what + ", DataSketches' bytes read").isEqualTo(sum.estimate());
            }
        }
    }
}
