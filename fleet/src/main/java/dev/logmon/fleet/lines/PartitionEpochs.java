package dev.logmon.fleet.lines;

/**
 * How a Kafka line says where it came from in the ring event's {@code generation}: the partition
 * in the low 20 bits, and which assignment of that partition to this consumer (its epoch, counted
 * from 0 and wrapping at 2,048) in the 11 bits above. The offset goes in {@code lineStart}
 * ({@code lineEnd} is the offset after it). The epoch tells the counted offsets of an earlier
 * assignment from those of the current one, so a partition that comes back after a rebalance is
 * never committed from what was counted before it left.
 */
final class PartitionEpochs {
    /** Partitions a topic may have for its lines to be tracked (2^20). */
    static final int MAX_PARTITIONS = 1 << 20;
    private static final int EPOCHS = 1 << 11;

    private PartitionEpochs() {
    }

    static int generation(final int partition, final int epoch) {
        return (epoch & (EPOCHS - 1)) << 20 | partition;
    }

    static int partition(final int generation) {
        return generation & (MAX_PARTITIONS - 1);
    }

    static int epoch(final int generation) {
        return generation >>> 20 & (EPOCHS - 1);
    }

    /** The epoch after {@code epoch}. */
    static int next(final int epoch) {
        return (epoch + 1) & (EPOCHS - 1);
    }
}
