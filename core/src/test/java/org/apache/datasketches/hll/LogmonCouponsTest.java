package org.apache.datasketches.hll;

import dev.logmon.core.analyze.VisitorSketch;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins what the bridge relies on in DataSketches (6.2.0): a coupon given to the package-private
 * {@code couponUpdate} lands as DataSketches' own coupons do, its low bits choosing the register
 * and the bits above {@code 26} its value. If a later DataSketches reads coupons otherwise, the
 * count would be silently wrong: this test says so instead, register by register. (A removed or
 * renamed {@code couponUpdate} fails the build, and at run time an analyzer's first line with
 * {@code NoSuchMethodError}, a fatal error that ends the run with one line.)
 */
class LogmonCouponsTest {
    @Test
    void shouldSetEachRegisterToTheHighestValueOfTheCouponsAddressedToIt() {
        final long seed = 1212;
        final Random random = new Random(seed);
        final int k = 1 << VisitorSketch.LG_K;
        final int[] expected = new int[k];
        final HllSketch sketch = new HllSketch(VisitorSketch.LG_K, TgtHllType.HLL_8);
        for (int i = 0; i < 20_000; i++) {
            final long hash = random.nextLong();
            final int coupon = LogmonCoupons.coupon(hash);
            final int slot = coupon & (k - 1);
            expected[slot] = Math.max(expected[slot], coupon >>> 26);
            LogmonCoupons.update(sketch, hash);
        }
        assertThat(sketch.getCurMode()).as("seed %d", seed).isEqualTo(CurMode.HLL);

        final byte[] image = sketch.toUpdatableByteArray();
        final int registersAt = image.length - k; // HLL_8: the preamble, then one byte per register
        final int[] actual = new int[k];
        for (int slot = 0; slot < k; slot++) {
            actual[slot] = image[registersAt + slot];
        }
        assertThat(actual).as("seed %d: the registers DataSketches kept from logmon's coupons", seed)
                .containsExactly(expected);
    }

    @Test
    void shouldMakeCouponsOfAValueFrom1To63AndAKeyOf26Bits() {
        final long seed = 1213;
        final Random random = new Random(seed);
        for (int i = 0; i < 100_000; i++) {
            final int coupon = LogmonCoupons.coupon(random.nextLong());
            assertThat(coupon >>> 26).as("seed %d", seed).isBetween(1, 63);
        }
        assertThat(LogmonCoupons.coupon(0L)).isNotZero(); // 0 is DataSketches' empty slot
    }
}
