/**
 * JSON lines: the machine-readable form of snapshots and alerts, written with Jackson's streaming
 * generator and read back the same way.
 *
 * <pre>
 *   Snapshot / AlertEvent ──► SnapshotJson (one object per line) ──► JsonLinesSink ──► stdout | file
 *   bytes of a line ──► SnapshotJsonReader ──► Snapshot          (attach, tests)
 * </pre>
 *
 * <p>{@link dev.logmon.sinks.json.SafeText} and {@link dev.logmon.sinks.json.JsonText} keep text
 * from a log safe inside JSON and terminals.
 */
package dev.logmon.sinks.json;
