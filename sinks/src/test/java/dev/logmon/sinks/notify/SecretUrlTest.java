package dev.logmon.sinks.notify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://files.example.com/hook?token=s3cret | must be an http:// or https:// URL, not ftp://",
        "http:///only/a/path?token=s3cret          | has no host",
        "hooks.example.com/s3cret                  | must be an http:// or https:// URL",
        "https://exa mple.com/s3cret               | is not a valid URL",
        "'   '                                     | is empty"})
    void shouldRejectWithAMessageThatNeverRepeatsTheUrl(final String url, final String expected) {
        assertThatThrownBy(() -> SecretUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void shouldShowOnlySchemeAndHost() {
        final SecretUrl url = SecretUrl.parse("HTTPS://hooks.example.com:8443/services/T0/B0/s3cret?x=1");

        assertThat(url).hasToString("https://hooks.example.com");
        assertThat(url.scrub("POST https://hooks.example.com:8443/services/T0/B0/s3cret?x=1 failed"))
                .isEqualTo("POST https://hooks.example.com:8443/<redacted> failed");
        assertThat(url.scrub("no route /services/T0/B0/s3cret?x=1")).isEqualTo("no route /<redacted>");
        assertThat(SecretUrl.parse("http://bot:pa55@example.com/").scrub("to http://bot:pa55@example.com/"))
                .isEqualTo("to http://example.com/");
    }
}
