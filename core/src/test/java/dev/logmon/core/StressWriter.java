package dev.logmon.core;

import dev.logmon.core.snapshot.SourceStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One file of {@link dev.logmon.core.source.FollowStressIT}: a thread that appends Combined lines at a steady rate through
 * an O_APPEND handle it keeps open, like a web server, and at random moments rotates, truncates,
 * deletes, moves or re-points the file the way a deployment does. It counts what it wrote and what
 * the follower should report.
 *
 * <pre>
 *   RENAME_CREATE   path -> path.rN; a few more writes to the old handle; reopen path
 *   COPYTRUNCATE    (writer paused) copy to path.cN, truncate path to 0
 *   DELETE_RECREATE close, unlink path, create it again
 *   TRUNCATE        once every line written is read: truncate to 0 (unread lines would be lost)
 *   MOVE_AWAY_BACK  path -> path.awayN, writes (or a pause) there, then back: the same file
 *   REPOINT         (path is a symbolic link) a new target, the link swapped atomically
 * </pre>
 *
 * Where a loss is inherent to the operation, not to the follower, the writer waits for the
 * follower first, and says why at the wait: a file replaced before the follower ever saw it at
 * the path cannot be followed (so a replacement waits for the previous one to be seen), and a
 * truncated file regrown past the follower's position before it looked hides the truncation (so
 * writing resumes once the truncation has been seen).
 */
public final class StressWriter extends Thread {
    enum Op { RENAME_CREATE, COPYTRUNCATE, DELETE_RECREATE, TRUNCATE, MOVE_AWAY_BACK, REPOINT }

    private final Path path;
    private final boolean symlink;
    private final Random random;
    private final double linesPerSecond;
    private final long writeNanos;
    private final long meanOpNanos;
    private final long rotateWaitMillis;
    private final Supplier<SourceStatus> follower;
    /** Says which files the follower has open (for a failure message). */
    public volatile Supplier<String> followerFiles = () -> "?";
    private final String seedText;
    private FileChannel out;
    private Path target;
    private long sequence;
    private long written;
    private long writtenAtGenerationStart;
    private int renamed;
    private long expectedRotations;
    private long expectedTruncations;
    /** Lines written to a rotated file later than the rotate wait allows (this thread was held up). */
    private long mayLose;
    private final StringBuilder ops = new StringBuilder();
    public volatile Throwable failure;

    /**
     * @param path             the followed path (created here; a symbolic link when {@code symlink})
     * @param symlink          follow a link re-pointed from target to target
     * @param seed             this writer's seed
     * @param linesPerSecond   write rate
     * @param writeMillis      how long to write
     * @param meanOpMillis     mean time between two operations (exponential)
     * @param rotateWaitMillis the follower's --rotate-wait
     * @param follower         this file's source status
     * @param seedText         the run's seed, for failure messages
     */
    public StressWriter(final Path path, final boolean symlink, final long seed, final double linesPerSecond,
                 final long writeMillis, final long meanOpMillis, final long rotateWaitMillis,
                 final Supplier<SourceStatus> follower, final String seedText) throws IOException {
        super("stress-writer-" + path.getFileName());
        setDaemon(true);
        this.path = path;
        this.symlink = symlink;
        this.random = new Random(seed);
        this.linesPerSecond = linesPerSecond;
        this.writeNanos = TimeUnit.MILLISECONDS.toNanos(writeMillis);
        this.meanOpNanos = TimeUnit.MILLISECONDS.toNanos(meanOpMillis);
        this.rotateWaitMillis = rotateWaitMillis;
        this.follower = follower;
        this.seedText = seedText;
        if (symlink) {
            target = newTarget();
            Files.createSymbolicLink(path, target.getFileName());
            out = openAppend(target);
        } else {
            out = openAppend(path);
        }
    }

