/**
 * Stage 4: the combiner merges the shards' sealed frames into the window ring and publishes snapshots.
 *
 * <pre>
 *   FrameExchange 0..n ──► SnapshotCombiner (one thread)
 *                            │ window ring of 120 one-second frames: 10 s, 2 min and lifetime views
 *                            │ AlertRule evaluated once per second of the active time
 *                            ▼
 *                          Snapshot (immutable) + AlertEvents ──► SnapshotPublisher (engine's sink fan-out)
 * </pre>
 */
package dev.logmon.core.combine;
