package dev.logmon.core.source;

import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.logmon.core.filter.LinePredicate;
import dev.logmon.core.format.LineParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.time.Clock;
import dev.logmon.core.time.LogWatermark;
import dev.logmon.core.time.TimeMode;

/**
 * One source's way onto the ring: claims a slot per line, parses the line straight into it
 * through a non-capturing translator, and publishes the claimed slots in batches; it also keeps
 * the source's time bookkeeping and its {@code --since}/{@code --until} filter.
 *
 * <pre>
 *   claimed:   [lo ........ hi]   parsed, not yet visible to the analyzers
 *   flush():   publish(lo, hi)    one cursor store for up to {@link #MAX_BATCH} lines
 * </pre>
 *
 * A batch is published when it is full, when the {@link LineReader} has split a whole read chunk
 * ({@link #flush()}), and before the log-time watermark moves: a line that advances this source's
 * newest second is published, then the watermark may publish its tick, then the next line is
 * claimed, so ticks sit between exactly the same lines as with one publish per line. A batch is
 * never larger than half the ring and this publisher never waits for room while it holds one
 * (another source may have filled the ring behind it), so a full ring cannot deadlock; and a batch
 * only ever holds consecutive sequences: when another producer (a second source, the arrival
 * ticker) has claimed in between, the batch so far is published first.
 *
 * <p><b>Parsing on the shards</b> ({@link #parseOnShards}, {@code --shards} 2 or more): a line
 * is not parsed here but copied into its slot ({@link LogEvent#RAW}) for the shard that counts it,
 * with that shard's own copy of this source's parser ({@link LineParser#forOtherThread()}). Only
 * the line's time is read here ({@link LineParser#lineSecond}, as {@code --since} does), because
 * the watermark must know it before the next line is claimed. A line is still parsed here when
 * it is longer than {@link LogEvent#RAW_CAPACITY}, when its time cannot be read cheaply (a
 * malformed line, a format without a cheap time), and while the parser cannot be copied (a
 * format being detected, the first lines watched for a notice, W3C and syslog input).
 *
 * <p>Confined to its source's thread. Nothing here allocates per line: the translators are
 * static, the line is passed as (buffer, offset, length) fields of this object; a slot's copy
 * buffer and the shards' parsers are made once.
 */
public final class LinePublisher {
    /** Lines stamped further than this ahead of the wall clock do not move log time forward. */
    public static final long FUTURE_TOLERANCE_SECONDS = 86_400;

    /** Most lines claimed before they are published. */
    public static final int MAX_BATCH = 256;

    private static final long NONE = -1;

    private static final EventTranslatorOneArg<LogEvent, LinePublisher> PARSE_LINE =
            (event, sequence, publisher) -> publisher.fill(event);
    private static final EventTranslatorOneArg<LogEvent, LinePublisher> MALFORMED_LINE =
            (event, sequence, publisher) -> publisher.fillMalformed(event);

    private final int sourceId;
    private final RingBuffer<LogEvent> ring;
    private final LineParser parser;
    private final TimeMode timeMode;
    private final LogWatermark watermark;
    private final Clock clock;
    private final int maxBatch;

    private byte[] lineBuffer;
    private int lineOffset;
    private int lineLength;
    private MalformedReason malformedReason;
    private int generation;
    private long lineStart;
    private long lineEnd;
    private long batchLo = NONE;
    private long batchHi;
    private int batched;
    private long arrivalSecond;
    private long futureLimit;
    private long maxSecond = Long.MIN_VALUE;
    private boolean advanced;
    private long linesPublished;
    private long sinceSecond = Long.MIN_VALUE;
    private long untilSecond = Long.MAX_VALUE;
    private boolean filtering;
    private volatile long linesFiltered;
    private LinePredicate where;
    private long whereFiltered;
    private volatile long linesWhereFiltered;
    /** With parsing on the shards: per shard, its copy of {@link #parser} (null until it can be made); else null. */
    private LineParser[] shardParsers;
    private long linesHandedOver;
    private final int shardBlockShift;

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
        this.maxBatch = Math.max(1, Math.min(MAX_BATCH, ring.getBufferSize() / 2));
        this.shardBlockShift = LogEvent.shardBlockShift(ring.getBufferSize());
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

