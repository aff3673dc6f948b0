package dev.logmon.sinks.json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a double rounded half-up to a few decimals, trailing zeros dropped, with the characters
 * of {@code BigDecimal.valueOf(value).setScale(decimals, HALF_UP).stripTrailingZeros().toPlainString()}
 * but without making a {@code BigDecimal} (or any object) per number: the JSON of every snapshot
 * writes a few dozen of these.
 *
 * <p>The rounding is that of the shortest decimal string of the double ({@code Double.toString},
 * which {@code BigDecimal.valueOf} reads), not of its binary value: 0.125 and 0.015 both round up
 * to 2 decimals although the double nearest 0.015 lies below it. How this is done without the
 * string: with {@code x = |value| * 10^decimals} below 4 * 10^14, the computed floor {@code n} is off
 * from the decimal's only near an integer, where the rounding result is the same either way; the
 * only question is whether the decimal is at or above the midpoint {@code m = (n + 0.5) / 10^decimals}.
 * The double {@code mid} nearest {@code m} is one exact division. If {@code |value| != mid}, the
 * decimal string, which lies in the set of decimals that read back as {@code |value|}, is on the
 * same side of {@code m} as {@code |value|}. If {@code |value| == mid}, {@code m} reads back as
 * {@code |value|}, and since that set is narrower than 10^-(decimals+1) here, no other decimal with
 * as few digits lies in it: the shortest string is {@code m} itself, which rounds up. Larger values,
 * NaN and infinities take the {@code BigDecimal} path (so a non-finite value still throws as it did).
 * {@code RoundedDecimalTest} checks this against the {@code BigDecimal} path over millions of doubles.
 */
final class RoundedDecimal {
    /** Longest text written: a sign, 15 digits and a point, or "-0." and 6 decimals, with room to spare. */
    static final int MAX_CHARS = 24;

    private static final double LIMIT = 4e14;
    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[MAX_CHARS]);

    private RoundedDecimal() {
    }

    /** Writes {@code name} and the rounded value as a JSON number. */
    static void writeProperty(final JsonGenerator gen, final String name, final double value, final int decimals) {
        final char[] buf = BUFFER.get();
        final int len = format(value, decimals, buf);
        if (len >= 0) {
            gen.writeName(name);
            gen.writeNumber(buf, 0, len);
        } else {
            gen.writeNumberProperty(name, exact(value, decimals));
        }
    }

    /** The {@code BigDecimal} form this class reproduces; also the path for values it does not handle. */
    static BigDecimal exact(final double value, final int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /**
     * Writes the rounded value's plain text into {@code buf} (at least {@link #MAX_CHARS} long) and
     * returns its length, or -1 when the value is not finite or {@code |value| * 10^decimals} is not
     * below 4 * 10^14 (nothing written then): there the set of decimals reading back as one double
     * is 0.09 wide in units of the last decimal, close to the 0.1 the argument above needs.
     *
     * @param decimals 0 to 6
     */
    static int format(final double value, final int decimals, final char[] buf) {
        final double scale = POW10[decimals];
        final double a = Math.abs(value);
        if (!(a * scale < LIMIT)) {
            return -1;
        }
        final long n = (long) (a * scale);
        final double mid = (double) (2 * n + 1) / (2 * scale);
        long units = a >= mid ? n + 1 : n;
        if (units == 0) {
            buf[0] = '0';
            return 1;
        }
        int places = decimals;
        while (places > 0 && units % 10 == 0) {
            units /= 10;
            places--;
        }
        // Digits from the right, then reversed into place.
        int end = MAX_CHARS;
        int written = 0;
        while (units != 0 || written <= places) {
            if (written == places && places > 0) {
                buf[--end] = '.';
            }
            buf[--end] = (char) ('0' + units % 10);
            units /= 10;
            written++;
        }
        if (value < 0) {
            buf[--end] = '-';
        }
        final int len = MAX_CHARS - end;
        System.arraycopy(buf, end, buf, 0, len);
        return len;
    }
}
