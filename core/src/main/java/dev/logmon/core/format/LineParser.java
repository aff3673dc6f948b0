package dev.logmon.core.format;

/**
 * Parses one log line, in place and without allocating, into a preallocated {@link LogEvent}.
 * Implementations: {@link AccessLogParser} (built-in Common/Combined), {@link CompiledFormatParser}
 * (an nginx or Apache format string compiled once) and {@link JsonLineParser} (one JSON object
 * per line). Each source thread owns its parser; an implementation may keep scratch buffers.
 */
public interface LineParser {
    /** Returned by {@link #lineSecond} when the line's time cannot be read cheaply or at all. */
    long UNKNOWN_SECOND = Long.MIN_VALUE;

    /**
     * Parses {@code buf[offset, offset + length)}, one line without its newline, into {@code out}.
     * Sets every field a DATA event carries, or marks the event malformed with one reason.
     *
     * @return true for a hit, false for a malformed line
     */
    boolean parse(byte[] buf, int offset, int length, LogEvent out);

    /**
     * The line's log time in epoch seconds, reading as little of the line as the format allows,
     * or {@link #UNKNOWN_SECOND}. Used to filter lines by time before they are parsed in full.
     */
    long lineSecond(byte[] buf, int offset, int length);

    /**
     * Request times this parser could not read (AWS's {@code -1}, garbage) since it was made: the
     * hits were counted without a time. Read by other threads; the source thread is the only writer.
     */
    default long unreadableLatencies() {
        return 0;
    }

    /**
     * A new parser that gives the same result as this one for every line from now on, for another
     * thread to parse the lines this source hands over ({@code --shards} 2 or more: the shard that
     * counts a line parses it), or null while this parser's result for a line may depend on the
     * lines before it (a format still being detected, the first lines watched for a notice, a
     * W3C {@code #Fields} header): such lines are parsed on the source thread, as with one shard.
     * Called on the source thread; the copy is then used by one other thread only, and counts
     * its own {@link #unreadableLatencies()}. The default: null.
     */
    default LineParser forOtherThread() {
        return null;
    }

    /**
     * Called on the source thread once its source has ended (a {@code --once} file read to its
     * end, standard input closed), so a parser that reports on what it saw can do so.
     */
    default void sourceEnded() {
    }
}
