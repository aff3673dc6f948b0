/**
 * Stage 3: shard analyzers count events into per-second frames.
 *
 * <pre>
 *   RingBuffer&lt;LogEvent&gt; ──► ShardAnalyzer k (the slots LogEvent.shardOf gives shard k, and every TICK)
 *                                 │ parses a RAW slot in place (2+ shards), then
 *                                 │ counts into its open Frame (TopCounter for hosts and sections,
 *                                 │ HdrHistograms for sizes and request times, SectionLatencies,
 *                                 │ VisitorSketch for unique visitors, SourceCounters per source)
 *                                 ▼ on TICK: seal
 *                            FrameExchange k ──► combiner, and the emptied frame comes back (pooled)
 * </pre>
 *
 * <p>A {@link dev.logmon.core.analyze.Frame} is a plain value of counters that add, so shards,
 * windows and (later) instances all merge the same way; {@link dev.logmon.core.analyze.FrameCodec}
 * is its one versioned binary form (state, history, and frames that cross machines).
 */
package dev.logmon.core.analyze;
