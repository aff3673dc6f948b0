package dev.logmon.sinks.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.core.JsonGenerator;

/**
 * {@link RoundedDecimal} writes, for every double, the characters of the {@code BigDecimal} path it
 * replaced: seeded properties over millions of doubles plus the edges named one by one.
 */
class RoundedDecimalTest {
    private static final long SEED = 0x22_6_2026L;
    private final char[] buf = new char[RoundedDecimal.MAX_CHARS];

    /** Checks one value at one scale; true when the fast path took it. */
    private boolean check(final double value, final int decimals, final String what) {
        final int len = RoundedDecimal.format(value, decimals, buf);
        if (len < 0) {
            assertThat(!Double.isFinite(value) || Math.abs(value) * Math.pow(10, decimals) >= 4e14)
                    .as("%s: %s (bits %x) at %d decimals refused by the fast path (seed %x)",
                            what, value, Double.doubleToRawLongBits(value), decimals, SEED)
                    .isTrue();
            return false;
        }
        final String expected = RoundedDecimal.exact(value, decimals).toPlainString();
        final String got = new String(buf, 0, len);
        if (!got.equals(expected)) {
            throw new AssertionError(what + ": " + value + " (bits " + Long.toHexString(Double.doubleToRawLongBits(value))
                    + ", Double.toString " + Double.toString(value) + ") at " + decimals + " decimals: got " + got
                    + ", BigDecimal path " + expected + " (seed " + Long.toHexString(SEED) + ")");
        }
        return true;
    }

    private int checkAllScales(final double value, final String what) {
        int fast = 0;
        for (int d = 0; d <= 6; d++) {
            fast += check(value, d, what) ? 1 : 0;
            fast += check(-value, d, what) ? 1 : 0;
        }
        return fast;
    }

