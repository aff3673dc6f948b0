/**
 * Stage 2: sources. Files followed with {@code tail -F} semantics (rotation, truncation, resume),
 * patterns, and standard input; each line is parsed straight into a claimed ring slot.
 *
 * <pre>
 *   FileSource / GlobSource / StreamSource
 *        │ FileGeneration per file a path has named (old generations drained beside the new one)
 *        │ LineReader: one pooled buffer (ReadBuffers), splits lines
 *        ▼
 *   LinePublisher ── claim slot ── LineParser (format) ── publish ──► RingBuffer&lt;LogEvent&gt;
 *        ▲
 *   DirectoryWatcher / Wakeup: inotify hints cut a poll short
 * </pre>
 *
 * <p>Resume across restarts ({@link dev.logmon.core.source.SavedPosition},
 * {@link dev.logmon.core.source.ResumeCheck}) and the files rotation leaves beside a path
 * ({@link dev.logmon.core.source.SiblingFiles}, {@link dev.logmon.core.source.RotatedReads}) are
 * source concerns and live here. Depends on {@code format}, {@code time} and the snapshot model.
 */
package dev.logmon.core.source;
