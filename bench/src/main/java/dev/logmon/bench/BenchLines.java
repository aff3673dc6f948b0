package dev.logmon.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Access-log lines held in one buffer as a source sees them: {@code buffer[offsets[i], +lengths[i])},
 * each followed by a newline. Generated (Combined or Common, fixed seed) or read from the real
 * sample logs in {@code ../shared/data/real/} (falling back to generated lines, with a message on
 * stderr, where a file is absent).
 */
final class BenchLines {
    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "HEAD", "PUT", "DELETE"};
    private static final String[] SECTIONS = {"/", "/index.html", "/api", "/static", "/images", "/blog", "/pages",
        "/favicon.ico", "/robots.txt", "/presentations", "/admin", "/search"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.4.0", "-", "Go-http-client/1.1", "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"};
    private static final String[] ZONES = {"+0000", "-0700", "+0100", "+0530", "-0400"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 304, 301, 404, 500, 401, 206};

    final byte[] buffer;
    final int[] offsets;
    final int[] lengths;

    private BenchLines(final List<String> lines) {
        // Sized exactly: a growing ByteArrayOutputStream and its final copy held up to three
        // times the text at once, and RingBenchmark's 500,000 lines then ran its 512 MB heap out.
        long total = 0;
        for (String line : lines) {
            total += line.length() + 1; // ISO-8859-1: one byte per char
        }
        buffer = new byte[Math.toIntExact(total)];
        offsets = new int[lines.size()];
        lengths = new int[lines.size()];
        int at = 0;
        for (int i = 0; i < lines.size(); i++) {
            final byte[] bytes = lines.get(i).getBytes(StandardCharsets.ISO_8859_1); // one byte per char
            offsets[i] = at;
            lengths[i] = bytes.length;
            System.arraycopy(bytes, 0, buffer, at, bytes.length);
            at += bytes.length;
            buffer[at++] = '\n';
        }
    }

    /** These lines, one after the other in one buffer. */
    static BenchLines of(final List<String> lines) {
        return new BenchLines(lines);
    }

    int count() {
        return offsets.length;
    }

    String line(final int i) {
        return new String(buffer, offsets[i], lengths[i], StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code n} generated lines from 2,000 hosts, log time advancing one second every
     * {@code perSecond} lines from {@code startSecond}; Common lines lack the referer and agent.
     */
    static BenchLines generated(final int n, final boolean combined, final long startSecond, final int perSecond) {
        final SplittableRandom random = new SplittableRandom(42);
        final String[] hosts = new String[2000];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = random.nextInt(10) == 0 ? "2001:db8::" + Integer.toHexString(random.nextInt(65_536))
                    : random.nextInt(1, 224) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(1, 255);
        }
        final List<String> lines = new ArrayList<>(n);
        final StringBuilder line = new StringBuilder(512);
        for (int i = 0; i < n; i++) {
            line.setLength(0);
            line.append(hosts[(int) Math.min(hosts.length - 1, Math.abs(random.nextGaussian()) * 400)]);
            line.append(random.nextInt(20) == 0 ? " - alice [" : " - - [");
            if (startSecond < 0) {
                line.append(String.format(Locale.ROOT, "%02d/%s/2024:%02d:%02d:%02d %s", random.nextInt(1, 29),
                        MONTHS[random.nextInt(12)], random.nextInt(24), random.nextInt(60), random.nextInt(60),
                        ZONES[random.nextInt(ZONES.length)]));
            } else {
                final java.time.ZonedDateTime t = java.time.Instant.ofEpochSecond(startSecond + i / perSecond)
                        .atZone(java.time.ZoneOffset.UTC);
                line.append(String.format(Locale.ROOT, "%02d/%s/%d:%02d:%02d:%02d +0000", t.getDayOfMonth(),
                        MONTHS[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(), t.getSecond()));
            }
            final String section = SECTIONS[random.nextInt(SECTIONS.length)];
            line.append("] \"").append(METHODS[random.nextInt(METHODS.length)]).append(' ').append(section);
            if (!section.equals("/") && section.indexOf('.') < 0) {
                line.append("/item-").append(random.nextInt(10_000));
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
            if (combined) {
                line.append(" \"").append(random.nextInt(3) == 0 ? "-" : "https://www.example.com/ref?q=" + random.nextInt(99))
                        .append("\" \"").append(AGENTS[random.nextInt(AGENTS.length)]).append('"');
            }
            lines.add(line.toString());
        }
        return new BenchLines(lines);
    }

    /**
     * {@code n} lines from a real sample log (repeated when it is shorter), or generated lines
     * with a message when the file is absent.
     */
    static BenchLines real(final String file, final int n, final boolean combined) {
        final Path dir = Path.of(System.getProperty("logmon.shared.dir", "../shared"), "data", "real");
        final Path path = dir.resolve(file);
        try {
            final List<String> all = Files.readAllLines(path, StandardCharsets.ISO_8859_1);
            if (!all.isEmpty()) {
                final List<String> lines = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    lines.add(all.get(i % all.size()));
                }
                return new BenchLines(lines);
            }
        } catch (IOException e) {
            // fall through to generated lines
        }
        System.err.println("real log " + path.toAbsolutePath() + " not found (run from the worktree, or set "
                + "-Dlogmon.shared.dir): using generated lines instead");
        return generated(n, combined, -1, 1);
    }
}
