package dev.logmon.fleet.lines;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.source.LinePublisher;
import java.nio.ByteBuffer;

/**
 * Turns one Kafka record's value into lines on the ring: the value is the line (a trailing
 * newline or CRLF is dropped; a value holding several lines gives each of them), or, with a value
 * field, the field's string in a JSON envelope ({@link JsonValueField}). The bytes are parsed
 * straight from the fetched record (the consumer's {@code ByteBufferDeserializer} hands over a
 * view of its fetch buffer, no copy) into the claimed slot; no String is made per line.
 *
 * <pre>
 *   value (raw):       1.2.3.4 - - [...] "GET / HTTP/1.1" 200 5\n   → one line
 *   value (envelope):  {"message":"1.2.3.4 - - ...","host":...}    → the message, unescaped
 *   no message field:  counted malformed, noField;  not JSON: notJson;  null value: empty
 * </pre>
 *
 * Every line of a record is tagged with its partition, assignment epoch and offset
 * ({@link LinePublisher#at}), so the combiner can tell which offsets are counted. Confined to the
 * source's thread.
 */
final class RecordLines {
    private final LinePublisher lines;
    private final JsonValueField field;
    private final int maxLineBytes;
    private byte[] scratch = new byte[0];
    private int generation;
    private long offset;

    /**
     * @param lines        the source's publisher
     * @param valueField   the envelope's field holding the line, or null when the value is the line
     * @param maxLineBytes longest line parsed; longer ones are counted tooLong
     */
    RecordLines(final LinePublisher lines, final String valueField, final int maxLineBytes) {
        this.lines = lines;
        this.field = valueField == null ? null : new JsonValueField(valueField, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
    }

    /** Publishes the lines of one record. */
    void publish(final ByteBuffer value, final int partition, final int epoch, final long offset)
            throws InterruptedException {
        this.generation = PartitionEpochs.generation(partition, epoch);
        this.offset = offset;
        lines.at(generation, offset, offset + 1);
        if (value == null) {
            lines.publishMalformed(MalformedReason.EMPTY); // a tombstone: no line in it
            return;
        }
        final byte[] bytes;
        final int start;
        final int length = value.remaining();
        if (value.hasArray()) {
            bytes = value.array();
            start = value.arrayOffset() + value.position();
        } else {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            value.duplicate().get(scratch, 0, length);
            bytes = scratch;
            start = 0;
        }
        if (field == null) {
            split(bytes, start, length);
            return;
        }
        final int n = field.extract(bytes, start, length);
        switch (n) {
            case JsonValueField.NOT_JSON -> lines.publishMalformed(MalformedReason.NOT_JSON);
            case JsonValueField.NO_FIELD -> lines.publishMalformed(MalformedReason.NO_FIELD);
            case JsonValueField.TOO_LONG -> lines.publishMalformed(MalformedReason.TOO_LONG);
            default -> split(field.value(), 0, n);
        }
    }

    /**
     * Each line of {@code [start, start + length)}: split at newlines, CR before them dropped. Only
     * the record's last line ends at {@code offset + 1}; the lines before it end at {@code offset}
     * (the record is not done yet), so a tick merged between two lines of one record never lets
     * the record's offset be committed before its last line is counted.
     */
    private void split(final byte[] bytes, final int start, final int length) throws InterruptedException {
        final int end = start + length;
        int from = start;
        do {
            int nl = from;
            while (nl < end && bytes[nl] != '\n') {
                nl++;
            }
            if (nl == end && from == end && from != start) {
                return; // the value ended with its newline
            }
            lines.at(generation, offset, nl >= end - 1 ? offset + 1 : offset);
            int lineEnd = nl;
            if (lineEnd > from && bytes[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (lineEnd - from > maxLineBytes) {
                lines.publishMalformed(MalformedReason.TOO_LONG);
            } else {
                lines.publishLine(bytes, from, lineEnd - from);
            }
            from = nl + 1;
        } while (from <= end);
    }
}
