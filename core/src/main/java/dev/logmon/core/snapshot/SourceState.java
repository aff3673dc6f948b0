package dev.logmon.core.snapshot;

import java.util.Locale;

/** What a source is doing, as shown in snapshots. */
public enum SourceState {
    /** Not opened yet. */
    STARTING,
    /** Reading bytes that were already there (catching up or replaying). */
    READING,
    /** At the end of the file, waiting for new lines. */
    FOLLOWING,
    /** The file does not exist (yet, or any more); retried until it appears. */
    WAITING,
    /** The file exists but cannot be opened (permission denied or similar); retried. */
    DENIED,
    /** Finished (end of file with --once, or stopped). */
    DONE;

    /** Lower-case name as written in JSON and on the dashboard. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
