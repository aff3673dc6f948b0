package dev.logmon.core.format;

import static dev.logmon.core.format.ParserTestSupport.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampCacheTest {
    private static final String[] MINUTES = {"10/Oct/2000:13:55", "10/Oct/2000:13:56", "31/Dec/1999:23:59",
        "01/Jan/2000:00:00", "29/Feb/2024:12:00", "29/Feb/2023:12:00", "10/Oct/2000:13:5x", "10/Oct/2000:24:00"};
    private static final String[] SECONDS = {"00", "01", "36", "59", "60", "99", "5a", "-1", "::"};
    private static final String[] ZONES = {"+0000", "-0700", "+0530", "+0060", "*0100", "-0000"};

    /** Runs of lines share a minute; seconds, zones, minutes and brackets change at random. */
    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L, 4L})
    void shouldAnswerExactlyAsTheFullParserForAnySequenceOfTimes(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final TimestampCache cache = new TimestampCache();
        String minute = MINUTES[0];
        String zone = ZONES[0];
        int hits = 0;
        for (int i = 0; i < 50_000; i++) {
            if (random.nextInt(20) == 0) {
                minute = MINUTES[random.nextInt(MINUTES.length)];
            }
            if (random.nextInt(30) == 0) {
                zone = ZONES[random.nextInt(ZONES.length)];
            }
            final String second = random.nextInt(10) == 0 ? SECONDS[random.nextInt(SECONDS.length)]
                    : String.format("%02d", random.nextInt(60));
            String bare = minute + ":" + second + " " + zone;
            if (random.nextInt(50) == 0) {
                bare = bare.substring(0, random.nextInt(bare.length())); // cut short
            }
            final byte[] bracketed = ascii("x [" + bare + (random.nextInt(40) == 0 ? ")" : "]") + " \"GET");
            final byte[] plain = ascii("y " + bare + " z");
            final long expectBracketed = TimestampParser.parse(bracketed, 2, bracketed.length);
            final long expectBare = TimestampParser.parseBare(plain, 2, plain.length);

            assertThat(cache.parse(bracketed, 2, bracketed.length)).as("%s", bare).isEqualTo(expectBracketed);
            assertThat(cache.parseBare(plain, 2, plain.length)).as("%s", bare).isEqualTo(expectBare);
            hits += expectBare >= 0 ? 1 : 0;
        }
        assertThat(hits).as("many generated times are valid, so the cached path is exercised").isGreaterThan(15_000);
    }

    @Test
    void shouldNotTakeAnInvalidTimeAsTheKey() {
        final TimestampCache cache = new TimestampCache();
        final byte[] bad = ascii("[31/Feb/2024:10:00:00 +0000]");
        final byte[] good = ascii("[28/Feb/2024:10:00:07 +0000]");

        assertThat(cache.parse(bad, 0, bad.length)).isEqualTo(TimestampParser.INVALID);
        assertThat(cache.parse(bad, 0, bad.length)).isEqualTo(TimestampParser.INVALID);
        assertThat(cache.parse(good, 0, good.length)).isEqualTo(TimestampParser.parse(good, 0, good.length));
    }

    /**
     * Every byte of a time is part of the key or of the second: a time that differs from the
     * cached one in any single byte, by any value, is answered as the full parser answers it
     * (the key is compared a word at a time; a byte left out of every word would be taken as the
     * cached minute's).
     */
    @Test
    void shouldTellATimeThatDiffersFromTheCachedOneInAnySingleByte() {
        final String[] bases = {"10/Oct/2000:13:55:36 +0000", "31/Dec/1999:23:59:59 -0700", "29/Feb/2024:00:00:00 +0530"};
        for (final String base : bases) {
            final byte[] key = ascii("[" + base + "]");
            final byte[] bare = ascii(base);
            for (int at = 0; at < base.length(); at++) {
                for (int value = 0; value < 256; value++) {
                    final TimestampCache cache = new TimestampCache();
                    assertThat(cache.parse(key, 0, key.length)).isEqualTo(TimestampParser.parse(key, 0, key.length));
                    final byte[] changed = key.clone();
                    changed[1 + at] = (byte) value;
                    assertThat(cache.parse(changed, 0, changed.length)).as("%s with byte %d = %d", base, at, value)
                            .isEqualTo(TimestampParser.parse(changed, 0, changed.length));

                    final TimestampCache bareCache = new TimestampCache();
                    assertThat(bareCache.parseBare(bare, 0, bare.length))
                            .isEqualTo(TimestampParser.parseBare(bare, 0, bare.length));
                    final byte[] changedBare = bare.clone();
                    changedBare[at] = (byte) value;
                    assertThat(bareCache.parseBare(changedBare, 0, changedBare.length))
                            .as("bare %s with byte %d = %d", base, at, value)
                            .isEqualTo(TimestampParser.parseBare(changedBare, 0, changedBare.length));
                }
            }
        }
    }
}
