package dev.logmon.core.analyze;

/**
 * Bytes the {@link FrameCodec} cannot read as a frame: cut short, damaged (checksum), not a frame
 * at all, or written in a format version this logmon does not read. The message says which, in
 * one line, and never holds the bytes themselves.
 */
public final class FrameCodecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, one line */
    public FrameCodecException(final String message) {
        super(message);
    }
}
