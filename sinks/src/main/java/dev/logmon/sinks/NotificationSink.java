package dev.logmon.sinks;

import dev.logmon.core.AlertEvent;
import dev.logmon.core.HostCount;
import dev.logmon.core.SectionCount;
import dev.logmon.core.Snapshot;
import dev.logmon.core.SnapshotListener;

import java.util.List;

/**
 * Turns alert transitions into notifications for a {@link DeliveryEngine}: one when an alert
 * fires, one when it resolves, and, with a repeat interval, a reminder while it lasts. The rule's
 * own repeats (which the JSON sink prints) are not sent otherwise.
 *
 * <p>The sink sees every snapshot too: a firing carries the top sections and hosts of the
 * 2-minute window of the latest snapshot, and the resolved notification repeats them (the
 * picture when it fired). Runs on its {@code SinkRunner} thread and only ever queues, so a slow
 * receiver never holds up the pipeline.
 */
public final class NotificationSink implements SnapshotListener {
    private final DeliveryEngine engine;
    private final long repeatSeconds;
    private final int top;
    private final String monitorHost;
    private final List<String> sources;
    private Snapshot latest;
    private boolean firing;
    private long startedAt;
    private long lastSentSecond;
    private List<SectionCount> firedSections = List.of();
    private List<HostCount> firedHosts = List.of();

    /**
     * @param engine        delivers (and is closed with this sink)
     * @param repeatSeconds remind this often while firing, in active-time seconds; 0 = never
     * @param top           how many sections and hosts to include
     * @param monitorHost   this machine's name
     * @param sources       the monitored files
     */
    public NotificationSink(final DeliveryEngine engine, final long repeatSeconds, final int top,
                            final String monitorHost, final List<String> sources) {
        this.engine = engine;
        this.repeatSeconds = repeatSeconds;
        this.top = top;
        this.monitorHost = monitorHost;
        this.sources = List.copyOf(sources);
    }

    @Override
    public void onSnapshot(final Snapshot snapshot) {
        latest = snapshot;
    }

    @Override
    public void onAlert(final AlertEvent alert) {
        if (!alert.repeat()) {
            if (alert.on()) {
                firing = true;
                startedAt = alert.startedAt();
                captureTopLists();
                send(alert, false);
            } else if (firing) {
                firing = false;
                send(alert, false);
            }
        } else if (firing && repeatSeconds > 0 && alert.second() - lastSentSecond >= repeatSeconds) {
            send(alert, true);
        }
    }

    private void send(final AlertEvent alert, final boolean reminder) {
        lastSentSecond = alert.second();
        engine.offer(new Notification(alert, reminder, startedAt, firedSections, firedHosts, monitorHost, sources));
    }

    private void captureTopLists() {
        if (latest == null) {
            firedSections = List.of();
            firedHosts = List.of();
            return;
        }
        final List<SectionCount> s = latest.twoMinutes().sections();
        final List<HostCount> h = latest.twoMinutes().hosts();
        firedSections = List.copyOf(s.subList(0, Math.min(top, s.size())));
        firedHosts = List.copyOf(h.subList(0, Math.min(top, h.size())));
    }

    /** Gives pending notifications the engine's grace period, then stops it. */
    @Override
    public void close() {
        engine.close();
    }
}
