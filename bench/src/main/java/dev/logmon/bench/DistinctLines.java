package dev.logmon.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Combined lines to stdout in which every host and every path (so every section) is
 * distinct: the cardinality attack of bench/cardinality.sh.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.logmon.bench.DistinctLines LINES [LINES_PER_SECOND] [WRAP_EVERY]
 * </pre>
 *
 * Hosts are IPv4 addresses numbered from 1.0.0.0 (distinct up to 2^32 lines); timestamps start at
 * 2026-01-01T00:00:00Z and advance one second every LINES_PER_SECOND lines (default 50,000). With
 * WRAP_EVERY, the timestamps go back one day after every WRAP_EVERY lines (a clock reset, a
 * replayed archive): the lines after a wrap are late until they pass the newest second again.
 */
public final class DistinctLines {
    private static final long START = 1_767_225_600L; // 2026-01-01T00:00:00Z

    private DistinctLines() {
    }

    public static void main(final String[] args) throws IOException {
        final long lines = Long.parseLong(args[0]);
        final long perSecond = args.length > 1 ? Long.parseLong(args[1]) : 50_000;
        final long wrapEvery = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        final OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        final StringBuilder sb = new StringBuilder(256);
        for (long i = 0; i < lines; i++) {
            final long ip = (1L << 24) + i;
            final long t = START + i / perSecond - i / wrapEvery * 86_400L;
            sb.setLength(0);
            sb.append(ip >>> 24 & 255).append('.').append(ip >>> 16 & 255).append('.')
                    .append(ip >>> 8 & 255).append('.').append(ip & 255)
                    .append(" - - [").append(stamp(t)).append("] \"GET /s").append(i).append("/page HTTP/1.1\" 200 ")
                    .append(100 + i % 900).append(" \"-\" \"bench\"\n");
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    private static String stamp(final long epochSecond) {
        return java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ENGLISH)
                .format(java.time.Instant.ofEpochSecond(epochSecond).atOffset(java.time.ZoneOffset.UTC));
    }
}