    @Test
    void shouldMatchTheBigDecimalPathOnTheEdges() {
        final double[] edges = {0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e-300,
            0.5, 0.05, 0.005, 0.0005, 0.00005, 0.125, 0.015, 0.0125, 1.005, 2.675, 1.255, 0.99995, 0.9995,
            0.995, 9.995, 99.995, 999.9995, 0.999999, 9.9999995, 0.0049999, 0.00499999999, 12.345, 3.10,
            7.0, 1_234_567.5, 0.001, 1e12, 1e13, 9.999999999999e12, 99_999_999_999.995, 9_999_999_999.9995,
            1e11, 123_456_789_012.345, 1e12, 3.99999999999999e12, 4e12, 4e14, 3_999_999_999_999.995,
            399_999_999_999_999.5, 39_999_999_999.99995, 4.35, 4.45, 1.0 / 3, 2.0 / 3, 0.1 + 0.2, 100, 1000.0005};
        for (final double e : edges) {
            checkAllScales(e, "edge");
            checkAllScales(Math.nextUp(e), "edge+ulp");
            checkAllScales(Math.nextDown(e), "edge-ulp");
        }
        final char[] b = new char[RoundedDecimal.MAX_CHARS];
        assertThat(new String(b, 0, RoundedDecimal.format(0.99995, 4, b))).isEqualTo("1");
        assertThat(new String(b, 0, RoundedDecimal.format(-0.015, 2, b))).isEqualTo("-0.02");
        assertThat(new String(b, 0, RoundedDecimal.format(-0.0, 2, b))).isEqualTo("0");
        assertThat(new String(b, 0, RoundedDecimal.format(-0.004, 2, b))).isEqualTo("0");
        assertThat(new String(b, 0, RoundedDecimal.format(0.0125, 3, b))).isEqualTo("0.013");
        assertThat(new String(b, 0, RoundedDecimal.format(1200.0, 2, b))).isEqualTo("1200");
        assertThat(new String(b, 0, RoundedDecimal.format(0.05, 4, b))).isEqualTo("0.05");
        for (final double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThat(RoundedDecimal.format(bad, 2, b)).isEqualTo(-1);
            assertThatThrownBy(() -> RoundedDecimal.exact(bad, 2)).isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldMatchTheBigDecimalPathOnRandomBits() {
        final SplittableRandom random = new SplittableRandom(SEED);
        int fast = 0;
        for (int i = 0; i < 1_000_000; i++) {
            final double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(v)) {
                fast += check(v, random.nextInt(7), "random bits") ? 1 : 0;
            }
        }
        // Random bits are mostly huge or tiny: about half are below the limit, nearly all of them rounding to 0.
        assertThat(fast).as("fast path taken (seed %x)", SEED).isGreaterThan(400_000);
        // Random bits in the magnitudes snapshots hold and up to the limit (exponent 2^-20 .. 2^49).
        for (int i = 0; i < 1_000_000; i++) {
            final long exponent = 1023 - 20 + random.nextInt(70);
            final long bits = (exponent << 52) | (random.nextLong() & ((1L << 52) - 1));
            check(Double.longBitsToDouble(bits), 2 + random.nextInt(3), "random bits in range");
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldMatchTheBigDecimalPathOnShortDecimalsAndTheirMidpoints() {
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        int fast = 0;
        for (int i = 0; i < 1_000_000; i++) {
            // A decimal with 1 to 6 places and up to 15 digits in all, read as the nearest double.
            final int places = 1 + random.nextInt(6);
            final long unscaled = random.nextLong((long) Math.pow(10, 1 + random.nextInt(15)));
            final double v = BigDecimal.valueOf(unscaled, places).doubleValue();
            fast += check(v, random.nextInt(7), "decimal") ? 1 : 0;
            check(Math.nextUp(v), 2 + random.nextInt(3), "decimal+ulp");
            check(Math.nextDown(v), 2 + random.nextInt(3), "decimal-ulp");
        }
        assertThat(fast).as("fast path taken (seed %x)", SEED).isGreaterThan(800_000);
        for (int i = 0; i < 1_000_000; i++) {
            // The half-way point n.5 of a scale, and the doubles next to it: where the decimal string
            // and the binary value may round differently.
            final int decimals = random.nextInt(7);
            final long n = random.nextLong((long) Math.pow(10, 1 + random.nextInt(15)));
            final double mid = new BigDecimal(n).add(BigDecimal.valueOf(5, 1)).movePointLeft(decimals).doubleValue();
            check(mid, decimals, "midpoint");
            check(-mid, decimals, "-midpoint");
            check(Math.nextUp(mid), decimals, "midpoint+ulp");
            check(Math.nextDown(mid), decimals, "midpoint-ulp");
        }
    }

    @Test
    void shouldWriteTheSameJsonAsTheBigDecimalWithoutAllocating() {
        final double[] values = {12.345, 0.015, -2.675, 0.99995, 1e12 + 0.5, 1e20, 0.0, -0.0, 4.35};
        for (int d = 2; d <= 4; d++) {
            final ByteArrayOutputStream ours = new ByteArrayOutputStream();
            final ByteArrayOutputStream theirs = new ByteArrayOutputStream();
            try (JsonGenerator a = SnapshotJson.newGenerator(ours); JsonGenerator b = SnapshotJson.newGenerator(theirs)) {
                a.writeStartObject();
                b.writeStartObject();
                for (final double v : values) {
                    RoundedDecimal.writeProperty(a, "v", v, d);
                    b.writeNumberProperty("v", RoundedDecimal.exact(v, d));
                }
                a.writeEndObject();
                b.writeEndObject();
            }
            assertThat(ours.toString(StandardCharsets.US_ASCII)).isEqualTo(theirs.toString(StandardCharsets.US_ASCII));
        }

        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final ByteArrayOutputStream sink = new ByteArrayOutputStream(1 << 20);
        try (JsonGenerator gen = SnapshotJson.newGenerator(sink)) {
            gen.writeStartArray();
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                sink.reset();
                final long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < 10_000; i++) {
                    gen.writeStartObject();
                    RoundedDecimal.writeProperty(gen, "rate", i * 0.37, 2);
                    RoundedDecimal.writeProperty(gen, "p99", i * 0.0125, 3);
                    gen.writeEndObject();
                }
                allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
            }
            gen.writeEndArray();
            // The BigDecimal path took some 300 bytes per number, here 6 MB per round.
            assertThat(allocated).as("bytes allocated for 20,000 numbers").isLessThan(20_000);
        }
    }
}
