package dev.logmon.core.engine;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import java.util.List;

/** Publishes to several sinks; each has its own {@link SinkRunner} thread and queue. */
public final class SinkFanout implements SnapshotPublisher {
    private final List<? extends SnapshotPublisher> targets;

    /** @param targets the sinks, each told of every snapshot and alert */
    public SinkFanout(final List<? extends SnapshotPublisher> targets) {
        this.targets = List.copyOf(targets);
    }

    @Override
    public void publishSnapshot(final Snapshot snapshot) {
        for (final SnapshotPublisher t : targets) {
            t.publishSnapshot(snapshot);
        }
    }

    @Override
    public void publishAlert(final AlertEvent alert) {
        for (final SnapshotPublisher t : targets) {
            t.publishAlert(alert);
        }
    }
}
