package dev.logmon.core.source;

import dev.logmon.core.TestLogWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What the first bytes of a file say about it: text, UTF-16/32, gzip or binary. */
class ContentSnifferTest {

    private static String describe(final byte[] b) {
        return ContentSniffer.describe(b, 0, b.length);
    }

    @Test
    void shouldLetTextLogsThroughWithTabsCrlfAndANulHoleFirst() {
        final String line = TestLogWriter.line(1).replace(' ', '\t').replace("\n", "\r\n");
        assertThat(describe((line + line).getBytes(StandardCharsets.UTF_8))).isNull();
        final byte[] holed = new byte[3000];
        final byte[] text = line.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, holed, 3000 - text.length, text.length);
        assertThat(describe(holed)).isNull();
        assertThat(describe("caf\u00e9 \u4e2d\u6587 ".repeat(20).getBytes(StandardCharsets.UTF_8))).as("UTF-8").isNull();
    }

    @Test
    void shouldNameUtf16AndUtf32ByTheirByteOrderMarks() {
        assertThat(describe(("\uFEFF" + TestLogWriter.line(1)).getBytes(StandardCharsets.UTF_16LE))).contains("UTF-16");
        assertThat(describe(("\uFEFF" + TestLogWriter.line(1)).getBytes(StandardCharsets.UTF_16BE))).contains("UTF-16");
        assertThat(describe(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, 'a', 0, 0, 0})).contains("UTF-32");
        assertThat(describe(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, 'a'})).contains("UTF-32");
    }

    @Test
    void shouldNameGzipAndBinaryData() {
        assertThat(describe(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0})).contains("gzip");
        final byte[] random = new byte[4096];
        new Random(14).nextBytes(random);
        random[0] = 'x';
        assertThat(describe(random)).contains("does not look like a text log");
    }
}