    @Override
    public void run() {
        try {
            final long start = System.nanoTime();
            long nextOp = start + nextOpDelay();
            long now;
            while ((now = System.nanoTime()) - start < writeNanos) {
                final long due = (long) ((now - start) / 1e9 * linesPerSecond) - (written - pausedLines);
                if (due > 0) {
                    write((int) Math.min(due, 2_000));
                }
                if (now >= nextOp) {
                    operate(pick());
                    nextOp = System.nanoTime() + nextOpDelay();
                    // lines not written while an operation waited are not owed afterwards
                    pausedLines = written - (long) ((System.nanoTime() - start) / 1e9 * linesPerSecond);
                }
                LockSupport.parkNanos(500_000);
            }
            out.close();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private long pausedLines;

    private long nextOpDelay() {
        return (long) (-Math.log(1 - random.nextDouble()) * meanOpNanos);
    }

    private Op pick() {
        if (symlink) {
            final Op[] ops = {Op.REPOINT, Op.REPOINT, Op.COPYTRUNCATE, Op.TRUNCATE};
            return ops[random.nextInt(ops.length)];
        }
        final Op[] ops = {Op.RENAME_CREATE, Op.RENAME_CREATE, Op.RENAME_CREATE, Op.COPYTRUNCATE, Op.DELETE_RECREATE,
            Op.TRUNCATE, Op.MOVE_AWAY_BACK};
        return ops[random.nextInt(ops.length)];
    }

    private void operate(final Op op) throws IOException, InterruptedException {
        // A file replaced before the follower ever had it open is gone for it: wait until the
        // last replacement was seen.
        await(() -> follower.get().rotations() == expectedRotations, "the last replacement to be seen");
        ops.append(op).append('@').append(written).append(' ');
        switch (op) {
            case RENAME_CREATE -> {
                Files.move(path, path.resolveSibling(path.getFileName() + ".r" + (++renamed)));
                writeToOldFile(System.nanoTime()); // the server still writes to the old handle
                out.close();
                out = openAppend(path);
                newGeneration(true);
            }
            case DELETE_RECREATE -> {
                out.close();
                Files.delete(path);
                out = openAppend(path);
                newGeneration(true);
            }
            case COPYTRUNCATE -> {
                if (!readSomeOfThisFile()) {
                    return;
                }
                Files.copy(path, path.resolveSibling(path.getFileName() + ".c" + (++renamed)),
                        StandardCopyOption.REPLACE_EXISTING);
                truncate();
            }
            case TRUNCATE -> {
                if (!readSomeOfThisFile()) {
                    return;
                }
                // lines not read yet when a file is truncated are lost to any reader: wait for them
                await(() -> follower.get().linesRead() == written, "every line to be read before truncating");
                truncate();
            }
            case MOVE_AWAY_BACK -> {
                final Path away = path.resolveSibling(path.getFileName() + ".away" + (++renamed));
                Files.move(path, away);
                if (random.nextBoolean()) {
                    write(1 + random.nextInt(200)); // written while away: the same file, still read
                }
                final long awayMillis = random.nextInt((int) (2 * rotateWaitMillis + 1));
                TimeUnit.MILLISECONDS.sleep(awayMillis);
                Files.move(away, path);
                // Truncated before the follower has it again, it would be another file to the
                // follower (the same inode with other bytes, like an inode reused): a copytruncate
                // waits until the follower has read the file back.
                write(1);
                await(() -> follower.get().linesRead() == written, "the file moved back to be read");
            }
            case REPOINT -> {
                final Path next = newTarget();
                final FileChannel nextOut = openAppend(next);
                final Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
                Files.createSymbolicLink(tmp, next.getFileName());
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                writeToOldFile(System.nanoTime()); // still to the old target
                out.close();
                out = nextOut;
                target = next;
                newGeneration(true);
            }
            default -> throw new IllegalStateException(op.toString());
        }
    }

    /**
     * A few lines to the file just rotated away, as a server does until it reopens. Lines that
     * reach it later than --rotate-wait after the rotation may be lost to any follower (it has
     * stopped reading the old file by then): when this thread was held up that long (a loaded
     * machine), they are counted as such, not as the follower's fault.
     */
    private void writeToOldFile(final long rotatedAt) throws IOException {
        final int lines = random.nextInt(3) * (1 + random.nextInt(50));
        write(lines);
        if (System.nanoTime() - rotatedAt > TimeUnit.MILLISECONDS.toNanos(rotateWaitMillis) * 8 / 10) {
            mayLose += lines;
            ops.append("(stalled: ").append(lines).append(" lines may be lost) ");
        }
    }

    /** Truncation needs the follower past 0 in this file to be noticeable; false to skip it. */
    private boolean readSomeOfThisFile() throws InterruptedException {
        if (written == writtenAtGenerationStart) {
            return false;
        }
        final long want = writtenAtGenerationStart + 1;
        await(() -> follower.get().linesRead() >= want, "a line of this file to be read");
        return true;
    }

    private void truncate() throws IOException, InterruptedException {
        try (RandomAccessFile f = new RandomAccessFile((symlink ? target : path).toFile(), "rw")) {
            f.setLength(0);
        }
        expectedTruncations++;
        newGeneration(false);
        // a file regrown past the follower's position before it looked would hide the truncation
        await(() -> follower.get().truncations() == expectedTruncations, "the truncation to be seen");
    }

    private void newGeneration(final boolean replaced) {
        if (replaced) {
            expectedRotations++;
        }
        writtenAtGenerationStart = written;
    }

    private Path newTarget() {
        return path.resolveSibling(path.getFileName() + ".target" + (++renamed));
    }

    private static FileChannel openAppend(final Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void write(final int lines) throws IOException {
        if (lines <= 0) {
            return;
        }
        final StringBuilder sb = new StringBuilder(lines * 120);
        for (int i = 0; i < lines; i++) {
            sb.append(TestLogWriter.line(sequence++));
        }
        final ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            out.write(b);
        }
        written += lines;
    }

    private void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(seedText + ": " + getName() + " timed out waiting for " + what + "; wrote "
                        + written + ", expected rotations " + expectedRotations + " truncations " + expectedTruncations
                        + "; follower " + follower.get() + "; ops " + ops + "; files " + files() + "\n" + sourceThreads());
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    public long written() {
        return written;
    }

    public long mayLose() {
        return mayLose;
    }

    public long expectedRotations() {
        return expectedRotations;
    }

    public long expectedTruncations() {
        return expectedTruncations;
    }

    public String ops() {
        return ops.toString();
    }

    /** The files of this writer on disk, as name=(identity)size, and what the follower has open. */
    public String files() {
        final StringBuilder sb = new StringBuilder();
        try (var all = Files.list(path.getParent())) {
            all.filter(p -> p.getFileName().toString().startsWith(path.getFileName().toString())).sorted().forEach(p -> {
                try {
                    sb.append(p.getFileName()).append('=').append(Files.readAttributes(p,
                            java.nio.file.attribute.BasicFileAttributes.class).fileKey()).append(Files.size(p)).append(' ');
                } catch (IOException e) {
                    sb.append(p.getFileName()).append("=? ");
                }
            });
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.append("; follower has ").append(followerFiles.get()).toString();
    }

    /** The stacks of the pipeline's source threads (where a follower is stuck, if it is). */
    public static String sourceThreads() {
        final StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("logmon-")) {
                sb.append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (int i = 0; i < Math.min(12, stack.length); i++) {
                    sb.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        return sb.toString();
    }
}
