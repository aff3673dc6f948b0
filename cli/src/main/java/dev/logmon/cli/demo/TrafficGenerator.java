package dev.logmon.cli.demo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes realistic Combined Log Format lines, fast and reproducibly: the same seed gives the same
 * lines. Pure (no I/O, no clock) and dependent only on the JDK, so benchmarks can reuse it.
 *
 * <p>What the traffic looks like: ~30 sections with Zipf-skewed popularity and deeper paths under
 * them, sometimes a query string; 2,000 hosts, Zipf-skewed, mostly IPv4 with some IPv6
 * ({@code 2001:db8::/32}) and a few host names; mostly GET; mostly 200 with some 3xx and a few
 * 4xx/5xx; log-normal response sizes with about 5% {@code -} (every 204 and 304, plus a few
 * others); a handful of referers and user agents. With request times (nginx's {@code $request_time}
 * appended, the {@code nginx-timed} format) they are log-normal around 25 ms, slower for
 * {@code /api} and {@code /search} and for 5xx, from a random stream of their own, so the rest of
 * each line is the same as without them.
 *
 * <p>Lines are written as bytes into a caller's reusable buffer; nothing is allocated per line
 * except when the second changes (the timestamp is formatted once per second).
 */
public final class TrafficGenerator {
    /** No generated line is longer than this (newline included); buffers must be at least this big. */
    public static final int MAX_LINE_BYTES = 1024;
    /** Length of {@code [dd/Mon/yyyy:HH:mm:ss +0000]}. */
    public static final int TIMESTAMP_BYTES = 28;
    /** How many distinct hosts the traffic comes from. */
    public static final int HOSTS = 2000;

    private static final byte[][] MONTHS = ascii("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec");
    private static final String[] SECTIONS = {
        "/api", "/pages", "/static", "/images", "/login", "/search", "/products", "/blog", "/assets", "/cart",
        "/account", "/docs", "/news", "/checkout", "/help", "/user", "/media", "/forum", "/feed", "/downloads",
        "/about", "/events", "/support", "/shop", "/video", "/contact", "/careers", "/admin", "/robots.txt",
        "/favicon.ico",
    };
    private static final String[] WORDS = {
        "home", "index", "users", "orders", "items", "report", "list", "detail", "settings", "profile", "summer",
        "sale", "guide", "intro", "pricing", "team", "faq", "terms", "privacy", "archive", "latest", "top", "tags",
        "stats", "health", "session", "token", "cart", "review", "photos", "logo", "banner", "main", "vendor",
        "theme", "app", "widget", "feed", "release", "notes",
    };
    private static final int ROOT = -1;
    private static final int API = 0;
    private static final int IMAGES = 3;
    private static final byte[][] METHODS = ascii("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS");
    private static final int[] METHOD_WEIGHTS = {880, 80, 20, 10, 6, 4};
    private static final byte[][] PROTOCOLS = ascii("HTTP/1.1", "HTTP/2.0", "HTTP/1.0");
    private static final int[] PROTOCOL_WEIGHTS = {80, 15, 5};
    private static final int[] STATUSES = {200, 201, 204, 206, 301, 302, 304, 400, 401, 403, 404, 500, 502, 503};
    private static final int[] STATUS_WEIGHTS = {830, 10, 5, 5, 25, 20, 30, 5, 8, 10, 35, 8, 3, 6};
    private static final byte[][] USERS = ascii("frank", "alice", "bob", "carol", "deploy");
    private static final byte[][] REFERERS = ascii("https://www.google.com/", "https://www.bing.com/",
            "https://duckduckgo.com/", "https://example.com/", "https://example.com/pages/home",
            "https://news.ycombinator.com/", "https://t.co/x7Gh2Lq", "android-app://com.google.android.gm/");
    private static final byte[][] AGENTS = ascii(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
            "curl/8.5.0",
            "python-requests/2.31.0",
            "Go-http-client/1.1");
    private static final byte[][] QUERY_KEYS = ascii("q", "id", "page", "ref", "utm_source", "sort", "lang");

