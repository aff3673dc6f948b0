package dev.logmon.core.source;

import java.nio.file.Path;

/** A {@link FileSource} as a {@link FollowPool} drives it (a round is {@link FileSource#step()}). */
public final class FileFollower implements PooledFollower {
    private final FileSource source;
    private final Path directory;

    public FileFollower(final FileSource source) {
        this.source = source;
        this.directory = source.path().toAbsolutePath().normalize().getParent();
    }

    @Override
    public boolean step() throws InterruptedException {
        return source.step();
    }

    @Override
    public long nextLookMillis(final boolean watched) {
        return source.nextLookMillis(watched);
    }

    @Override
    public boolean changedWhileQuiet() {
        return source.changedWhileQuiet();
    }

    @Override
    public boolean stopping() {
        return source.stopping();
    }

    @Override
    public void end() {
        source.end();
    }

    @Override
    public Wakeup wakeup() {
        return source.wakeup();
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public Object lock() {
        return source.lock();
    }
}
