/**
 * JSON lines: the machine-readable form of snapshots and alerts, written with Jackson's streaming
 * generator and read back the same way.
 *
 * <pre>
 *   Snapshot / AlertEvent ──► SnapshotJson (one object per line) ──► JsonLinesSink ──► stdout | file
 *   bytes of a line ──► SnapshotJsonReader ──► Snapshot          (attach, tests)
 * </pre>
 *
 * <p>Text from a log passes {@link dev.logmon.core.text.TextSafety#withPairedSurrogates} on its way
 * in: Jackson escapes the rest itself ({@link dev.logmon.sinks.json.JsonStyle}).
 */
package dev.logmon.sinks.json;
