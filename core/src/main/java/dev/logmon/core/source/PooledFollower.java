package dev.logmon.core.source;

import java.nio.file.Path;

/**
 * What a {@link FollowPool} drives: a followed file ({@link FileSource}) or a pattern's directory
 * listing ({@link GlobSource}). Called by one pool thread at a time, under {@link #lock()}.
 */
interface PooledFollower {
    /** Returned by {@link #nextLookMillis(boolean)}: nothing to look at until a change is signalled. */
    long QUIET = -1;

    /** One round of work; true when there is more to do at once. */
    boolean step() throws InterruptedException;

    /**
     * How long until the next round when nothing is signalled, after a round that found nothing;
     * {@link #QUIET} when only a change (or the pool's slow safety check) needs one.
     *
     * @param watched true when change notifications cover its directory
     */
    long nextLookMillis(boolean watched);

    /**
     * The slow safety check of a quiet follower (a stat, no read): true when something changed that
     * a notification should have said (a missed event, a filesystem without them) and a round is due.
     */
    boolean changedWhileQuiet();

    /** True once asked to stop. */
    boolean stopping();

    /** Its last call: closes what is open and marks it done. */
    void end();

    /** What the directory watcher signals for it. */
    Wakeup wakeup();

    /** The directory whose change notifications wake it. */
    Path directory();

    /** What a round holds: the followers publishing through one publisher share one lock. */
    Object lock();
}
