package dev.logmon.sinks.notify;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.core.snapshot.SnapshotPublisher;

import java.util.List;

/**
 * Turns alert transitions into notifications for a {@link DeliveryEngine}: one when an alert
 * fires, one when it resolves, and, with a repeat interval, a reminder while it lasts. The rule's
 * own repeats (which the JSON sink prints) are not sent otherwise.
 *
 * <p><b>Flapping</b> (RELIABILITY rows 30 and 31): with a hold of {@code holdSeconds}, a resolve
 * is not sent at once but held; if the alert fires again within the hold, the resolve and the new
 * firing are both dropped and the alert counts as having lasted (its {@code flaps} goes up by
 * one); once the alert has stayed resolved for the hold, the resolve is sent with the second it
 * really resolved as {@code endsAt}. So however often the rule flips, a flapping stretch sends
 * one firing and one resolved, and at most one firing/resolved pair goes out per hold plus one
 * second. Time is the active time of the alert events and snapshots (log time in a replay); a held
 * resolve is also sent at the first snapshot of an idle window (no hits in 2 minutes: the alert
 * cannot fire again without traffic), at the final snapshot, and at {@link #close()}.
 *
 * <pre>
 *   rule:   ON .. OFF . ON . OFF ........ (hold) ....|     ON ...
 *   sent:   firing                          resolved(flaps=1)   firing
 * </pre>
 *
 * <p>The sink sees every snapshot too: a firing carries the top sections and hosts of the
 * 2-minute window of the latest snapshot, and the resolved notification repeats them (the
 * picture when it fired).
 *
 * <p>It is a {@link SnapshotPublisher} the combiner calls directly: the decision is made and the
 * notification queued (never blocking) on the combiner's thread before the combiner builds its
 * next snapshot, so every snapshot's delivery counters already include every alert before it.
 * As a {@link SnapshotListener} (tests) it does the same on the caller's thread.
 */
public final class NotificationSink implements SnapshotListener, SnapshotPublisher {
    private final DeliveryEngine engine;
    private final long repeatSeconds;
    private final long holdSeconds;
    private final int top;
    private final String monitorHost;
    private final List<String> sources;
    private Snapshot latest;
    private boolean firing;
    private long startedAt;
    private long lastSentSecond;
    private AlertEvent heldResolve;
    private int flaps;
    private List<SectionCount> firedSections = List.of();
    private List<HostCount> firedHosts = List.of();

    /** A sink without a hold: every transition is sent. */
    public NotificationSink(final DeliveryEngine engine, final long repeatSeconds, final int top,
                            final String monitorHost, final List<String> sources) {
        this(engine, repeatSeconds, 0, top, monitorHost, sources);
    }

    /**
     * @param engine        delivers (and is closed with this sink)
     * @param repeatSeconds remind this often while firing, in active-time seconds; 0 = never
     * @param holdSeconds   hold a resolve this long (active time) before sending it; 0 = send at once
     * @param top           how many sections and hosts to include
     * @param monitorHost   this machine's name
     * @param sources       the monitored files
     */
    public NotificationSink(final DeliveryEngine engine, final long repeatSeconds, final long holdSeconds,
                            final int top, final String monitorHost, final List<String> sources) {
        this.engine = engine;
        this.repeatSeconds = repeatSeconds;
        this.holdSeconds = holdSeconds;
        this.top = top;
        this.monitorHost = monitorHost;
        this.sources = List.copyOf(sources);
    }

    /**
     * The engine's counters, with a resolve held by the hold counted pending (so sent + failed +
     * pending always covers every transition decided on).
     */
    public synchronized DeliveryStats stats() {
        final DeliveryStats s = engine.stats();
        return heldResolve == null ? s
                : new DeliveryStats(s.sink(), s.sent(), s.retried(), s.failed(), s.pending() + 1);
    }

    /** The engine it queues to. */
    public DeliveryEngine engine() {
        return engine;
    }

    @Override
    public void publishSnapshot(final Snapshot snapshot) {
        onSnapshot(snapshot);
    }

    @Override
    public void publishAlert(final AlertEvent alert) {
        onAlert(alert);
    }

    @Override
    public synchronized void onSnapshot(final Snapshot snapshot) {
        latest = snapshot;
        if (heldResolve != null && (snapshot.last() || snapshot.twoMinutes().hits() == 0
                || snapshot.second() - heldResolve.second() >= holdSeconds)) {
            sendHeldResolve();
        }
    }

    @Override
    public synchronized void onAlert(final AlertEvent alert) {
        if (heldResolve != null && alert.second() - heldResolve.second() >= holdSeconds) {
            sendHeldResolve(); // the hold ran out before this event: what comes now is a new alert
        }
        if (alert.repeat()) {
            if (firing && heldResolve == null && repeatSeconds > 0 && alert.second() - lastSentSecond >= repeatSeconds) {
                send(alert, true);
            }
        } else if (alert.on()) {
            if (heldResolve != null) {
                heldResolve = null; // fired again within the hold: one longer alert, not a new one
                flaps++;
            } else if (!firing) {
                firing = true;
                startedAt = alert.startedAt();
                flaps = 0;
                captureTopLists();
                send(alert, false);
            }
        } else if (firing && heldResolve == null) {
            if (holdSeconds > 0) {
                heldResolve = alert;
            } else {
                firing = false;
                send(alert, false);
            }
        }
    }

    /** Sends a resolve still held by the hold, if any (at exit: the final word on the alert). */
    public synchronized void flush() {
        if (heldResolve != null) {
            sendHeldResolve();
        }
    }

    private void sendHeldResolve() {
        final AlertEvent resolve = heldResolve;
        heldResolve = null;
        firing = false;
        send(resolve, false);
    }

    private void send(final AlertEvent alert, final boolean reminder) {
        lastSentSecond = alert.second();
        engine.offer(new Notification(alert, reminder, startedAt, firedSections, firedHosts, monitorHost, sources,
                flaps));
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

    /** Sends a held resolve, gives pending notifications the engine's grace period, then stops it. */
    @Override
    public void close() {
        flush();
        engine.close();
    }
}
