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
 * <p>Frames travel in the {@link dev.logmon.core.analyze.FrameCodec} form. This module depends on
 * core only; the command line assembles it.
 */
package dev.logmon.fleet;