    /**
     * Counts only the parsed lines {@code where} matches ({@code --where}); the others are
     * published as {@link LogEvent#FILTERED} and counted as filtered. The predicate is tested
     * right after the parse, while the line's bytes are still there, on this source's thread
     * (a compiled tree is not shared). Call before the source starts. A filtered source parses
     * its own lines: none is handed to the shards ({@link #parseOnShards} has no effect).
     */
    public void filterBy(final LinePredicate predicate) {
        this.where = predicate;
        if (predicate != null) {
            this.shardParsers = null;
        }
    }

    /**
     * Lets the {@code shards} analyzers parse this source's lines (see the class comment); call
     * before the source starts, with 2 or more shards. With one, parsing here is faster (measured:
     * the copy and the other core's first read of it cost more than the parse). Not with a
     * {@code --where} filter, which reads the parsed line on this thread ({@link #filterBy}).
     */
    public void parseOnShards(final int shards) {
        this.shardParsers = shards > 1 && where == null ? new LineParser[shards] : null;
    }

    /** Lines handed to the shards unparsed ({@link #parseOnShards}); read it once the source has ended. */
    public long linesHandedOver() {
        return linesHandedOver;
    }

    /** Lines left out by {@link #restrictTo} and {@link #filterBy}. */
    public long linesFiltered() {
        return linesFiltered + linesWhereFiltered;
    }

    /** Tells the parser its source has ended (on the source thread). */
    public void sourceEnded() {
        parser.sourceEnded();
    }

    /** Hits of this source whose request time could not be read. */
    public long unreadableLatencies() {
        long sum = parser.unreadableLatencies();
        final LineParser[] copies = shardParsers;
        if (copies != null) {
            for (final LineParser copy : copies) {
                // written before the first line handed to it is published: a reader behind that
                // line on the ring (the combiner) sees it, one ahead of it may not yet (counts 0)
                sum += copy == null ? 0 : copy.unreadableLatencies();
            }
        }
        return sum;
    }

    /** Reads the wall clock once for the lines that follow (called per read chunk, not per line). */
    public void refreshClock() {
        final long now = clock.second();
        arrivalSecond = now;
        futureLimit = now + FUTURE_TOLERANCE_SECONDS;
    }

    /**
     * Parses one line (without its newline) into a claimed slot. The line becomes visible to the
     * analyzers at the next {@link #flush()} at the latest; the bytes are not read after this returns.
     */
    public void publishLine(final byte[] buffer, final int offset, final int length) throws InterruptedException {
        long second = LineParser.UNKNOWN_SECOND;
        boolean secondRead = false;
        if (filtering) {
            second = parser.lineSecond(buffer, offset, length);
            secondRead = true;
            if (second != LineParser.UNKNOWN_SECOND && (second < sinceSecond || second >= untilSecond)) {
                linesFiltered++; // single writer: this source's thread
                return;
            }
        }
        final long sequence = claim();
        final LogEvent event = ring.get(sequence);
        if (shardParsers != null && length <= LogEvent.RAW_CAPACITY) {
            final LineParser target = shardParser(LogEvent.shardOf(sequence, shardParsers.length, shardBlockShift));
            if (target != null) {
                if (!secondRead && timeMode == TimeMode.LOG) {
                    second = parser.lineSecond(buffer, offset, length);
                }
                if (timeMode == TimeMode.ARRIVAL || second != LineParser.UNKNOWN_SECOND) {
                    fillRaw(event, target, second, buffer, offset, length);
                    claimedLine(sequence);
                    return;
                }
            }
        }
        lineBuffer = buffer;
        lineOffset = offset;
        lineLength = length;
        try {
            PARSE_LINE.translateTo(event, sequence, this);
        } catch (RuntimeException parserBug) {
            // A claimed slot must be published or the ring stalls for every source: it goes out
            // as a malformed line, then the exception goes on up as before.
            malformedReason = MalformedReason.BAD_FORMAT;
            fillMalformed(event);
            claimed(sequence);
            flush();
            throw parserBug;
        }
        claimedLine(sequence);
    }

    /** A line's slot is filled: batches it, and publishes it first if it moved log time forward. */
    private void claimedLine(final long sequence) throws InterruptedException {
        claimed(sequence);
        if (advanced) {
            advanced = false;
            flush();
            watermark.advance(sourceId, maxSecond);
        }
    }

    /** The given shard's copy of this source's parser, made at its first use; null while none can be made. */
    private LineParser shardParser(final int shard) {
        LineParser p = shardParsers[shard];
        if (p == null) {
            p = parser.forOtherThread();
            shardParsers[shard] = p;
        }
        return p;
    }

