package dev.logmon.core.source;

/**
 * Where a followed file was counted up to when the state was saved: the file's identity, the
 * offset every line before which is in the saved lifetime totals, and two fingerprints that tell
 * on restart whether the bytes at that place are still the ones counted.
 *
 * <pre>
 *   file:  [ head (up to 64 B) ] ....... [ marker (up to 64 B) ] ^ offset
 * </pre>
 *
 * @param path    the source as named on the command line, made absolute
 * @param fileKey device and inode ({@code (dev=..,ino=..)}) of the file the offset is in
 * @param offset  where reading resumes
 * @param head    the first bytes of the file (empty when unknown)
 * @param marker  the bytes just before {@code offset} (empty when unknown or at 0)
 */
public record SavedPosition(String path, String fileKey, long offset, byte[] head, byte[] marker) {
    /** Most bytes kept in each fingerprint. */
    public static final int FINGERPRINT_BYTES = 64;
}
