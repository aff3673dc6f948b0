package dev.logmon.sinks.notify;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;
import dev.logmon.core.snapshot.SnapshotPublisher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>Each named rule ({@link AlertEvent#name()}) is followed on its own, the default rule as one
 * more: two rules firing at once send two firings.
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
    /** Each rule's alert, by name (the default rule's under ""): rules fire and resolve independently. */
    private final Map<String, Track> tracks = new LinkedHashMap<>();

    /** One rule's alert as delivered so far. */
    private static final class Track {
        boolean firing;
        long startedAt;
        long lastSentSecond;
        AlertEvent heldResolve;
        int flaps;
        List<SectionCount> firedSections = List.of();
        List<HostCount> firedHosts = List.of();
    }

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
        int held = 0;
        for (final Track t : tracks.values()) {
            held += t.heldResolve == null ? 0 : 1;
        }
        return held == 0 ? s : new DeliveryStats(s.sink(), s.sent(), s.retried(), s.failed(), s.pending() + held);
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
        for (final Track t : tracks.values()) {
            if (t.heldResolve != null && (snapshot.last() || snapshot.twoMinutes().hits() == 0
                    || snapshot.second() - t.heldResolve.second() >= holdSeconds)) {
                sendHeldResolve(t);
            }
        }
    }

    @Override
    public synchronized void onAlert(final AlertEvent alert) {
        final Track t = tracks.computeIfAbsent(alert.name() == null ? "" : alert.name(), k -> new Track());
        if (t.heldResolve != null && alert.second() - t.heldResolve.second() >= holdSeconds) {
            sendHeldResolve(t); // the hold ran out before this event: what comes now is a new alert
        }
        if (alert.repeat()) {
            if (t.firing && t.heldResolve == null && repeatSeconds > 0
                    && alert.second() - t.lastSentSecond >= repeatSeconds) {
                send(t, alert, true);
            }
        } else if (alert.on()) {
            if (t.heldResolve != null) {
                t.heldResolve = null; // fired again within the hold: one longer alert, not a new one
                t.flaps++;
            } else if (!t.firing) {
                t.firing = true;
                t.startedAt = alert.startedAt();
                t.flaps = 0;
                captureTopLists(t);
                send(t, alert, false);
            }
        } else if (t.firing && t.heldResolve == null) {
            if (holdSeconds > 0) {
                t.heldResolve = alert;
            } else {
                t.firing = false;
                send(t, alert, false);
            }
        }
    }

    /** Sends the resolves still held by the hold, if any (at exit: the final word on each alert). */
    public synchronized void flush() {
        for (final Track t : tracks.values()) {
            if (t.heldResolve != null) {
                sendHeldResolve(t);
            }
        }
    }

    private void sendHeldResolve(final Track t) {
        final AlertEvent resolve = t.heldResolve;
        t.heldResolve = null;
        t.firing = false;
        send(t, resolve, false);
    }

    private void send(final Track t, final AlertEvent alert, final boolean reminder) {
        t.lastSentSecond = alert.second();
        engine.offer(new Notification(alert, reminder, t.startedAt, t.firedSections, t.firedHosts, monitorHost,
                sources, t.flaps));
    }

    private void captureTopLists(final Track t) {
        if (latest == null) {
            t.firedSections = List.of();
            t.firedHosts = List.of();
            return;
        }
        final List<SectionCount> s = latest.twoMinutes().sections();
        final List<HostCount> h = latest.twoMinutes().hosts();
        t.firedSections = List.copyOf(s.subList(0, Math.min(top, s.size())));
        t.firedHosts = List.copyOf(h.subList(0, Math.min(top, h.size())));
    }

    /** Sends a held resolve, gives pending notifications the engine's grace period, then stops it. */
    @Override
    public void close() {
        flush();
        engine.close();
    }
}
