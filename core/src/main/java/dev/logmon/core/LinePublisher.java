package dev.logmon.core;

import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;

/**
 * One source's way onto the ring: claims a slot per line and parses the line straight into it
 * through a non-capturing translator, then keeps the source's time bookkeeping.
 *
 * <p>Confined to its source's thread. Nothing here allocates per line: the translators are
 * static, the line is passed as (buffer, offset, length) fields of this object.
 */
public final class LinePublisher {
    /** Lines stamped further than this ahead of the wall clock do not move log time forward. */
    public static final long FUTURE_TOLERANCE_SECONDS = 86_400;

    private static final EventTranslatorOneArg<LogEvent, LinePublisher> PARSE_LINE =
            (event, sequence, publisher) -> publisher.fill(event);
    private static final EventTranslatorOneArg<LogEvent, MalformedReason> MALFORMED_LINE =
            (event, sequence, reason) -> event.setMalformed(reason);

    private final int sourceId;
    private final RingBuffer<LogEvent> ring;
    private final LineParser parser;
    private final TimeMode timeMode;
    private final LogWatermark watermark;
    private final Clock clock;

    private byte[] lineBuffer;
    private int lineOffset;
    private int lineLength;
    private long arrivalSecond;
    private long futureLimit;
    private long maxSecond = Long.MIN_VALUE;
    private boolean advanced;
    private long linesPublished;
    private long sinceSecond = Long.MIN_VALUE;
    private long untilSecond = Long.MAX_VALUE;
    private boolean filtering;
    private volatile long linesFiltered;

    /**
     * @param sourceId  index of the source
     * @param ring      the ring
     * @param parser    this source's parser (parsers are not shared between threads)
     * @param timeMode  arrival or log time
     * @param watermark log-time progress (unused in arrival mode; may be null there)
     * @param clock     wall clock
     */
    public LinePublisher(final int sourceId, final RingBuffer<LogEvent> ring, final LineParser parser,
                         final TimeMode timeMode, final LogWatermark watermark, final Clock clock) {
        this.sourceId = sourceId;
        this.ring = ring;
        this.parser = parser;
        this.timeMode = timeMode;
        this.watermark = watermark;
        this.clock = clock;
        refreshClock();
    }

    /**
     * Keeps only lines whose log time is in {@code [since, until)}; the others are counted as
     * filtered and never reach the ring. Only the time of each line is read to decide
     * ({@link LineParser#lineSecond}); a line whose time cannot be read goes on to the parser,
     * which counts it as malformed if it is. Call before the source starts.
     */
    public void restrictTo(final long since, final long until) {
        this.sinceSecond = since;
        this.untilSecond = until;
        this.filtering = since != Long.MIN_VALUE || until != Long.MAX_VALUE;
    }

    /** Lines left out by {@link #restrictTo}. */
    public long linesFiltered() {
        return linesFiltered;
    }

    /** Reads the wall clock once for the lines that follow (called per read chunk, not per line). */
    public void refreshClock() {
        final long now = clock.second();
        arrivalSecond = now;
        futureLimit = now + FUTURE_TOLERANCE_SECONDS;
    }

    /** Parses and publishes one line (without its newline). */
    public void publishLine(final byte[] buffer, final int offset, final int length) throws InterruptedException {
        if (filtering) {
            final long second = parser.lineSecond(buffer, offset, length);
            if (second != LineParser.UNKNOWN_SECOND && (second < sinceSecond || second >= untilSecond)) {
                linesFiltered++; // single writer: this source's thread
                return;
            }
        }
        lineBuffer = buffer;
        lineOffset = offset;
        lineLength = length;
        ring.publishEvent(PARSE_LINE, this);
        linesPublished++;
        if (advanced) {
            advanced = false;
            watermark.advance(sourceId, maxSecond);
        }
    }

    /** Publishes a line that was not parsed (for example one longer than the maximum). */
    public void publishMalformed(final MalformedReason reason) {
        ring.publishEvent(MALFORMED_LINE, reason);
        linesPublished++;
    }

    /** Lines read so far: published (parsed or not) and filtered. */
    public long linesPublished() {
        return linesPublished + linesFiltered;
    }

    private void fill(final LogEvent event) {
        event.sourceId = sourceId;
        if (parser.parse(lineBuffer, lineOffset, lineLength, event)) {
            if (timeMode == TimeMode.ARRIVAL) {
                event.second = arrivalSecond;
            } else if (event.second > maxSecond && event.second <= futureLimit) {
                maxSecond = event.second;
                advanced = true;
            }
        }
    }
}
