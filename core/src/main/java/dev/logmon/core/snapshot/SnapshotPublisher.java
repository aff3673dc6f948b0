package dev.logmon.core.snapshot;

/** Where the combiner sends what it produces. Implementations must not block for long. */
public interface SnapshotPublisher {

    /** A periodic or final snapshot. */
    void publishSnapshot(Snapshot snapshot);

    /** An alert transition or repeat. */
    void publishAlert(AlertEvent alert);
}
