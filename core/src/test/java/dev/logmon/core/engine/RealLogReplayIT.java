package dev.logmon.core.engine;

import dev.logmon.core.RealLogFiles;
import dev.logmon.core.RecordingPublisher;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.TimeMode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real logs (mildly out of order, as servers write them) replayed in log time through the whole
 * engine, every snapshot compared with a count made here by a plain loop over the file's lines,
 * with no production code: the timestamps are read with {@code java.time}.
 *
 * <p>What the count expects, line by line in file order: the newest complete second when a line is
 * read is the largest second of the lines before it minus one, {@code C}. A line stamped at or
 * before {@code C - 120} is late; any other lands in its own second. The snapshot of second
 * {@code T} is taken when the first line stamped after {@code T} has been read, so it holds the
 * lines before that one: its 2-minute hits are those stamped in {@code (T - 120, T]}, its 10 s
 * hits those in {@code (T - 10, T]}. The final snapshot holds every line. Files replayed together
 * advance in step ({@link dev.logmon.core.time.LogWatermark}), so the same holds for each file on its own: the
 * snapshot of {@code T} holds, of each file, the lines before its first one stamped after {@code T}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealLogReplayIT {
    private static final Pattern STAMP = Pattern.compile("\\[(\\d{2}/[A-Za-z]{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})]");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    @ParameterizedTest(name = "{0}, {1} shard(s)")
    @CsvSource({
        "elastic_examples_apache_logs.log, 1",
        "elastic_examples_apache_logs.log, 2",
        "databricks_reference-apps_apache.access.log, 2",
        "COM6012_NASA_Aug95_100.txt, 1",
        "elastic_examples_apache_logs.log + databricks_reference-apps_apache.access.log + COM6012_NASA_Aug95_100.txt, 2",
        "elastic_examples_apache_logs.log + peers/beats/apache-darwin-2.4.23.log, 1",
    })
    void shouldGiveInEverySnapshotTheWindowsAndLateCountOfAPlainCountOverTheLines(final String names, final int shards)
            throws Exception {
        final List<Path> files = new ArrayList<>();
        final List<long[]> stamps = new ArrayList<>();
        long lines = 0;
        long late = 0;
        for (final String name : names.split("\\+")) {
            final Path file = RealLogFiles.require(name.trim());
            files.add(file);
            stamps.add(stampsOf(file));
            lines += stamps.get(stamps.size() - 1).length;
            late += lateOf(stamps.get(stamps.size() - 1));
        }
        final RecordingPublisher out = new RecordingPublisher();
        run(files, shards, out);
        final List<Snapshot> snapshots = out.snapshots();
        assertThat(snapshots).hasSizeGreaterThan(1);
        final Snapshot last = snapshots.get(snapshots.size() - 1);
        assertThat(last.lines().parsed()).as("every line of %s parses", names).isEqualTo(lines);
        assertThat(last.lines().malformed()).isZero();
        assertThat(last.lines().late()).as("late lines of %s", names).isEqualTo(late);
        assertThat(last.lines().future()).isZero();

        final Map<Long, Long> perSecond = new HashMap<>(); // lines read so far, by second
        final int[] read = new int[files.size()];
        final List<String> disagreements = new ArrayList<>();
        for (final Snapshot snap : snapshots) {
            final long t = snap.second();
            // snapshots come in order of their second: a file's lines before its first one stamped
            // after T are those before its first one stamped after any earlier snapshot's second, and on
            for (int f = 0; f < files.size(); f++) {
                final long[] own = stamps.get(f);
                while (read[f] < own.length && (snap.last() || own[read[f]] <= t)) {
                    perSecond.merge(own[read[f]], 1L, Long::sum);
                    read[f]++;
                }
            }
            final long two = hitsIn(perSecond, t - 120, t);
            final long ten = hitsIn(perSecond, t - 10, t);
            if (snap.twoMinutes().hits() != two || snap.tenSeconds().hits() != ten) {
                disagreements.add(Time.of(t) + (snap.last() ? " (final)" : "") + ": 2m " + snap.twoMinutes().hits()
                        + " expected " + two + ", 10s " + snap.tenSeconds().hits() + " expected " + ten);
            }
        }
        assertThat(disagreements).as("snapshots of %s that disagree with the count (of %d)", names, snapshots.size())
                .isEmpty();
        // --log-format auto says once per file what it chose: Combined for every file here; any
        // other notice is a fault
        final String text = noticeBytes.toString(StandardCharsets.UTF_8);
        final String chose = "logmon: .*: log format combined \\(detected: \\d+ of its first \\d+ lines\\);"
                + " name another with --log-format";
        assertThat(text.lines().filter(l -> !l.matches(chose))).as("notices: %s", text).isEmpty();
        assertThat(text.lines().count()).as("one format notice per file: %s", text).isEqualTo(names.split("\\+").length);
    }

    private static long hitsIn(final Map<Long, Long> perSecond, final long after, final long upTo) {
        long sum = 0;
        for (long s = after + 1; s <= upTo; s++) {
            sum += perSecond.getOrDefault(s, 0L);
        }
        return sum;
    }

    /** Lines stamped at or before the window of the newest complete second when they are read. */
    static long lateOf(final long[] stamps) {
        long late = 0;
        long max = Long.MIN_VALUE;
        for (final long s : stamps) {
            if (max != Long.MIN_VALUE && s <= (max - 1) - 120) {
                late++;
            }
            max = Math.max(max, s);
        }
        return late;
    }

    /** The epoch second of every line's {@code [dd/MMM/yyyy:HH:mm:ss Z]} stamp, in file order. */
    static long[] stampsOf(final Path file) throws IOException {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        final long[] stamps = new long[lines.size()];
        int n = 0;
        for (final String line : lines) {
            final Matcher m = STAMP.matcher(line);
            if (m.find()) {
                stamps[n++] = OffsetDateTime.parse(m.group(1), FORMAT).toEpochSecond();
            }
        }
        return java.util.Arrays.copyOf(stamps, n);
    }

    private void run(final List<Path> files, final int shards, final SnapshotPublisher out) throws InterruptedException {
        final Settings s = new Settings();
        for (final Path file : files) {
            s.sources.add(file.toString());
        }
        s.once = true;
        s.timeMode = TimeMode.LOG;
        s.everySeconds = 1;
        s.shards = shards;
        s.ringSize = 1024;
        s.threshold = 1e9;
        s.alertRule = AlertRuleKind.ABSOLUTE;
        assertThat(s.conclude()).isEmpty();
        final Pipeline p = new Pipeline(s, out, Clock.SYSTEM, notices, new HandlerErrors(notices));
        p.start();
        assertThat(p.awaitSources(60_000)).as("sources finish").isTrue();
        assertThat(p.finish(30_000)).as("final snapshot published").isTrue();
    }

    /** Seconds as ISO instants in failure messages. */
    private static final class Time {
        static String of(final long second) {
            return java.time.Instant.ofEpochSecond(second).toString();
        }
    }
}
