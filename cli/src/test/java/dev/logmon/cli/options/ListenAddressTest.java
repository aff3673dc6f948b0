package dev.logmon.cli.options;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --listen}: which family each form binds, and the URL printed for it. */
class ListenAddressTest {
    private static ListenAddress.Parsed parse(final String text) {
        final List<String> problems = new ArrayList<>();
        final ListenAddress.Parsed p = ListenAddress.parse(text, problems);
        assertThat(problems).as(text).isEmpty();
        return p;
    }

    @Test
    void shouldTakeTheIpv4WildcardAsIpv4OnlyAndTheIpv6WildcardAsIpv6Only() {
        final ListenAddress.Parsed v4 = parse("0.0.0.0:9900");
        final ListenAddress.Parsed v6 = parse("[::]:9900");
        final ListenAddress.Parsed both = parse("*:9900");

        assertThat(v4.address().getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(v4.dualStack()).isFalse();
        assertThat(v6.address().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(v6.dualStack()).isFalse();
        assertThat(both.address().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(both.address().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(both.dualStack()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0:9900|false|http://0.0.0.0:9900 (every IPv4 address of this machine)",
            "[::]:9900|false|http://[::]:9900 (every IPv6 address of this machine, IPv4 clients are closed)",
            "*:9900|true|http://[::]:9900 (every IPv4 and IPv6 address of this machine)",
            "127.0.0.1:9900|false|http://127.0.0.1:9900",
            "[::1]:9900|false|http://[::1]:9900",
            "[2001:db8:0:0:1:0:0:1]:80|false|http://[2001:db8::1:0:0:1]:80",
            "[fe80:0:0:0:0:0:0:1]:80|false|http://[fe80::1]:80"})
    void shouldPrintAShortUrlAndWhatAWildcardCovers(final String listen, final boolean dual, final String expected) {
        final ListenAddress.Parsed p = parse(listen);

        assertThat(p.dualStack()).isEqualTo(dual);
        assertThat(ListenAddress.describe(p.address(), p.dualStack())).isEqualTo(expected);
    }

    @Test
    void shouldShortenIpv6AsRfc5952Says() throws Exception {
        assertThat(ListenAddress.shortIpv6(InetAddress.getByName("0:0:0:0:0:0:0:0").getAddress())).isEqualTo("::");
        assertThat(ListenAddress.shortIpv6(InetAddress.getByName("1:0:0:2:0:0:0:3").getAddress())).isEqualTo("1:0:0:2::3");
        assertThat(ListenAddress.shortIpv6(InetAddress.getByName("1:0:2:3:4:5:6:7").getAddress())).isEqualTo("1:0:2:3:4:5:6:7");
        assertThat(ListenAddress.shortIpv6(InetAddress.getByName("ABCD:0:0:0:0:0:0:0").getAddress())).isEqualTo("abcd::");
        assertThat(ListenAddress.url(new InetSocketAddress(InetAddress.getByName("::1"), 0))).isEqualTo("http://[::1]:0");
    }
}
