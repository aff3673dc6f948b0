package dev.logmon.core;

import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.format.MalformedReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/** Generates Combined Log Format lines and parses them into events, for the engine tests. */
public final class TestLines {
    /** 2015-05-17T10:05:00Z, the second the original exercise's sample log starts near. */
    public static final long T0 = 1_431_857_100L;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int[] STATUSES = {200, 200, 200, 201, 204, 301, 304, 400, 403, 404, 500, 503, 101, 999};

    private TestLines() {
    }

    /** One Combined line. */
    public static String line(final String host, final long second, final String path, final int status, final long size) {
        return host + " - frank [" + STAMP.format(Instant.ofEpochSecond(second)) + "] \"GET " + path
                + " HTTP/1.1\" " + status + " " + size + " \"-\" \"test-agent/1.0\"";
    }

    /** A line with host, path, status and size drawn from {@code rnd}; {@code keys} bounds distinct hosts/sections. */
    public static String randomLine(final SplittableRandom rnd, final long second, final int keys) {
        final String host = "10.0." + rnd.nextInt(Math.max(1, keys / 250 + 1)) + "." + rnd.nextInt(Math.min(250, keys));
        final String path = "/s" + rnd.nextInt(keys) + "/page" + rnd.nextInt(5);
        final int status = STATUSES[rnd.nextInt(STATUSES.length)];
        final long size = rnd.nextInt(10) == 0 ? 0 : rnd.nextLong(1, 5_000_000);
        return line(host, second, path, status, size);
    }

    /** Parses a line into a fresh event; fails if the line is not a hit. */
    public static LogEvent parsed(final String line) {
        final LogEvent e = new LogEvent();
        final byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        if (!new AccessLogParser(LogFormat.COMBINED).parse(b, 0, b.length, e)) {
            throw new IllegalArgumentException("not a hit (" + MalformedReason.ofOrdinal(e.malformedReason) + "): " + line);
        }
        return e;
    }

    /** A malformed-line event. */
    public static LogEvent malformed(final MalformedReason reason) {
        final LogEvent e = new LogEvent();
        e.setMalformed(reason);
        return e;
    }

    /** A tick event. */
    public static LogEvent tick(final long second, final boolean last) {
        final LogEvent e = new LogEvent();
        e.setTick(second, last);
        return e;
    }
}
