package dev.logmon.core.source;

import dev.logmon.core.text.TextSafety;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A wake-up hint for followed files: one thread watches the directories of all sources (inotify
 * on Linux) and wakes a source as soon as its file is written, created, moved or deleted, instead
 * of letting it sleep out its poll interval. Only a hint: sources still poll every
 * {@code --poll} ms, so a filesystem without change events (NFS) or a missed event costs at most
 * one interval. If the watch cannot be set up, sources simply poll.
 *
 * <pre>
 *   inotify --> watcher thread --(file name matches)--> Wakeup.signal() --> FileSource wakes, reads
 * </pre>
 */
public final class DirectoryWatcher implements AutoCloseable {
    /** Longest a {@link #close()} waits for the watch service. */
    static final long CLOSE_WAIT_MS = 2_000;
    /** The key of the wake-ups for any change in a directory (no file name is empty). */
    private static final String ANY = "";
    /** The key of the wake-ups for a new name in a directory (created or moved in); "/" is no file name. */
    private static final String CREATED = "/";

    private final Map<Path, Map<String, List<Wakeup>>> byDirectory = new ConcurrentHashMap<>();
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    /** The directories whose changes are seen (registered with the watch service). */
    private final Set<Path> watched = ConcurrentHashMap.newKeySet();
    private final PrintStream notices;
    private WatchService service;
    private Thread thread;

    /** @param notices where a failure to watch is reported once */
    public DirectoryWatcher(final PrintStream notices) {
        this.notices = notices;
    }

    /**
     * Asks for {@code wakeup} to be signalled when {@code file} changes. Call before {@link #start()},
     * or after it for a file in a directory already watched (a file a pattern found).
     */
    public void watch(final Path file, final Wakeup wakeup) {
        final Path absolute = file.toAbsolutePath().normalize();
        final Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            return;
        }
        add(dir, absolute.getFileName().toString(), wakeup);
    }

    /** Asks for {@code wakeup} to be signalled when any file in {@code dir} changes (a pattern source). Call before {@link #start()}. */
    public void watchDirectory(final Path dir, final Wakeup wakeup) {
        add(dir.toAbsolutePath().normalize(), ANY, wakeup);
    }

    /**
     * Asks for {@code wakeup} to be signalled when a name appears in {@code dir} (created, moved in),
     * or when events were lost: a pattern looking for new matches whose files wake themselves.
     * Call before {@link #start()}.
     */
    public void watchNewFiles(final Path dir, final Wakeup wakeup) {
        add(dir.toAbsolutePath().normalize(), CREATED, wakeup);
    }

    private void add(final Path dir, final String name, final Wakeup wakeup) {
        byDirectory.computeIfAbsent(dir, d -> new ConcurrentHashMap<>())
                .computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                .add(wakeup);
    }

    /**
     * True when changes in {@code dir} are seen (after {@link #start()}): its files may sleep long
     * between checks, since a change wakes them. False: they must poll.
     */
    public boolean covers(final Path dir) {
        return dir != null && watched.contains(dir.toAbsolutePath().normalize());
    }

    /** Registers the directories and starts the watcher thread (no-op when nothing is watched). */
    public void start() {
        if (byDirectory.isEmpty()) {
            return;
        }
        try {
            service = FileSystems.getDefault().newWatchService();
            for (final Path dir : byDirectory.keySet()) {
                try {
                    keys.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), dir);
                    watched.add(dir);
                } catch (IOException e) {
                    // a directory that does not exist yet: its files are found by polling
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            watched.clear();
            notices.println("logmon: no file change notifications (" + TextSafety.oneLine(String.valueOf(e.getMessage()))
                    + "); following by polling only");
            return;
        }
        thread = new Thread(this::run, "logmon-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                final WatchKey key = service.take();
                final Map<String, List<Wakeup>> files = byDirectory.get(keys.get(key));
                for (final WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW || files == null) {
                        wakeAll();
                    } else {
                        final List<Wakeup> wakeups = files.get(String.valueOf(event.context()));
                        if (wakeups != null) {
                            wakeups.forEach(Wakeup::signal);
                        }
                        final List<Wakeup> any = files.get(ANY);
                        if (any != null) {
                            any.forEach(Wakeup::signal);
                        }
                        final List<Wakeup> created = event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                                ? files.get(CREATED) : null;
                        if (created != null) {
                            created.forEach(Wakeup::signal);
                        }
                    }
                }
                if (!key.reset()) {
                    final Path gone = keys.remove(key);
                    if (gone != null) {
                        watched.remove(gone); // the directory was deleted: its files poll now
                        wakeAll();
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void wakeAll() {
        for (final Map<String, List<Wakeup>> files : byDirectory.values()) {
            files.values().forEach(list -> list.forEach(Wakeup::signal));
        }
    }

    /**
     * Closes the watch service, waiting at most {@value #CLOSE_WAIT_MS} ms: on Linux the close is
     * handed to the JDK's poller thread, which never answers if it died (an
     * {@code OutOfMemoryError} in it), and a stop must not hang on a wake-up hint. The close is
     * then left to a daemon thread and the watcher thread is interrupted.
     */
    @Override
    public void close() {
        final WatchService s = service;
        if (s == null) {
            return;
        }
        final Thread closer = new Thread(() -> {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                // nothing left to do
            }
        }, "logmon-watcher-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            notices.println("logmon: the file watcher did not close within " + CLOSE_WAIT_MS
                    + " ms; left behind (sources poll)");
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
