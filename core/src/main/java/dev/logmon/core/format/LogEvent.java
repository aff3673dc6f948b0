package dev.logmon.core.format;


/**
 * One preallocated slot of the ring buffer. A source parses a line straight into a claimed slot,
 * or (with two or more shards) copies its bytes into the slot's {@link #raw} buffer for the shard
 * that counts it to parse in place; so the hot path allocates nothing: every field is a primitive
 * or a buffer made once per slot (grown at most once), and the only text kept is a bounded copy
 * of the host and section bytes, which analyzers need to name their top entries.
 *
 * <pre>
 *  kind = DATA       second, status, size, latencyMicros, host[0..hostLength), section[0..sectionLength), hashes
 *  kind = MALFORMED  malformedReason (ordinal of {@link MalformedReason})
 *  kind = FILTERED   parsed, but left out by --where (position fields only)
 *  kind = RAW        raw[0..rawLength), rawParser, rawSecond, future: a line not parsed yet; its
 *                    shard ({@link #shardOf}) turns it into DATA or MALFORMED ({@link #parseRaw()})
 *  kind = TICK       second: every line of this second or earlier has been published
 *                    (finalTick: the sources are done; seal everything)
 * </pre>
 *
 * A slot is reused for every lap of the ring: {@link #clear()} is not needed between uses because
 * a translator sets every field its kind reads.
 */
public final class LogEvent {
    /** A parsed line. */
    public static final int DATA = 0;
    /** A line that could not be parsed; see {@link #malformedReason}. */
    public static final int MALFORMED = 1;
    /** A time boundary; see {@link #second}. */
    public static final int TICK = 2;
    /**
     * A parsed line that a {@code --where} filter left out: counted as filtered by its source,
     * never by the analyzers; it still carries its position (saved positions move past it).
     */
    public static final int FILTERED = 3;
    /** A line whose bytes are in {@link #raw}, to be parsed by the shard that counts it. */
    public static final int RAW = 4;

    /** Longest line handed over as {@link #RAW}; a longer one is parsed by its source. */
    public static final int RAW_CAPACITY = 512;
    /** Most consecutive ring sequences that go to the same shard: 4,096 (a power of two). */
    private static final int MAX_SHARD_BLOCK_SHIFT = 12;

    /** {@link #latencyMicros} of a line without a request time. */
    public static final long NO_LATENCY = -1;

    /** Longest host kept (a DNS name is at most 253 bytes). Longer hosts are malformed. */
    public static final int MAX_HOST = 255;
    /** Longest section kept verbatim; longer sections are cut here (the hash covers all bytes). */
    public static final int MAX_SECTION = 256;

    /** {@link #DATA}, {@link #MALFORMED} or {@link #TICK}. */
    public int kind;
    /** Epoch second the line counts in (log or arrival time), or the tick's second. */
    public long second;
    /** True on the last tick, after which no data arrives. */
    public boolean finalTick;
    /**
     * Log time: the line is stamped beyond what its source lets move log time (more than
     * {@link dev.logmon.core.source.LinePublisher#FUTURE_TOLERANCE_SECONDS} past the wall clock), so no tick will ever
     * reach its second; it counts as future at the next tick.
     */
    public boolean future;
    /** HTTP status as written (000..999). */
    public int status;
    /** Response size in bytes ({@code -} is 0). */
    public long size;
    /** Request time in microseconds, or {@link #NO_LATENCY} when the format or the line has none. */
    public long latencyMicros = NO_LATENCY;
    /** Ordinal of the {@link MalformedReason} when {@link #kind} is {@link #MALFORMED}. */
    public int malformedReason;
    /** Index of the source that read the line. */
    public int sourceId;
    /** Which file of its source the line came from ({@link dev.logmon.core.source.SourceFiles}); with the offsets, for saved positions. */
    public int generation;
    /** Offset of the line's first byte in that file (for saved positions; the combiner reads it). */
    public long lineStart;
    /** Offset just after the line and its newline: where reading resumes once it is counted. */
    public long lineEnd;

    /**
     * Room a slot's host and section buffers start with: an IPv6 address (39 bytes) and most host
     * names and first path segments fit. A longer one grows the slot's buffer to the most it can
     * hold ({@link #growHost()}, {@link #growSection()}), once: the slot keeps it for every later
     * lap of the ring. So a ring of 16,384 slots starts with 2 MB of buffers instead of 9 MB.
     */
    public static final int INITIAL_FIELD = 48;

    /** Host bytes (ASCII): {@link #INITIAL_FIELD} long, or {@link #MAX_HOST} once a longer host came. */
    public byte[] host = new byte[INITIAL_FIELD];
    /** Number of valid bytes in {@link #host}. */
    public int hostLength;
    /** 64-bit hash of the host bytes. */
    public long hostHash;

