package dev.logmon.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No bytes make a preset's parser throw: each line ends parsed or malformed with a reason. */
class PresetFuzzTest {
    private static final String[] SAMPLES = {"awsalb.log", "awselb.log", "awss3.log", "haproxy.log", "traefikclf.log",
        "cloudfront.log", "squid.log", "cloudstorage.log", "caddy.log", "w3c-lnav.log"};

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L, 42L, 20_261_206L})
    @Timeout(120)
    void shouldNeverThrowOnMutatedSampleLines(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final LogEvent event = new LogEvent();
        for (final String sample : SAMPLES) {
            final String[] lines = new String(FormatSample.resource(sample), StandardCharsets.ISO_8859_1).split("\n");
            for (final String format : LineFormat.NAMES) {
                final LineParser parser = LineFormat.parse(format, null).newParser(random.nextBoolean(), sample,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                for (int i = 0; i < 300; i++) {
                    final byte[] b = lines[random.nextInt(lines.length)].getBytes(StandardCharsets.ISO_8859_1);
                    for (int k = random.nextInt(0, 6); k > 0 && b.length > 0; k--) {
                        b[random.nextInt(b.length)] = (byte) " \t\",:/[]-#<>{}0123456789.\\".charAt(random.nextInt(26));
                    }
                    final int cut = random.nextInt(b.length + 1);
                    try {
                        parser.lineSecond(b, 0, cut);
                        final boolean ok = parser.parse(b, 0, cut, event);
                        assertThat(event.kind).isEqualTo(ok ? LogEvent.DATA : LogEvent.MALFORMED);
                    } catch (RuntimeException e) {
                        throw new AssertionError("seed " + seed + ", format " + format + ", line "
                                + new String(b, 0, cut, StandardCharsets.ISO_8859_1), e);
                    }
                }
                parser.sourceEnded();
            }
        }
    }
}
