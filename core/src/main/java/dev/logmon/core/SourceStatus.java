package dev.logmon.core;

/**
 * One source at a snapshot.
 *
 * @param path        the path as given on the command line
 * @param state       what it is doing
 * @param lagBytes    bytes between what was read and the end of the file at the last look
 * @param linesRead   lines published, parsed or not
 * @param rotations   times the file was replaced by a new one (rename rotation) and followed
 * @param truncations times the file shrank or was rewritten in place and was read again from 0
 */
public record SourceStatus(String path, SourceState state, long lagBytes, long linesRead, long rotations,
                           long truncations) {
}
