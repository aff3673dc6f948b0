/**
 * {@code --state-dir}: what a restart needs to go on where it stopped.
 *
 * <pre>
 *   combiner tick ──► PositionTracker (offset before which every line is in the lifetime)
 *                 ──► StateStore ──► StateFile (positions, lifetime totals) on disk, atomically
 *   start ──► StateFile ──► SavedPosition per file (source) + lifetime seed (combine)
 * </pre>
 */
package dev.logmon.core.state;