    /**
     * Section bytes, e.g. {@code /pages}; empty when the request had no path. {@link #INITIAL_FIELD}
     * long, or {@link #MAX_SECTION} once a longer section came.
     */
    public byte[] section = new byte[INITIAL_FIELD];
    /** Number of valid bytes in {@link #section}; 0 when the request had no usable target. */
    public int sectionLength;
    /** 64-bit hash of the whole section (including bytes cut past {@link #MAX_SECTION}). */
    public long sectionHash;

    /**
     * Where the request line lies, for a {@code --where} filter: the buffer the parser read the
     * request from (the line, or a parser's scratch copy), or null when the line had none. Valid
     * only on the parsing thread until the next line is parsed (the bytes are the reader's); never
     * read by the analyzers. See {@link #methodAt}, {@link #targetAt}.
     */
    public byte[] requestBytes;
    /** Offset of the request method in {@link #requestBytes}. */
    public int methodAt;
    /** Length of the request method; -1 when the format gives the target alone (no method). */
    public int methodLength;
    /** Offset of the request target in {@link #requestBytes}. */
    public int targetAt;
    /** End of the request: the target ends here or at the first space before it (the protocol follows). */
    public int targetEnd;
    /** The buffer holding the user agent (formats that have one), or null; valid as {@link #requestBytes} is. */
    public byte[] agentBytes;
    /** Offset of the user agent in {@link #agentBytes}. */
    public int agentAt;
    /**
     * Length of the user agent; negative when it has not been looked for yet (Common and
     * {@code auto} lines: the referer and agent may follow in the {@code -1 - agentLength} bytes
     * at {@link #agentAt}; {@link AccessLogParser#findAgent} looks).
     */
    public int agentLength;

    /** Makes {@link #host} {@link #MAX_HOST} long, keeping its bytes; returns it. */
    public byte[] growHost() {
        host = java.util.Arrays.copyOf(host, MAX_HOST);
        return host;
    }

    /** Makes {@link #section} {@link #MAX_SECTION} long, keeping its bytes; returns it. */
    public byte[] growSection() {
        section = java.util.Arrays.copyOf(section, MAX_SECTION);
        return section;
    }

    /** Forgets where the request and user agent of the previous line were (before a parse that a filter reads). */
    public void clearRequest() {
        requestBytes = null;
        agentBytes = null;
    }

    /**
     * Bytes of a {@link #RAW} line (without its newline); made by the source at the first RAW use
     * of this slot, {@link #RAW_CAPACITY} long, then reused. Null in slots never used as RAW.
     */
    public byte[] raw;
    /** Number of valid bytes in {@link #raw}. */
    public int rawLength;
    /** The parser for a {@link #RAW} line: the shard's own copy of its source's ({@link LineParser#forOtherThread()}). */
    public LineParser rawParser;
    /** The second a {@link #RAW} line counts in, as its source read it (log time) or stamped it (arrival time). */
    public long rawSecond;

    /**
     * How many consecutive slots go to one shard, as a shift: a quarter of the ring, at most 4,096
     * (so several blocks are in the ring at once and every shard has work while the source is
     * ahead), at least 1.
     */
    public static int shardBlockShift(final int ringSize) {
        return Math.max(0, Math.min(MAX_SHARD_BLOCK_SHIFT, 31 - Integer.numberOfLeadingZeros(ringSize) - 2));
    }

    /**
     * The shard that counts the line in slot {@code sequence} when {@code shards} share the ring:
     * blocks of {@code 1 << blockShift} consecutive slots ({@link #shardBlockShift}) go round the
     * shards. So each shard parses and counts about the same number of lines, and most seconds
     * (up to a few thousand lines each) are counted whole by one shard: the combiner then merges
     * about one frame per second instead of one per shard (measured: with blocks of 32 every shard
     * had a frame of nearly every key of every second, and the combiner's merging became the
     * bottleneck).
     */
    public static int shardOf(final long sequence, final int shards, final int blockShift) {
        return (int) ((sequence >>> blockShift) % shards);
    }

    /**
     * Parses a {@link #RAW} line in place with {@link #rawParser}, on the thread of the shard that
     * counts it: afterwards the slot is DATA (its second the one its source read, so that ticks and
     * counts agree) or MALFORMED.
     *
     * @return true for a hit
     */
    public boolean parseRaw() {
        if (rawParser.parse(raw, 0, rawLength, this)) {
            second = rawSecond;
            return true;
        }
        return false;
    }

    /** Marks this slot as a malformed line. */
    public void setMalformed(final MalformedReason reason) {
        kind = MALFORMED;
        malformedReason = reason.ordinal();
    }

    /** Marks this slot as a tick for the given second. */
    public void setTick(final long tickSecond, final boolean last) {
        kind = TICK;
        second = tickSecond;
        finalTick = last;
    }
}
