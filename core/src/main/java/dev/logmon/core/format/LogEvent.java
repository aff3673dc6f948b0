package dev.logmon.core.format;


/**
 * One preallocated slot of the ring buffer. A source parses a line straight into a claimed slot,
 * so the hot path allocates nothing: every field is a primitive, and the only text kept is a
 * bounded copy of the host and section bytes, which analyzers need to name their top entries.
 *
 * <pre>
 *  kind = DATA       second, status, size, latencyMicros, host[0..hostLength), section[0..sectionLength), hashes
 *  kind = MALFORMED  malformedReason (ordinal of {@link MalformedReason})
 *  kind = FILTERED   parsed, but left out by --where (position fields only)
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

    /** Host bytes (ASCII). */
    public final byte[] host = new byte[MAX_HOST];
    /** Number of valid bytes in {@link #host}. */
    public int hostLength;
    /** 64-bit hash of the host bytes. */
    public long hostHash;

    /** Section bytes, e.g. {@code /pages}; empty when the request had no path. */
    public final byte[] section = new byte[MAX_SECTION];
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

    /** Forgets where the request and user agent of the previous line were (before a parse that a filter reads). */
    public void clearRequest() {
        requestBytes = null;
        agentBytes = null;
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