    private final SplittableRandom rng;
    private final byte[][] hosts;
    private final double[] hostCdf;
    private final byte[][] sections;
    private final double[] sectionCdf;
    private final byte[][][] subpaths;
    private final double[][] subpathCdfs;
    private final byte[][] words = ascii(WORDS);
    private final double[] refererCdf = zipfCdf(REFERERS.length, 1.0);
    private final double[] agentCdf = zipfCdf(AGENTS.length, 0.8);
    private final int methodTotal = Arrays.stream(METHOD_WEIGHTS).sum();
    private final int protocolTotal = Arrays.stream(PROTOCOL_WEIGHTS).sum();
    private final int statusTotal = Arrays.stream(STATUS_WEIGHTS).sum();

    private final byte[] stamp = new byte[TIMESTAMP_BYTES];
    private long stampSecond = Long.MIN_VALUE;
    /** Request times' own random stream; null: lines end after the user agent (Combined). */
    private final SplittableRandom times;

    /** A generator whose whole output (host pool, paths and lines) is fixed by {@code seed}. */
    public TrafficGenerator(final long seed) {
        this(seed, false);
    }

    /**
     * @param seed         fixes the whole output
     * @param requestTimes append a request time in seconds (ms precision) to each line: {@code nginx-timed}
     */
    public TrafficGenerator(final long seed, final boolean requestTimes) {
        this.times = requestTimes ? new SplittableRandom(seed ^ 0x5DEECE66DL) : null;
        this.rng = new SplittableRandom(seed);
        final SplittableRandom setup = rng.split();
        this.hosts = makeHosts(setup);
        this.hostCdf = zipfCdf(hosts.length, 1.0);
        this.sections = ascii(SECTIONS);
        this.sectionCdf = zipfCdf(sections.length, 1.1);
        this.subpaths = new byte[sections.length][][];
        this.subpathCdfs = new double[sections.length][];
        for (int i = 0; i < sections.length; i++) {
            subpaths[i] = makeSubpaths(SECTIONS[i], setup);
            subpathCdfs[i] = zipfCdf(Math.max(1, subpaths[i].length), 1.0);
        }
    }

    /** The section names, most popular first. */
    public static List<String> sectionNames() {
        return List.of(SECTIONS);
    }

    /**
     * Writes the next line, stamped with {@code epochSecond} and ending in {@code '\n'}, at the start
     * of {@code buf} (at least {@link #MAX_LINE_BYTES} long).
     *
     * @return the line's length in bytes, newline included
     */
    public int writeLine(final long epochSecond, final byte[] buf) {
        if (buf.length < MAX_LINE_BYTES) {
            throw new IllegalArgumentException("buffer shorter than " + MAX_LINE_BYTES + " bytes");
        }
        int p = put(buf, 0, hosts[zipf(hostCdf)]);
        buf[p++] = ' ';
        buf[p++] = '-';
        buf[p++] = ' ';
        if (rng.nextInt(100) < 3) {
            p = put(buf, p, USERS[rng.nextInt(USERS.length)]);
        } else {
            buf[p++] = '-';
        }
        buf[p++] = ' ';
        if (epochSecond != stampSecond) {
            formatTimestamp(epochSecond, stamp, 0);
            stampSecond = epochSecond;
        }
        p = put(buf, p, stamp);
        buf[p++] = ' ';
        buf[p++] = '"';
        p = put(buf, p, METHODS[weighted(METHOD_WEIGHTS, methodTotal)]);
        buf[p++] = ' ';
        final int section = rng.nextInt(100) < 2 ? ROOT : zipf(sectionCdf);
        p = writePath(buf, p, section);
        buf[p++] = ' ';
        p = put(buf, p, PROTOCOLS[weighted(PROTOCOL_WEIGHTS, protocolTotal)]);
        buf[p++] = '"';
        buf[p++] = ' ';
        final int status = STATUSES[weighted(STATUS_WEIGHTS, statusTotal)];
        p = putLong(buf, p, status);
        buf[p++] = ' ';
        if (status == 204 || status == 304 || rng.nextInt(100) < 2) {
            buf[p++] = '-';
        } else {
            p = putLong(buf, p, size(status, section == IMAGES));
        }
        buf[p++] = ' ';
        buf[p++] = '"';
        if (rng.nextInt(100) < 45) {
            buf[p++] = '-';
        } else {
            p = put(buf, p, REFERERS[zipf(refererCdf)]);
        }
        buf[p++] = '"';
        buf[p++] = ' ';
        buf[p++] = '"';
        p = put(buf, p, AGENTS[zipf(agentCdf)]);
        buf[p++] = '"';
        if (times != null) {
            buf[p++] = ' ';
            p = putSeconds(buf, p, requestMillis(section, status));
        }
        buf[p++] = '\n';
        return p;
    }

