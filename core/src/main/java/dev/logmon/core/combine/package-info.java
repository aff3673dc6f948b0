/**
 * Stage 4: the combiner merges the shards' sealed frames into the window ring and publishes snapshots.
 *
 * <pre>
 *   FrameExchange 0..n ──► SnapshotCombiner (one thread, built from one CombinerSetup)
 *                            │ WindowRing of 120 one-second frames; WindowViews: 10 s, 2 min, lifetime
 *                            │   (the 2 min view from WindowSums' running sums while provably exact)
 *                            │ AlertRule evaluated once per second of the active time
 *                            │ CombinerHooks the engine registered see every line, frame and tick
 *                            │   (state checkpoints, history minutes); CombinerReadings is what a
 *                            │   snapshot reads of the rest of the run (sources, deliveries, errors)
 *                            ▼
 *                          Snapshot (immutable) + AlertEvents ──► SnapshotPublisher (engine's sink fan-out)
 * </pre>
 *
 * <p>Depends on the frames ({@code analyze}) and the model ({@code snapshot}); state and history
 * depend on it, through the hook, not the other way round.
 */
package dev.logmon.core.combine;
