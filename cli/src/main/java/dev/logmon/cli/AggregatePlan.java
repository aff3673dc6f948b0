package dev.logmon.cli;

import dev.logmon.fleet.KafkaConnection;

/**
 * What {@code aggregate} reads: the frames topic and how long a second waits for slow instances.
 *
 * @param connection      where Kafka is
 * @param topic           the frames topic
 * @param latenessSeconds how long a second waits for instances not yet past it ({@code --lateness})
 * @param goneAfterMs     silence after which an instance is gone and no longer waited for ({@code --gone-after})
 * @param fromStart       read the topic from its first record ({@code --from-start})
 */
record AggregatePlan(KafkaConnection connection, String topic, long latenessSeconds, long goneAfterMs,
                     boolean fromStart) {
}
