package dev.logmon.sinks.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void shouldReturnSameInstanceWhenEverySurrogateIsPaired() {
        final String s = "/ok\uD83D\uDE00\u202E";
        assertThat(JsonText.withPairedSurrogates(s)).isSameAs(s);
        assertThat(JsonText.withPairedSurrogates(null)).isNull();
        assertThat(JsonText.withPairedSurrogates("")).isEmpty();
    }

    @Test
    void shouldReplaceEveryUnpairedSurrogate() {
        assertThat(JsonText.withPairedSurrogates("\uD800")).isEqualTo("\uFFFD");
        assertThat(JsonText.withPairedSurrogates("a\uDC00b\uD800")).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(JsonText.withPairedSurrogates("\uD800\uD83D\uDE00")).isEqualTo("\uFFFD\uD83D\uDE00");
        assertThat(JsonText.withPairedSurrogates("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD");
    }
}
