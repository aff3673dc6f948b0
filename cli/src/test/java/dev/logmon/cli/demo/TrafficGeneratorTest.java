package dev.logmon.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class TrafficGeneratorTest {
    /** 2026-01-01T00:00:00Z. */
    public static final long START = 1_767_225_600L;

    /**
     * Combined Log Format, written here independently of the project's parser:
     * host ident user [dd/Mon/yyyy:HH:mm:ss +zzzz] "METHOD path PROTO" status size "referer" "agent".
     */
    public static final Pattern COMBINED = Pattern.compile(
            "^(?<host>[0-9A-Za-z.:-]+) (?<ident>\\S+) (?<user>\\S+) "
            + "\\[(?<day>\\d{2})/(?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/(?<year>\\d{4})"
            + ":(?<h>\\d{2}):(?<m>\\d{2}):(?<s>\\d{2}) [+-]\\d{4}\\] "
            + "\"(?<method>GET|POST|HEAD|PUT|DELETE|OPTIONS) (?<path>/[^\" ]*) HTTP/(?:1\\.0|1\\.1|2\\.0)\" "
            + "(?<status>[1-5]\\d\\d) (?<size>\\d+|-) \"(?<referer>[^\"]*)\" \"(?<agent>[^\"]*)\"\n$");

    @Test
    void shouldRepeatTheSameLinesForTheSameSeed() {
        final TrafficGenerator a = new TrafficGenerator(42);
        final TrafficGenerator b = new TrafficGenerator(42);
        final TrafficGenerator c = new TrafficGenerator(43);
        final List<String> fromA = new ArrayList<>();
        final List<String> fromC = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            final String line = a.nextLine(START + i / 100);
            fromA.add(line);
            assertThat(b.nextLine(START + i / 100)).isEqualTo(line);
            fromC.add(c.nextLine(START + i / 100));
        }
        assertThat(fromC).isNotEqualTo(fromA);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 7, 42, -3, Long.MAX_VALUE})
    void shouldMakeOnlyWellFormedCombinedLines(final long seed) {
        final TrafficGenerator gen = new TrafficGenerator(seed);
        final byte[] buf = new byte[TrafficGenerator.MAX_LINE_BYTES];
        for (int i = 0; i < 50_000; i++) {
            final int n = gen.writeLine(START + i / 1000, buf);
            assertThat(n).isLessThan(TrafficGenerator.MAX_LINE_BYTES);
            final String line = new String(buf, 0, n, StandardCharsets.US_ASCII);
            assertThat(line).matches(COMBINED);
            assertThat(line.indexOf('\n')).isEqualTo(n - 1);
        }
    }

    @Test
    void shouldSkewPopularityAndMixHostsStatusesAndSizes() {
        final TrafficGenerator gen = new TrafficGenerator(5);
        final Map<String, Integer> sections = new HashMap<>();
        final Map<String, Integer> hosts = new HashMap<>();
        int ipv6 = 0;
        int named = 0;
        int dashSize = 0;
        int serverErrors = 0;
        int ok = 0;
        int redirects = 0;
        int queries = 0;
        final int total = 100_000;
        for (int i = 0; i < total; i++) {
            final Matcher m = COMBINED.matcher(gen.nextLine(START));
            assertThat(m.matches()).isTrue();
            final String host = m.group("host");
            hosts.merge(host, 1, Integer::sum);
            ipv6 += host.contains(":") ? 1 : 0;
            named += host.matches(".*[a-z]{3,}.*") && !host.contains(":") ? 1 : 0;
            final String path = m.group("path");
            final int cut = path.indexOf('/', 1);
            final String section = (cut < 0 ? path : path.substring(0, cut)).replaceFirst("\\?.*", "");
            sections.merge(section, 1, Integer::sum);
            queries += path.contains("?") ? 1 : 0;
            final int status = Integer.parseInt(m.group("status"));
            serverErrors += status >= 500 ? 1 : 0;
            ok += status == 200 ? 1 : 0;
            redirects += status == 301 || status == 304 ? 1 : 0;
            dashSize += m.group("size").equals("-") ? 1 : 0;
        }
        final List<Integer> sectionCounts = sorted(sections);
        assertThat(sections.size()).isBetween(25, 32);
        assertThat(sectionCounts.get(0)).as("top section vs median")
                .isGreaterThan(5 * sectionCounts.get(sectionCounts.size() / 2));
        assertThat(sections.get("/api")).isEqualTo(sectionCounts.get(0));
        final List<Integer> hostCounts = sorted(hosts);
        assertThat(hosts.size()).isBetween(1_500, TrafficGenerator.HOSTS);
        assertThat(hostCounts.get(0)).isGreaterThan(20 * hostCounts.get(hostCounts.size() / 2));
        assertThat(ipv6).isGreaterThan(total / 100);
        assertThat(named).isGreaterThan(0);
        assertThat(dashSize).isBetween(total * 3 / 100, total * 8 / 100);
        assertThat(serverErrors).isBetween(total / 200, total / 20);
        assertThat(ok).isGreaterThan(total * 3 / 4);
        assertThat(redirects).isGreaterThan(total / 50);
        assertThat(queries).isGreaterThan(total / 50);
    }

    @Test
    void shouldFormatTimestampsInUtc() {
        final byte[] b = new byte[TrafficGenerator.TIMESTAMP_BYTES];
        TrafficGenerator.formatTimestamp(1_431_857_103L, b, 0);
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("[17/May/2015:10:05:03 +0000]");
        TrafficGenerator.formatTimestamp(START - 1, b, 0);
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("[31/Dec/2025:23:59:59 +0000]");
        TrafficGenerator.formatTimestamp(0, b, 0);
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("[01/Jan/1970:00:00:00 +0000]");
    }

    @Test
    void shouldRejectABufferShorterThanTheLongestLine() {
        assertThatThrownBy(() -> new TrafficGenerator(1).writeLine(START, new byte[100]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> sorted(final Map<String, Integer> counts) {
        final List<Integer> values = new ArrayList<>(counts.values());
        values.sort((x, y) -> Integer.compare(y, x));
        return values;
    }
}
