/**
 * {@code logmon-cli attach}: reading a running service's {@code /events} stream over HTTP and
 * turning it back into snapshots for the local dashboard or JSON lines, reconnecting with backoff.
 *
 * <pre>
 *   serve ── GET /events (SSE) ──► HttpEventConnector ──► EventStreamClient ──► SnapshotJsonReader ──► local sinks
 * </pre>
 */
package dev.logmon.sinks.attach;
