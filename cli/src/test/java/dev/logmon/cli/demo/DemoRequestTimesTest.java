package dev.logmon.cli.demo;

import dev.logmon.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Request times in generated traffic, so the demo's first run shows their percentiles. */
@Timeout(120)
class DemoRequestTimesTest {
    private static final Pattern TIMED = Pattern.compile("^(.*\") (\\d+)\\.(\\d{3})\n$", Pattern.DOTALL);

    @Test
    void shouldAppendARequestTimeAndLeaveTheRestOfEachLineAsWithout() {
        final TrafficGenerator plain = new TrafficGenerator(42);
        final TrafficGenerator timed = new TrafficGenerator(42, true);
        long slow = 0;
        for (int i = 0; i < 20_000; i++) {
            final long second = TrafficGeneratorTest.START + i / 100;
            final String p = plain.nextLine(second);
            final String t = timed.nextLine(second);
            final Matcher m = TIMED.matcher(t);
            assertThat(m.matches()).as("line %d: %s", i, t).isTrue();
            assertThat(m.group(1) + "\n").as("line %d without its time", i).isEqualTo(p).matches(
                    TrafficGeneratorTest.COMBINED);
            final long ms = Long.parseLong(m.group(2)) * 1000 + Long.parseLong(m.group(3));
            assertThat(ms).isBetween(1L, 60_000L);
            slow += ms >= 100 ? 1 : 0;
        }
        // log-normal around 25 ms: most are fast, some are slow
        assertThat(slow).isBetween(500L, 8_000L);
    }

    @Test
    void shouldRefuseRequestTimesForCopiedLines() {
        final CliRun run = CliRun.run("generate", "-d", "out.log", "-s", "pom.xml", "--request-times", "--count", "1");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--request-times is for generated lines");
    }

    @Test
    void shouldShowRequestTimePercentilesInTheDemo() {
        final CliRun run = CliRun.run("--demo", "--once");

        assertThat(run.exitCode).as(run.err).isZero();
        final JsonNode last = run.last();
        assertThat(last.at("/lines/noLatency").asLong()).isZero();
        final JsonNode latency = last.at("/windows/lifetime/latency");
        assertThat(latency.at("/count").asLong()).isEqualTo(DemoLog.LINES);
        assertThat(latency.at("/p50").asDouble()).isBetween(10.0, 60.0);
        assertThat(latency.at("/p99").asDouble()).isGreaterThan(latency.at("/p50").asDouble());
        assertThat(last.at("/windows/lifetime/sections/0/latency/p99").isMissingNode()).isFalse();
    }
}
