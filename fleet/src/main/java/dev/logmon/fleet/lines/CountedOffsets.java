package dev.logmon.fleet.lines;

import java.util.Map;

/**
 * For each partition, the offset before which every line this consumer read (in the given epoch
 * of the partition's assignment) is in the combiner's lifetime totals: the offset that may be
 * committed. Immutable; published by the combiner's thread after a merged tick, read by the
 * consumer's thread.
 *
 * @param byPartition partition → counted offset and epoch
 */
record CountedOffsets(Map<Integer, Counted> byPartition) {
    /** Nothing counted yet. */
    static final CountedOffsets NONE = new CountedOffsets(Map.of());

    /**
     * @param epoch  which assignment of the partition the lines were read in ({@link PartitionEpochs})
     * @param offset the first offset not known to be counted
     */
    record Counted(int epoch, long offset) {
    }
}
