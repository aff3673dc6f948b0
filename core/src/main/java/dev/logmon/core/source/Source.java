package dev.logmon.core.source;

import dev.logmon.core.snapshot.SourceStatus;

/** Something that reads lines on its own thread and publishes them: a file or standard input. */
public interface Source extends Runnable {

    /** Asks the source to stop at its next read or poll. */
    void stop();

    /** This source's state for a snapshot. */
    SourceStatus status();

    /** Lines published, parsed or not. */
    long linesRead();
}
