package dev.logmon.core.snapshot;

/**
 * One source at a snapshot.
 *
 * @param path        the path as given on the command line
 * @param state       what it is doing
 * @param lagBytes    bytes between what was read and the end of the file at the last look
 * @param linesRead   lines published, parsed or not
 * @param rotations   times the file was replaced by a new one (rename rotation) and followed
 * @param truncations times the file shrank or was rewritten in place and was read again from 0
 * @param sizeBytes   size of the file at the last look (0 before it was opened)
 * @param bytesRead   read offset in the file at the last look; with {@code sizeBytes} it gives a replay's progress
 */
public record SourceStatus(String path, SourceState state, long lagBytes, long linesRead, long rotations,
                           long truncations, long sizeBytes, long bytesRead) {

    /** A status without size and offset (hand-built statuses). */
    public SourceStatus(final String path, final SourceState state, final long lagBytes, final long linesRead,
                        final long rotations, final long truncations) {
        this(path, state, lagBytes, linesRead, rotations, truncations, 0, 0);
    }
}
