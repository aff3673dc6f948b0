/**
 * Lines in: {@code -s kafka:TOPIC} reads access-log lines a shipper (Vector, Filebeat, Fluent Bit)
 * put into Kafka, as one member of a consumer group, onto the usual ring.
 *
 * <pre>
 *   KafkaLineSource (consumer thread) ── RecordLines (raw value, or JsonValueField of an envelope) ──► LinePublisher ──► ring
 *          ▲ commit counted offsets                                    combiner ── onLine / onTickMerged ──┐
 *          └──────────── CountedOffsets ◄── PartitionProgress (per partition: offset before which all is counted)
 * </pre>
 *
 * Offsets are committed only past lines the combiner has merged: at least once, with the duplicate
 * bound in {@link dev.logmon.fleet.lines.KafkaLineSource}. With {@code --sink kafka} too, only once
 * the frames of those lines are acknowledged ({@link dev.logmon.fleet.lines.GatedOffsets}). Built through the core's
 * {@link dev.logmon.core.source.SourceProvider} ({@link dev.logmon.fleet.lines.KafkaLineSources}).
 */
package dev.logmon.fleet.lines;
