package dev.logmon.core.history;

/**
 * Takes the per-minute records the combiner makes. Called on the combiner's thread: an
 * implementation must not block for long nor touch the disk there (hand the record to a thread).
 */
public interface MinuteSink {

    /** A minute's counters (or an addition to a minute already handed over: records of one minute add). */
    void offerMinute(MinuteRecord record);
}
