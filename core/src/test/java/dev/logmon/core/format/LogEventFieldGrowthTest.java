package dev.logmon.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A slot's host and section buffers start at {@link LogEvent#INITIAL_FIELD} bytes and grow once,
 * to the most they hold, when a longer one comes: every length reads as it did with full-size
 * buffers, and a grown slot keeps its buffer.
 */
class LogEventFieldGrowthTest {
    private static final String TIME = "[01/Jan/2026:00:00:00 +0000]";

    private static byte[] line(final String host, final String target) {
        return ParserTestSupport.ascii(host + " - - " + TIME + " \"GET " + target + " HTTP/1.1\" 200 17 \"-\" \"ua\"");
    }

    @Test
    void shouldReadHostsOfEveryLengthIntoOneReusedSlot() {
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        final LogEvent event = new LogEvent();
        assertThat(event.host).hasSize(LogEvent.INITIAL_FIELD);
        byte[] grown = null;
        for (final int length : List.of(1, 15, 39, LogEvent.INITIAL_FIELD - 1, LogEvent.INITIAL_FIELD,
                LogEvent.INITIAL_FIELD + 1, 200, LogEvent.MAX_HOST, 7, LogEvent.MAX_HOST + 1, 300, 12)) {
            final String host = "h".repeat(length - 1) + (char) ('a' + length % 26);
            final boolean parsed = parser.parse(line(host, "/a"), 0, line(host, "/a").length, event);
            if (length > LogEvent.MAX_HOST) {
                assertThat(parsed).as("host of %d bytes", length).isFalse();
                assertThat(ParserTestSupport.reasonOf(event)).isEqualTo(MalformedReason.BAD_HOST);
                continue;
            }
            assertThat(parsed).as("host of %d bytes", length).isTrue();
            assertThat(ParserTestSupport.hostOf(event)).isEqualTo(host);
            final byte[] bytes = ParserTestSupport.ascii(host);
            assertThat(event.hostHash).isEqualTo(ByteHash.hash(bytes, 0, bytes.length));
            if (length > LogEvent.INITIAL_FIELD) {
                assertThat(event.host).hasSize(LogEvent.MAX_HOST);
                if (grown == null) {
                    grown = event.host;
                }
            } else if (grown == null) {
                assertThat(event.host).hasSize(LogEvent.INITIAL_FIELD);
            }
            if (grown != null) {
                assertThat(event.host).as("a grown slot keeps its buffer").isSameAs(grown);
            }
        }
        assertThat(grown).isNotNull();
    }

    @Test
    void shouldReadSectionsOfEveryLengthIntoOneReusedSlot() {
        final AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        final LogEvent event = new LogEvent();
        byte[] grown = null;
        for (final int length : List.of(2, 3, LogEvent.INITIAL_FIELD - 1, LogEvent.INITIAL_FIELD,
                LogEvent.INITIAL_FIELD + 1, 100, LogEvent.MAX_SECTION, LogEvent.MAX_SECTION + 1, 400, 5)) {
            // a section of `length` bytes: "/" and length - 1 letters, then the rest of the path
            final String section = "/" + "s".repeat(length - 1);
            final String target = section + "/rest?q=%41";
            assertThat(parser.parse(line("10.0.0.1", target), 0, line("10.0.0.1", target).length, event))
                    .as("section of %d bytes", length).isTrue();
            final int kept = Math.min(length, LogEvent.MAX_SECTION);
            assertThat(ParserTestSupport.sectionOf(event)).isEqualTo(section.substring(0, kept));
            final byte[] bytes = ParserTestSupport.ascii(section);
            assertThat(event.sectionHash).as("the hash covers every byte").isEqualTo(ByteHash.hash(bytes, 0, bytes.length));
            if (length > LogEvent.INITIAL_FIELD && grown == null) {
                grown = event.section;
                assertThat(grown).hasSize(LogEvent.MAX_SECTION);
            }
            if (grown != null) {
                assertThat(event.section).as("a grown slot keeps its buffer").isSameAs(grown);
            } else {
                assertThat(event.section).hasSize(LogEvent.INITIAL_FIELD);
            }
        }
        assertThat(grown).isNotNull();
    }
}
