package dev.logmon.core.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link QuotedField#closingQuote} reads eight bytes at a time; it must find exactly what a
 * byte-at-a-time reading of the same rule finds, wherever the quotes, backslashes and spaces fall
 * relative to the word boundaries.
 */
class QuotedFieldTest {

    /** The rule read one byte at a time: a backslash hides the next byte; a quote closes before a space or the end. */
    private static int byteAtATime(final byte[] buf, final int from, final int end) {
        int i = from;
        while (i < end) {
            final byte c = buf[i];
            if (c == '\\') {
                i += 2;
            } else if (c == '"' && (i + 1 == end || buf[i + 1] == ' ')) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static int closing(final String field) {
        final byte[] b = field.getBytes(StandardCharsets.ISO_8859_1);
        return QuotedField.closingQuote(b, 0, b.length);
    }

    @Test
    void shouldCloseAtAQuoteBeforeASpaceOrTheEnd() {
        assertThat(closing("GET /a HTTP/1.1\" 200")).isEqualTo(15);
        assertThat(closing("Mozilla/5.0 (X11; Linux x86_64) Gecko\"")).isEqualTo(37);
        assertThat(closing("a \\\" still inside, then\" x")).isEqualTo(23); // escaped quote
        assertThat(closing("a \\\\\" x")).isEqualTo(4); // escaped backslash, then the closing quote
        assertThat(closing("say \"hi\"there\" x")).isEqualTo(13); // unescaped quotes inside, not before a space
        assertThat(closing("never closed, long enough to take several words")).isEqualTo(-1);
        assertThat(closing("ends on a backslash \\")).isEqualTo(-1);
        assertThat(closing("")).isEqualTo(-1);
        assertThat(closing("\"")).isEqualTo(0);
    }

    @Test
    void shouldAgreeWithTheByteAtATimeRuleOnRandomFields() {
        final SplittableRandom random = new SplittableRandom(20261128);
        final byte[] alphabet = {'"', '\\', ' ', 'a', 'b', '/', '"', ' ', 0, (byte) 0xff, (byte) 0xa2, (byte) 0xdc};
        final byte[] buf = new byte[80];
        for (int round = 0; round < 200_000; round++) {
            final int dense = 1 + random.nextInt(12); // from mostly quotes and spaces to mostly letters
            for (int i = 0; i < buf.length; i++) {
                buf[i] = random.nextInt(dense) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('c' + random.nextInt(20));
            }
            final int from = random.nextInt(buf.length + 1);
            final int end = from + random.nextInt(buf.length - from + 1);
            assertThat(QuotedField.closingQuote(buf, from, end)).as("round %d, [%d, %d)", round, from, end)
                    .isEqualTo(byteAtATime(buf, from, end));
        }
    }
}
