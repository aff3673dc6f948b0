package dev.logmon.bench;

import dev.logmon.core.AccessLogParser;
import dev.logmon.core.LineFormat;
import dev.logmon.core.LineParser;
import dev.logmon.core.LogEvent;
import dev.logmon.core.LogFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Custom log formats ({@code --log-format}) beside the built-in parser: the same generated Combined
 * lines held in one read buffer (as a source sees them), read by {@link AccessLogParser}, by the
 * same layout given as an Apache format string and compiled once ({@link LineFormat}), by an nginx
 * format that takes the compiled matcher's generic field-by-field path, and by a plain-JDK
 * baseline (String, regex, DateTimeFormatter). Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is bytes per line. ({@link ParserBenchmark} covers the built-in
 * parser on Combined and Common, generated and real lines.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(FormatParserBenchmark.LINES)
@State(Scope.Thread)
public class FormatParserBenchmark {
    static final int LINES = 1000;
    private static final long NO_MATCH = Long.MIN_VALUE;

    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "HEAD", "PUT", "DELETE"};
    private static final String[] SECTIONS = {"/", "/index.html", "/api", "/static", "/images", "/blog", "/pages",
        "/favicon.ico", "/robots.txt", "/presentations", "/admin", "/search"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.4.0", "-", "Go-http-client/1.1", "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"};
    private static final String[] ZONES = {"+0000", "-0700", "+0100", "+0530", "-0400"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 304, 301, 404, 500, 401, 206};

    private static final Pattern COMBINED = Pattern.compile(
            "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"((?:[^\"\\\\]|\\\\.)*)\" (\\d{3}) (\\d+|-)"
                    + " \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private byte[] buffer;
    private int[] offsets;
    private int[] lengths;
    private final AccessLogParser parser = new AccessLogParser(LogFormat.AUTO);
    private final AccessLogParser combinedParser = new AccessLogParser(LogFormat.COMBINED);
    /** The same layout as a user-supplied Apache format string, compiled once. */
    private final LineParser compiledParser = LineFormat.parse(
            "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"", null).newParser(false);
    /**
     * The same lines through an nginx format that does not start with the Common layout as the
     * built-in reads it ({@code [$time_local]} rather than {@code %t}), so every field takes the
     * compiled matcher's generic path.
     */
    private final LineParser genericParser = LineFormat.parse("$remote_addr $remote_user $remote_user "
            + "[$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"", null)
            .newParser(false);
    private final LogEvent event = new LogEvent();

    @Setup
    public void generateLines() {
        final SplittableRandom random = new SplittableRandom(42);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        offsets = new int[LINES];
        lengths = new int[LINES];
        final StringBuilder line = new StringBuilder(512);
        for (int i = 0; i < LINES; i++) {
            line.setLength(0);
            if (random.nextInt(10) == 0) {
                line.append("2001:db8::").append(Integer.toHexString(random.nextInt(65_536)));
            } else {
                line.append(random.nextInt(1, 224)).append('.').append(random.nextInt(256)).append('.')
                        .append(random.nextInt(256)).append('.').append(random.nextInt(1, 255));
            }
            line.append(random.nextInt(20) == 0 ? " - alice [" : " - - [");
            line.append(String.format(Locale.ROOT, "%02d/%s/2024:%02d:%02d:%02d %s", random.nextInt(1, 29),
                    new String[] {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}[
                            random.nextInt(12)],
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), ZONES[random.nextInt(ZONES.length)]));
            final String section = SECTIONS[random.nextInt(SECTIONS.length)];
            line.append("] \"").append(METHODS[random.nextInt(METHODS.length)]).append(' ').append(section);
            if (!section.equals("/") && section.indexOf('.') < 0) {
                line.append('/').append("item-").append(random.nextInt(10_000));
                if (random.nextBoolean()) {
                    line.append("/detail.html");
                }
            }
            if (random.nextInt(4) == 0) {
                line.append("?page=").append(random.nextInt(50)).append("&sort=desc");
            }
            line.append(" HTTP/1.1\" ").append(STATUSES[random.nextInt(STATUSES.length)]).append(' ');
            if (random.nextInt(15) == 0) {
                line.append('-');
            } else {
                line.append(random.nextInt(50, 250_000));
            }
            line.append(" \"").append(random.nextInt(3) == 0 ? "-" : "https://www.example.com/ref?q=" + random.nextInt(99))
                    .append("\" \"").append(AGENTS[random.nextInt(AGENTS.length)]).append('"');
            final byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
            offsets[i] = out.size();
            lengths[i] = bytes.length;
            out.write(bytes, 0, bytes.length);
            out.write('\n');
        }
        buffer = out.toByteArray();
        for (int i = 0; i < LINES; i++) {
            if (!parser.parse(buffer, offsets[i], lengths[i], event) || baselineParse(i) == NO_MATCH
                    || !combinedParser.parse(buffer, offsets[i], lengths[i], event)
                    || !compiledParser.parse(buffer, offsets[i], lengths[i], event)
                    || !genericParser.parse(buffer, offsets[i], lengths[i], event)) {
                throw new IllegalStateException("generated line does not parse: "
                        + new String(buffer, offsets[i], lengths[i], StandardCharsets.US_ASCII));
            }
        }
    }

    /** Our parser, in place into a reused event. */
    @Benchmark
    public long zeroAllocationParser() {
        final AccessLogParser p = parser;
        final LogEvent e = event;
        final byte[] buf = buffer;
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            if (p.parse(buf, offsets[i], lengths[i], e)) {
                sum += e.second + e.status + e.size + e.hostHash + e.sectionHash;
            }
        }
        return sum;
    }

    /** The built-in parser, Combined layout (referer and agent scanned), for comparison with the compiled one. */
    @Benchmark
    public long builtInCombined() {
        return run(combinedParser);
    }

    /** A custom format string compiled once ({@code --log-format '%h %l %u %t "%r" %>s %b ...'}), same lines. */
    @Benchmark
    public long compiledCustomFormat() {
        return run(compiledParser);
    }

    /** The same lines and fields through the compiled matcher's generic, field-by-field path. */
    @Benchmark
    public long compiledGenericPath() {
        return run(genericParser);
    }

    private long run(final LineParser p) {
        final LogEvent e = event;
        final byte[] buf = buffer;
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            if (p.parse(buf, offsets[i], lengths[i], e)) {
                sum += e.second + e.status + e.size + e.hostHash + e.sectionHash;
            }
        }
        return sum;
    }

    /** The plain-JDK way: decode to a String, regex, DateTimeFormatter, split the path. */
    @Benchmark
    public long jdkRegexBaseline() {
        long sum = 0;
        for (int i = 0; i < LINES; i++) {
            sum += baselineParse(i);
        }
        return sum;
    }

    private long baselineParse(final int i) {
        final String line = new String(buffer, offsets[i], lengths[i], StandardCharsets.US_ASCII);
        final Matcher m = COMBINED.matcher(line);
        if (!m.find()) {
            return NO_MATCH;
        }
        final String host = m.group(1);
        final long second = OffsetDateTime.parse(m.group(4), TIME).toEpochSecond();
        final String[] request = m.group(5).split(" ");
        String section = "";
        if (request.length > 1 && request[1].startsWith("/")) {
            final String path = request[1].split("[?#]", 2)[0];
            final String[] parts = path.split("/", -1);
            section = parts.length > 1 ? "/" + parts[1] : "/";
        }
        final int status = Integer.parseInt(m.group(6));
        final String sizeText = m.group(7);
        final long size = sizeText.equals("-") ? 0 : Long.parseLong(sizeText);
        return second + status + size + host.hashCode() + section.hashCode();
    }
}
