/**
 * {@code --state-dir}: what a restart needs to go on where it stopped.
 *
 * <pre>
 *   combiner tick ──► CheckpointHook (a CombinerHook: PositionTracker says the offset before which
 *                     every line is in the lifetime; StateStore.prepare copies it, no I/O)
 *                 ──► CheckpointWriter (own thread, newest save wins) ──► StateStore.write ──► StateFile
 *   start ──► StateFile ──► SavedPosition per file (source) + lifetime seed (combine)
 * </pre>
 *
 * <p>The lifetime is kept as one {@link dev.logmon.core.analyze.FrameCodec} frame.
 */
package dev.logmon.core.state;
