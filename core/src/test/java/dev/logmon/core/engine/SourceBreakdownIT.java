package dev.logmon.core.engine;

import dev.logmon.core.RealLogFiles;
import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceCount;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-source breakdown on three real logs (one per site, as virtual hosts log), replayed
 * together on two shards: each file's hits, bytes, 4xx and 5xx in the lifetime window equal an
 * independent count of the file by a regular expression, and the rows add up to the totals.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SourceBreakdownIT {
    /** host ident user [time] "request" status size: what the independent count calls a hit. */
    private static final Pattern HIT = Pattern.compile("^\\S+ \\S+ \\S+ \\[[^\\]]+\\] \"[^\"]*\" (\\d{3}) (\\d+|-)(?: .*)?$");

    /** Hits, bytes, 4xx, 5xx of a file. */
    private record Count(long hits, long bytes, long c4xx, long c5xx) {
    }

    private static Count count(final Path file) throws Exception {
        long hits = 0;
        long bytes = 0;
        long c4 = 0;
        long c5 = 0;
        for (final String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            final Matcher m = HIT.matcher(line);
            if (m.matches()) {
                final int status = Integer.parseInt(m.group(1));
                hits++;
                bytes += "-".equals(m.group(2)) ? 0 : Long.parseLong(m.group(2));
                c4 += status / 100 == 4 ? 1 : 0;
                c5 += status / 100 == 5 ? 1 : 0;
            }
        }
        return new Count(hits, bytes, c4, c5);
    }

    @Test
    void shouldCountEachRealFilesHitsBytesAndErrorsAsAnIndependentCountDoes() throws Exception {
        final List<Path> files = List.of(RealLogFiles.require("COM6012_NASA_Aug95_100.txt"),
                RealLogFiles.require("databricks_reference-apps_apache.access.log"),
                RealLogFiles.require("elastic_examples_apache_logs.log"));
        final Map<String, Count> expected = new LinkedHashMap<>();
        final Settings s = new Settings();
        for (final Path f : files) {
            s.sources.add(f.toString());
            expected.put(f.toString(), count(f));
        }
        s.once = true;
        s.timeMode = TimeMode.LOG;
        s.shards = 2;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        s.waitStrategy = WaitStrategyName.SLEEPING;
        assertThat(s.conclude()).isEmpty();
        final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
        final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);
        final RecordingPublisher out = new RecordingPublisher();
        final Pipeline p = new Pipeline(s, out, Clock.SYSTEM, notices, new HandlerErrors(notices));
        p.start();
        assertThat(p.awaitSources(60_000)).isTrue();
        assertThat(p.finish(60_000)).isTrue();

        final Snapshot last = out.last();
        final Map<String, Count> actual = new LinkedHashMap<>();
        long hits = 0;
        long bytes = 0;
        for (final SourceCount c : last.lifetime().sources()) {
            actual.put(c.source(), new Count(c.hits(), c.bytes(), c.clientErrors(), c.serverErrors()));
            hits += c.hits();
            bytes += c.bytes();
        }
        assertThat(actual).as(noticeBytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(hits).isEqualTo(last.lifetime().hits());
        assertThat(bytes).isEqualTo(last.lifetime().bytes());
        final List<Long> order = new ArrayList<>();
        last.lifetime().sources().forEach(c -> order.add(c.hits()));
        assertThat(order).as("busiest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(last.lifetime().status().c4xx()).isEqualTo(expected.values().stream().mapToLong(Count::c4xx).sum());
    }
}
