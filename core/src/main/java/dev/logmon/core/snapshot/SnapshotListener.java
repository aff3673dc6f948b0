package dev.logmon.core.snapshot;


/**
 * Receives what the combiner publishes. Called on the delivering thread of a
 * {@code SinkRunner}, never on a pipeline thread, so an implementation may block.
 */
public interface SnapshotListener extends AutoCloseable {

    /** A new snapshot (periodic, or the final one with {@link Snapshot#last()}). */
    void onSnapshot(Snapshot snapshot);

    /** An alert transition or repeat, in order, none lost. */
    void onAlert(AlertEvent alert);

    /** Flushes and releases resources; called once after the last event. */
    @Override
    default void close() {
    }
}
