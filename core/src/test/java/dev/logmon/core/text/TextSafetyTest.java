package dev.logmon.core.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextSafetyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ESC CSI     | 1b,5b,33,31,6d          | \\x1b[31m",
        "OSC BEL     | 1b,5d,30,3b,78,07       | \\x1b]0;x\\x07",
        "CR LF TAB   | 61,0d,0a,09,62          | a\\x0d\\x0a\\x09b",
        "C1 CSI      | 9b,32,4a                | \\x9b2J",
        "DEL         | 7f                      | \\x7f",
        "bidi        | 61,202e,62              | a\\u202eb",
        "zero width  | 61,200b,200d,2060,62    | a\\u200b\\u200d\\u2060b",
        "soft hyphen | 61,ad,62                | a\\xadb",
        "combining   | 65,301                  | e\\u0301",
        "line sep    | 2028,2029               | \\u2028\\u2029",
        "BOM         | feff                    | \\ufeff",
        "private use | e000                    | \\ue000",
        "lone high   | d83d,61                 | \\ud83da",
        "lone low    | de00                    | \\ude00",
        "emoji pair  | d83d,de00               | \\U0001f600",
        "plain       | 2f,61,70,69             | /api",
        "latin, CJK  | e9,4e2d,6587            | é中文"
    })
    void shouldLeaveOnlyPlainCellsForTheTerminal(final String name, final String hexChars, final String expected) {
        final StringBuilder in = new StringBuilder();
        for (final String h : hexChars.split(",")) {
            in.append((char) Integer.parseInt(h.trim(), 16));
        }

        assertThat(TextSafety.forTerminal(in.toString())).isEqualTo(expected);
    }

    @Test
    void shouldReturnTheSameStringWhenNothingIsUnsafe() {
        final String plain = "/pages/create?x=1";
        assertThat(TextSafety.forTerminal(plain)).isSameAs(plain);
    }
    @Test
    void shouldReturnSameInstanceWhenEverySurrogateIsPaired() {
        final String s = "/ok\uD83D\uDE00\u202E";
        assertThat(TextSafety.withPairedSurrogates(s)).isSameAs(s);
        assertThat(TextSafety.withPairedSurrogates(null)).isNull();
        assertThat(TextSafety.withPairedSurrogates("")).isEmpty();
    }

    @Test
    void shouldReplaceEveryUnpairedSurrogate() {
        assertThat(TextSafety.withPairedSurrogates("\uD800")).isEqualTo("\uFFFD");
        assertThat(TextSafety.withPairedSurrogates("a\uDC00b\uD800")).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(TextSafety.withPairedSurrogates("\uD800\uD83D\uDE00")).isEqualTo("\uFFFD\uD83D\uDE00");
        assertThat(TextSafety.withPairedSurrogates("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD");
    }

    @Test
    void shouldCutToOneSafeLineAndSayItWasCut() {
        assertThat(TextSafety.truncated(null, 5)).isEmpty();
        assertThat(TextSafety.truncated("short", 5)).isEqualTo("short");
        assertThat(TextSafety.truncated("line one\nline two", 8)).isEqualTo("line one...");
        assertThat(TextSafety.truncated("a\nb\u001b[2Jc", 40)).isEqualTo("a\\x0ab\\x1b[2Jc");
        assertThat(TextSafety.truncated("x\uD83D\uDE00", 2)).isEqualTo("x\uFFFD...");
    }

    @Test
    void shouldKeepATokenPrintableAscii() {
        assertThat(TextSafety.asciiToken("https")).isEqualTo("https");
        assertThat(TextSafety.asciiToken("h\u00e9\n")).isEqualTo("h\\u00e9\\u000a");
        assertThat(TextSafety.asciiToken("a".repeat(50))).hasSize(40);
    }
}
