/**
 * Many servers, one view: logmon's per-second frames and raw access-log lines through Kafka.
 *
 * <pre>
 *   instance A ──frames──┐
 *   instance B ──frames──┼──▶ topic ──▶ aggregate: merge by second ──▶ the same combiner and sinks
 *   instance C ──frames──┘              (watermark, --lateness)
 *
 *   shipper ──lines──▶ topic ──▶ -s kafka:TOPIC (one consumer group) ──▶ the usual ring and shards
 * </pre>
 *
 * <p>Frames out ({@code --sink kafka}): {@link dev.logmon.fleet.FramePublisher}, a combiner hook,
 * sums each closed second and hands its encoded frame to {@link dev.logmon.fleet.FrameSender}
 * (own thread, bounded buffer, idempotent producer) in a {@link dev.logmon.fleet.FrameEnvelope}
 * (instance, run, sequence, last closed second). One view ({@code aggregate}):
 * {@link dev.logmon.fleet.Aggregator} consumes the topic and feeds
 * {@link dev.logmon.fleet.FleetMerger} (dedup, watermark, instance states), which drives a
 * {@link dev.logmon.core.combine.SnapshotCombiner} as a local run's ring would.
 *
 * <p>Frames travel in the {@link dev.logmon.core.analyze.FrameCodec} form. This module depends on
 * core only; the command line assembles it.
 */
package dev.logmon.fleet;
