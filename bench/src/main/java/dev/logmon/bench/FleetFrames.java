package dev.logmon.bench;

import dev.logmon.core.analyze.Frame;
import dev.logmon.core.analyze.FrameCodec;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One second of a busy instance, as the kafka sink sends it: {@code linesPerSecond} Combined lines
 * drawn uniformly from {@code hosts} client addresses and {@code sections} sections (a server
 * behind a load balancer sees the same clients as its siblings), response sizes and request
 * times, summed into a frame and encoded with {@link FrameCodec}.
 */
final class FleetFrames {
    private FleetFrames() {
    }

    /** The encoded frame of one second of instance {@code instance}. */
    static byte[] encoded(final int instance, final long second, final int linesPerSecond, final int hosts,
                          final int sections) {
        final SplittableRandom rnd = new SplittableRandom(31L * instance + second);
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        final LogEvent e = new LogEvent();
        final Frame frame = new Frame(40_000);
        frame.clear(second);
        final String stamp = java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochSecond(second));
        final int[] statuses = {200, 200, 200, 200, 201, 204, 301, 304, 404, 500};
        for (int i = 0; i < linesPerSecond; i++) {
            final int h = rnd.nextInt(hosts);
            final String line = "10." + (h >> 16 & 255) + "." + (h >> 8 & 255) + "." + (h & 255) + " - - [" + stamp
                    + "] \"GET /section-" + rnd.nextInt(sections) + "/item-" + rnd.nextInt(1_000) + " HTTP/1.1\" "
                    + statuses[rnd.nextInt(statuses.length)] + " " + rnd.nextInt(50, 250_000)
                    + " \"-\" \"bench/1.0\"";
            final byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
            if (parser.parse(b, 0, b.length, e)) {
                frame.record(e);
            }
        }
        return new FrameCodec().encodeToArray(frame);
    }

    /**
     * Prints the encoded size of one second's frame for a few traffic rates (2,000 hosts, 50 sections):
     * {@code java -cp bench/target/benchmarks.jar dev.logmon.bench.FleetFrames}.
     */
    public static void main(final String[] args) {
        final int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        final int sections = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        System.out.println("frame bytes per second of one instance, " + hosts + " hosts, " + sections + " sections");
        for (final int rate : new int[] {100, 1_000, 5_000, 20_000}) {
            long sum = 0;
            final int seconds = 10;
            for (int s = 0; s < seconds; s++) {
                sum += encoded(1, 1_767_225_600L + s, rate, hosts, sections).length;
            }
            System.out.printf(java.util.Locale.ROOT, "%,7d lines/s: %,9d bytes/s%n", rate, sum / seconds);
        }
    }
}