    /** A request time in ms: log-normal around 25 ms, 3x for /api and /search, 4x for 5xx, at most 60 s. */
    private long requestMillis(final int section, final int status) {
        double ms = Math.exp(Math.log(25) + 0.9 * times.nextGaussian());
        if (section == API || (section >= 0 && SECTIONS[section].equals("/search"))) {
            ms *= 3;
        }
        if (status >= 500) {
            ms *= 4;
        }
        return Math.max(1, Math.min(60_000, Math.round(ms)));
    }

    /** Milliseconds as seconds with three decimals, as nginx writes {@code $request_time}. */
    private static int putSeconds(final byte[] buf, final int at, final long millis) {
        int p = putLong(buf, at, millis / 1000);
        buf[p++] = '.';
        final long frac = millis % 1000;
        buf[p++] = (byte) ('0' + frac / 100);
        buf[p++] = (byte) ('0' + frac / 10 % 10);
        buf[p++] = (byte) ('0' + frac % 10);
        return p;
    }

    /** The next line as a String (newline included); convenient for tests, slower than {@link #writeLine}. */
    public String nextLine(final long epochSecond) {
        final byte[] buf = new byte[MAX_LINE_BYTES];
        final int n = writeLine(epochSecond, buf);
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    /** Writes {@code [dd/Mon/yyyy:HH:mm:ss +0000]} (UTC) for {@code epochSecond} at {@code dst[off]}. */
    public static void formatTimestamp(final long epochSecond, final byte[] dst, final int off) {
        final LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int p = off;
        dst[p++] = '[';
        p = put2(dst, p, t.getDayOfMonth());
        dst[p++] = '/';
        p = put(dst, p, MONTHS[t.getMonthValue() - 1]);
        dst[p++] = '/';
        final int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year out of range for a log timestamp: " + year);
        }
        p = put2(dst, p, year / 100);
        p = put2(dst, p, year % 100);
        dst[p++] = ':';
        p = put2(dst, p, t.getHour());
        dst[p++] = ':';
        p = put2(dst, p, t.getMinute());
        dst[p++] = ':';
        p = put2(dst, p, t.getSecond());
        dst[p++] = ' ';
        dst[p++] = '+';
        dst[p++] = '0';
        dst[p++] = '0';
        dst[p++] = '0';
        dst[p++] = '0';
        dst[p] = ']';
    }

    /** Writes the path of a request to {@code section} (or to {@code /} for {@link #ROOT}) at {@code p}. */
    private int writePath(final byte[] buf, final int start, final int section) {
        int p = start;
        if (section == ROOT) {
            buf[p++] = '/';
            return p;
        }
        final byte[][] subs = subpaths[section];
        if (subs.length == 0 || rng.nextInt(100) < 8) {
            return put(buf, p, sections[section]);
        }
        p = put(buf, p, subs[zipf(subpathCdfs[section])]);
        if (section == API && rng.nextInt(100) < 40) {
            buf[p++] = '/';
            p = putLong(buf, p, 1 + rng.nextInt(99_999));
        }
        if (rng.nextInt(100) < 10) {
            buf[p++] = '?';
            p = put(buf, p, QUERY_KEYS[rng.nextInt(QUERY_KEYS.length)]);
            buf[p++] = '=';
            if (rng.nextBoolean()) {
                p = putLong(buf, p, rng.nextInt(1000));
            } else {
                p = put(buf, p, words[rng.nextInt(words.length)]);
            }
            if (rng.nextInt(100) < 30) {
                buf[p++] = '&';
                buf[p++] = 'p';
                buf[p++] = '=';
                p = putLong(buf, p, 1 + rng.nextInt(20));
            }
        }
        return p;
    }

