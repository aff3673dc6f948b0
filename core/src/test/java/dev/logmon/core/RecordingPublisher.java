package dev.logmon.core;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.core.snapshot.SnapshotPublisher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every snapshot and alert it is given, safe to read from another thread. */
public final class RecordingPublisher implements SnapshotPublisher, SnapshotListener {
    private final List<Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
    private final List<AlertEvent> alerts = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void publishSnapshot(final Snapshot snapshot) {
        snapshots.add(snapshot);
    }

    @Override
    public void publishAlert(final AlertEvent alert) {
        alerts.add(alert);
    }

    @Override
    public void onSnapshot(final Snapshot snapshot) {
        publishSnapshot(snapshot);
    }

    @Override
    public void onAlert(final AlertEvent alert) {
        publishAlert(alert);
    }

    public List<Snapshot> snapshots() {
        synchronized (snapshots) {
            return List.copyOf(snapshots);
        }
    }

    public List<AlertEvent> alerts() {
        synchronized (alerts) {
            return List.copyOf(alerts);
        }
    }

    public Snapshot last() {
        final List<Snapshot> s = snapshots();
        return s.isEmpty() ? null : s.get(s.size() - 1);
    }
}
