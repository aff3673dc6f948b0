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
}