    /** Log-normal sizes: small for errors and redirects, larger for images. */
    private long size(final int status, final boolean image) {
        final double median = status >= 300 ? 300 : image ? 40_000 : 4_000;
        final double v = median * Math.exp(1.2 * rng.nextGaussian());
        return Math.max(1L, Math.min(100_000_000L, (long) v));
    }

    private int zipf(final double[] cdf) {
        final double u = rng.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private int weighted(final int[] weights, final int total) {
        int r = rng.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Cumulative Zipf distribution over ranks 1..n with exponent s (last entry exactly 1). */
    private static double[] zipfCdf(final int n, final double s) {
        final double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        cdf[n - 1] = 1.0;
        return cdf;
    }

    private static byte[][] makeHosts(final SplittableRandom r) {
        final Set<String> set = new LinkedHashSet<>();
        while (set.size() < HOSTS) {
            final int kind = r.nextInt(100);
            if (kind < 85) {
                int first = 1 + r.nextInt(223);
                if (first == 10 || first == 127) {
                    first++;
                }
                set.add(first + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)));
            } else if (kind < 95) {
                set.add(r.nextBoolean()
                        ? "2001:db8::" + Integer.toHexString(1 + r.nextInt(0xFFFF))
                        : "2001:db8:" + Integer.toHexString(r.nextInt(0xFFFF)) + ":" + Integer.toHexString(r.nextInt(0xFFFF))
                                + "::" + Integer.toHexString(1 + r.nextInt(0xFFFF)));
            } else {
                final String[] names = {"crawler", "proxy", "gw", "host", "edge"};
                final String[] domains = {"example.com", "example.net", "example.org"};
                set.add(names[r.nextInt(names.length)] + "-" + r.nextInt(100) + "." + domains[r.nextInt(domains.length)]);
            }
        }
        final byte[][] out = new byte[HOSTS][];
        int i = 0;
        for (final String h : set) {
            out[i++] = h.getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    private static byte[][] makeSubpaths(final String section, final SplittableRandom r) {
        if (section.indexOf('.') >= 0) {
            return new byte[0][];
        }
        final int n = 6 + r.nextInt(11);
        final Set<String> set = new LinkedHashSet<>();
        while (set.size() < n) {
            final String w = WORDS[r.nextInt(WORDS.length)];
            final String path;
            switch (section) {
                case "/api" -> path = "/api/v" + (1 + r.nextInt(2)) + "/" + w;
                case "/images", "/media" -> path = section + "/" + w + "-" + r.nextInt(500)
                        + new String[] {".png", ".jpg", ".gif", ".webp"}[r.nextInt(4)];
                case "/static", "/assets" -> {
                    final boolean css = r.nextBoolean();
                    path = section + (css ? "/css/" : "/js/") + w + (css ? ".css" : ".js");
                }
                default -> path = r.nextInt(3) == 0
                        ? section + "/" + w + "/" + WORDS[r.nextInt(WORDS.length)]
                        : section + "/" + w;
            }
            set.add(path);
        }
        final List<byte[]> out = new ArrayList<>(n);
        for (final String s : set) {
            out.add(s.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toArray(new byte[0][]);
    }

    private static byte[][] ascii(final String... values) {
        final byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    private static int put(final byte[] dst, final int p, final byte[] src) {
        System.arraycopy(src, 0, dst, p, src.length);
        return p + src.length;
    }

    private static int put2(final byte[] dst, final int p, final int v) {
        dst[p] = (byte) ('0' + v / 10);
        dst[p + 1] = (byte) ('0' + v % 10);
        return p + 2;
    }

    /** Writes a non-negative decimal number. */
    private static int putLong(final byte[] dst, final int p, final long v) {
        int digits = 1;
        for (long x = v / 10; x > 0; x /= 10) {
            digits++;
        }
        long x = v;
        for (int i = p + digits - 1; i >= p; i--) {
            dst[i] = (byte) ('0' + x % 10);
            x /= 10;
        }
        return p + digits;
    }
}
