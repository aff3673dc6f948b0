package dev.logmon.core.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** What one parser made of every line of a sample file: the totals a test compares with its own count. */
final class FormatSample {
    int read;
    int parsed;
    final Map<MalformedReason, Integer> malformed = new EnumMap<>(MalformedReason.class);
    final Map<Integer, Integer> statuses = new TreeMap<>();
    final Map<String, Integer> hosts = new TreeMap<>();
    final Map<String, Integer> sections = new TreeMap<>();
    long bytes;
    long latencyMicros;
    int withLatency;
    long firstSecond = Long.MIN_VALUE;
    long noLatency;

    /** A file under {@code src/test/resources/formats/}. */
    static byte[] resource(final String name) {
        try (InputStream in = FormatSample.class.getResourceAsStream("/formats/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource formats/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses each line of {@code data} with {@code parser}. */
    static FormatSample of(final byte[] data, final LineParser parser) {
        final FormatSample s = new FormatSample();
        final LogEvent event = new LogEvent();
        int start = 0;
        while (start < data.length) {
            int end = start;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            s.read++;
            if (parser.parse(data, start, end - start, event)) {
                s.parsed++;
                s.statuses.merge(event.status, 1, Integer::sum);
                s.hosts.merge(ParserTestSupport.hostOf(event), 1, Integer::sum);
                s.sections.merge(event.sectionLength == 0 ? "(none)"
                        : new String(event.section, 0, event.sectionLength, StandardCharsets.UTF_8), 1, Integer::sum);
                s.bytes += event.size;
                if (event.latencyMicros != LogEvent.NO_LATENCY) {
                    s.withLatency++;
                    s.latencyMicros += event.latencyMicros;
                }
                if (s.firstSecond == Long.MIN_VALUE) {
                    s.firstSecond = event.second;
                }
            } else {
                s.malformed.merge(MalformedReason.ofOrdinal(event.malformedReason), 1, Integer::sum);
            }
            start = end + 1;
        }
        parser.sourceEnded();
        s.noLatency = parser.unreadableLatencies();
        return s;
    }

    /** Parses with a fresh parser of {@code format}. */
    static FormatSample of(final byte[] data, final String format) {
        return of(data, LineFormat.parse(format, null).newParser(false));
    }

    @Override
    public String toString() {
        return "read " + read + " parsed " + parsed + " malformed " + malformed + " statuses " + statuses + " hosts "
                + hosts + " sections " + sections + " bytes " + bytes + " latency " + withLatency + "/" + latencyMicros
                + "us noLatency " + noLatency + " first " + firstSecond;
    }
}
