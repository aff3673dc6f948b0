package dev.logmon.core.engine;

import dev.logmon.core.RealLogFiles;
import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.history.MinuteRecord;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The combiner's minute records on the real engine: a real access log replayed in log time, the
 * records summed against the final snapshot and one minute counted independently from the file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistoryMinutesIT {
    private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ \\S+ \\[([^]]+)] \"\\S+ (\\S+)[^\"]*\" \\d{3} ");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    private static Settings settings(final int shards, final Path file) {
        final Settings s = new Settings();
        s.sources.add(file.toString());
        s.once = true;
        s.timeMode = TimeMode.LOG;
        s.shards = shards;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        s.waitStrategy = WaitStrategyName.SLEEPING;
        assertThat(s.conclude()).isEmpty();
        return s;
    }

    /** The section of a request target as {@link dev.logmon.core.format.SectionExtractor} defines it (plain paths only). */
    private static String section(final String target) {
        String path = target;
        final int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        final int second = path.indexOf('/', 1);
        return second < 0 ? path : path.substring(0, second);
    }

    private static int indexOfAny(final String s, final char a, final char b) {
        final int i = s.indexOf(a);
        final int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    @Test
    void shouldHandOverMinutesThatSumToTheLifetimeAndCountAKnownMinutesTopSectionExactly() throws Exception {
        final Path log = RealLogFiles.require("elastic_examples_apache_logs.log");
        // the oracle: hits per minute and, per minute, hits per section, straight from the file
        final Map<Long, Map<String, Long>> bySection = new HashMap<>();
        for (final String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            final Matcher m = LINE.matcher(line);
            if (m.find() && m.group(2).startsWith("/")) {
                final long minute = MinuteRecord.minuteOf(ZonedDateTime.parse(m.group(1), STAMP).toEpochSecond());
                bySection.computeIfAbsent(minute, k -> new HashMap<>()).merge(section(m.group(2)), 1L, Long::sum);
            }
        }
        long busiest = 0;
        long busiestHits = -1;
        for (final Map.Entry<Long, Map<String, Long>> e : bySection.entrySet()) {
            final long hits = e.getValue().values().stream().mapToLong(Long::longValue).sum();
            if (hits > busiestHits) {
                busiest = e.getKey();
                busiestHits = hits;
            }
        }
        final long knownMinute = busiest;
        final Map.Entry<String, Long> topSection = Collections.max(bySection.get(busiest).entrySet(),
                Map.Entry.comparingByValue());

        for (final int shards : new int[] {1, 2}) {
            final List<MinuteRecord> records = Collections.synchronizedList(new ArrayList<>());
            final RecordingPublisher out = new RecordingPublisher();
            final Pipeline p = new Pipeline(settings(shards, log), out, Clock.SYSTEM, notices, new HandlerErrors(notices));
            p.setMinuteSink(records::add);
            p.start();
            assertThat(p.awaitSources(30_000)).isTrue();
            assertThat(p.finish(30_000)).isTrue();

            final Snapshot last = out.last();
            final String what = shards + " shards";
            assertThat(last.lifetime().hits()).as(what).isEqualTo(10_000 - last.lines().malformed());
            assertThat(records.stream().mapToLong(MinuteRecord::hits).sum()).as(what).isEqualTo(last.lifetime().hits());
            assertThat(records.stream().mapToLong(MinuteRecord::bytes).sum()).as(what).isEqualTo(last.lifetime().bytes());
            assertThat(records.stream().mapToLong(MinuteRecord::malformedTotal).sum()).as(what)
                    .isEqualTo(last.lines().malformed());
            assertThat(records.stream().mapToLong(r -> r.status()[1]).sum()).as(what)
                    .isEqualTo(last.lifetime().status().c2xx());
            assertThat(records).as(what).allMatch(r -> r.minute() % 60 == 0);
            // each minute was handed over once: the replay has no late data beyond its window
            assertThat(records.stream().map(MinuteRecord::minute).distinct().count()).as(what)
                    .isEqualTo(records.size());
            final MinuteRecord known = records.stream().filter(r -> r.minute() == knownMinute).findFirst().orElseThrow();
            assertThat(known.hits()).as(what).isEqualTo(busiestHits);
            assertThat(known.sections().get(0).section()).as(what).isEqualTo(topSection.getKey());
            assertThat(known.sections().get(0).hits()).as(what).isEqualTo(topSection.getValue());
        }
    }
}