    /**
     * Fills a slot with a line for its shard to parse: its place, its bytes and its second (read
     * here in log time, with the same future and watermark rules as a parsed line; a line that
     * turns out malformed on the shard has then moved log time as its stamp says).
     */
    private void fillRaw(final LogEvent event, final LineParser target, final long second,
                         final byte[] buffer, final int offset, final int length) {
        event.kind = LogEvent.RAW;
        event.sourceId = sourceId;
        event.generation = generation;
        event.lineStart = lineStart;
        event.lineEnd = lineEnd;
        event.future = false;
        if (timeMode == TimeMode.ARRIVAL) {
            event.rawSecond = arrivalSecond;
        } else {
            event.rawSecond = second;
            if (second > futureLimit) {
                event.future = true;
            } else if (second > maxSecond) {
                maxSecond = second;
                advanced = true;
            }
        }
        byte[] raw = event.raw;
        if (raw == null) {
            raw = new byte[LogEvent.RAW_CAPACITY]; // once per slot, in its first lap as RAW
            event.raw = raw;
        }
        System.arraycopy(buffer, offset, raw, 0, length);
        event.rawLength = length;
        event.rawParser = target;
        linesHandedOver++;
    }

    /**
     * Where the next line lies in its file: the {@link LineReader} says it before each publish so
     * the combiner can tell which offset of which file is fully counted (saved positions).
     *
     * @param fileGeneration which file of this source ({@link SourceFiles})
     * @param start          offset of the line's first byte
     * @param end            offset after the line and its newline
     */
    public void at(final int fileGeneration, final long start, final long end) {
        this.generation = fileGeneration;
        this.lineStart = start;
        this.lineEnd = end;
    }

    /** Claims a slot for a line that was not parsed (for example one longer than the maximum). */
    public void publishMalformed(final MalformedReason reason) {
        malformedReason = reason;
        final long sequence = claim();
        MALFORMED_LINE.translateTo(ring.get(sequence), sequence, this);
        claimed(sequence);
    }

    private void fillMalformed(final LogEvent event) {
        event.setMalformed(malformedReason);
        event.sourceId = sourceId;
        event.generation = generation;
        event.lineStart = lineStart;
        event.lineEnd = lineEnd;
    }

    /** Publishes every claimed line; the reader calls it after each read chunk. */
    public void flush() {
        if (linesWhereFiltered != whereFiltered) {
            linesWhereFiltered = whereFiltered;
        }
        if (batchLo != NONE) {
            ring.publish(batchLo, batchHi);
            batchLo = NONE;
            batched = 0;
        }
    }

    /**
     * The next slot. Never waits while holding unpublished slots: if the ring is full, another
     * producer may have filled it behind our batch, and the analyzers cannot pass our batch until
     * we publish it, so we publish first, then wait for room.
     */
    private long claim() {
        if (batchLo == NONE) {
            return ring.next();
        }
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            flush();
            return ring.next();
        }
    }

    private void claimed(final long sequence) {
        if (batchLo != NONE && sequence != batchHi + 1) {
            // Another producer (a second source, the ticker) claimed in between: publishing lo..hi
            // would also mark its slots as ready before it has filled them.
            flush();
        }
        if (batchLo == NONE) {
            batchLo = sequence;
        }
        batchHi = sequence;
        linesPublished++;
        if (++batched >= maxBatch) {
            flush();
        }
    }

    /** Lines read so far: published (parsed or not) and filtered. */
    public long linesPublished() {
        return linesPublished + linesFiltered;
    }

    private void fill(final LogEvent event) {
        event.sourceId = sourceId;
        event.generation = generation;
        event.lineStart = lineStart;
        event.lineEnd = lineEnd;
        event.future = false;
        final LinePredicate filter = where;
        if (filter != null) {
            event.clearRequest();
        }
        if (parser.parse(lineBuffer, lineOffset, lineLength, event)) {
            if (timeMode == TimeMode.ARRIVAL) {
                event.second = arrivalSecond;
            } else if (event.second > futureLimit) {
                event.future = true;
            } else if (event.second > maxSecond) {
                // a line left out by the filter still moves log time: time passed, it only is not counted
                maxSecond = event.second;
                advanced = true;
            }
            if (filter != null && !filter.test(event)) {
                event.kind = LogEvent.FILTERED;
                whereFiltered++; // made visible with the batch, in flush(): no fence per line
            }
        }
    }
}
