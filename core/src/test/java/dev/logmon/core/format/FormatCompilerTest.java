package dev.logmon.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormatCompilerTest {

    static Stream<Arguments> badFormats() {
        return Stream.of(
                arguments("$remote_addr$status", "$remote_addr$status", 1),
                arguments("%h %l %u %t \"%r\" %>s %b %Z", "%Z", 25),
                arguments("%h %{Referer", "%{Referer", 4),
                arguments("%h %", "%", 4),
                arguments("$remote_addr ${status", "${status", 14),
                arguments("%h %{%d/%m/%Y}t %>s", "%{%d/%m/%Y}t", 4),
                arguments("$remote_addr $request $status", "$request", 14),
                arguments("%h %s %>s", "%>s", 7),
                arguments("%h %{ks}T", "%{ks}T", 4),
                arguments("$remote_addr $http_x_forwarded_for $status", "$http_x_forwarded_for", 14),
                arguments("%h %{User-Agent}i %>s", "%{User-Agent}i", 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFormats")
    void shouldRefuseAFormatItCannotCompileNamingTheToken(final String format, final String token, final int column) {
        assertThatThrownBy(() -> FormatCompiler.compile(format))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("'" + token + "'")
                .hasMessageContaining("column " + column)
                .satisfies(e -> assertThat(((FormatException) e).token()).isEqualTo(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "no fields at all"})
    void shouldRefuseAnEmptyFormatOrOneWithoutFields(final String format) {
        assertThatThrownBy(() -> LineFormat.parse(format, null)).isInstanceOf(FormatException.class);
    }

    @Test
    void shouldAcceptUnquotedHeadersThatHoldNoSpaces() {
        assertThat(FormatCompiler.compile("$remote_addr $http_host $status $http_x_forwarded_for").kinds)
                .containsExactly(FieldKind.HOST, FieldKind.OPAQUE, FieldKind.STATUS, FieldKind.XFF);
        assertThat(FormatCompiler.compile("%h %{Host}i %>s \"%{User-Agent}i\"").kinds)
                .containsExactly(FieldKind.HOST, FieldKind.OPAQUE, FieldKind.STATUS, FieldKind.OPAQUE_SPACED);
    }

    @Test
    void shouldTellTheDialectsApart() {
        assertThat(FormatCompiler.compile("$remote_addr [$time_local] \"$request\" $status 100%").dialect())
                .isEqualTo("nginx");
        assertThat(FormatCompiler.compile("%h %t \"%r\" %>s %b $5").dialect()).isEqualTo("apache");
    }

    @Test
    void shouldGiveTheRoleToThePreferredFieldAndSkipTheOthers() {
        final CompiledFormat f = FormatCompiler.compile(
                "$remote_addr [$time_local] \"$request\" $status $bytes_sent $body_bytes_sent "
                        + "$upstream_response_time $request_time");
        assertThat(f.kinds).containsExactly(FieldKind.HOST, FieldKind.TIME_LOCAL, FieldKind.REQUEST,
                FieldKind.STATUS, FieldKind.OPAQUE, FieldKind.SIZE, FieldKind.OPAQUE, FieldKind.LATENCY);
        assertThat(f.hasLatency()).isTrue();
        assertThat(f.hasForwardedFor()).isFalse();
    }

    @Test
    void shouldReadApacheEscapesAsPastedFromAConfigFile() {
        final CompiledFormat f = FormatCompiler.compile("%h %l %u %t \\\"%r\\\" %>s %b 100%%");
        assertThat(f.literals[4]).isEqualTo(" \"".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(f.literals[7]).isEqualTo(" 100%".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "common", "combined", "vcombined", "nginx-timed", "apache-timed", "json", "JSON",
        "Combined"})
    void shouldKnowEveryPreset(final String name) {
        assertThat(LineFormat.parse(name, null).newParser(false)).isNotNull();
    }

    @Test
    void shouldSayWhichPresetsHaveARequestTime() {
        assertThat(LineFormat.parse("nginx-timed", null).hasLatency()).isTrue();
        assertThat(LineFormat.parse("apache-timed", null).hasLatency()).isTrue();
        assertThat(LineFormat.parse("combined", null).hasLatency()).isFalse();
        assertThat(LineFormat.parse("vcombined", null).hasLatency()).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownPresetName() {
        assertThatThrownBy(() -> LineFormat.parse("nginx-main", null))
                .isInstanceOf(FormatException.class).hasMessageContaining("'nginx-main'");
    }
}
