package dev.logmon.core.source;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's open file limit, as followed files meet it: a file that cannot be opened because
 * too many are open waits here (no notice of its own); the limit is said once, with the number of
 * files waiting, and again once all are open. Files that close (inactive, or rotated and done)
 * wake a waiting one, so the files are read as descriptors free up.
 *
 * <pre>
 *   open() -> EMFILE: waiting += file        every second: first time any wait -> one notice with the count
 *   a descriptor closed -> wake one waiting  opened: waiting -= file
 * </pre>
 */
public final class OpenFileLimit {
    private final PrintStream notices;
    private final Set<FileSource> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean said;
    private volatile boolean saidOpen;

    /** @param notices where the one notice goes */
    public OpenFileLimit(final PrintStream notices) {
        this.notices = notices;
    }

    /** True when {@code e} says the process (or the system) has too many files open. */
    static boolean isLimit(final IOException e) {
        final String m = e.getMessage();
        return m != null && (m.contains("Too many open files") || m.contains("EMFILE") || m.contains("ENFILE"));
    }

    /** {@code file} could not be opened for the limit: it waits for a descriptor to free up. */
    void waitFor(final FileSource file) {
        waiting.add(file);
    }

    /** {@code file} is open (or no longer waits for any other reason). */
    void opened(final FileSource file) {
        waiting.remove(file);
    }

    /** True when {@code file} waits for a descriptor. */
    boolean isWaiting(final FileSource file) {
        return waiting.contains(file);
    }

    /** True when any file waits for a descriptor: inactive files are closed sooner. */
    boolean pressed() {
        return !waiting.isEmpty();
    }

    /** A descriptor was closed: one waiting file tries again now. */
    void released() {
        final Iterator<FileSource> it = waiting.iterator();
        if (it.hasNext()) {
            it.next().wakeup().signal();
        }
    }

    /** How many files wait. */
    int waitingCount() {
        return waiting.size();
    }

    /** Says the limit once when files wait, and once when all are open again (called every second). */
    void report() {
        final int n = waiting.size();
        if (n > 0 && !said) {
            said = true;
            notices.println("logmon: too many open files: " + n + (n == 1 ? " file waits" : " files wait")
                    + " to be opened (raise the limit with ulimit -n, or lower --close-inactive); the open files are"
                    + " read, the others are opened as files close");
        } else if (n == 0 && said && !saidOpen) {
            saidOpen = true;
            notices.println("logmon: every followed file is open now (no longer waiting for the open file limit)");
        }
    }
}
