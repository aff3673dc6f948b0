package dev.logmon.sinks.notify;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;

import java.util.List;

/**
 * One message to deliver: an alert transition (or a reminder while it lasts) with the context a
 * receiver needs to act on it.
 *
 * @param alert       the alert event as the rule produced it
 * @param reminder    true when this repeats a firing already delivered ({@code --webhook-repeat})
 * @param startsAt    epoch second the alert went ON
 * @param sections    top sections of the 2-minute window when it fired
 * @param hosts       top hosts (by bytes) of the 2-minute window when it fired
 * @param monitorHost the host name of the machine running logmon
 * @param sources     the monitored log files
 * @param flaps       times the alert resolved and fired again within the hold since {@code startsAt}
 *                    (those transitions were grouped into this alert rather than sent)
 */
public record Notification(AlertEvent alert, boolean reminder, long startsAt, List<SectionCount> sections,
                           List<HostCount> hosts, String monitorHost, List<String> sources, int flaps) {

    public Notification {
        sections = List.copyOf(sections);
        hosts = List.copyOf(hosts);
        sources = List.copyOf(sources);
    }

    /** A notification of an alert that did not flap. */
    public Notification(final AlertEvent alert, final boolean reminder, final long startsAt,
                        final List<SectionCount> sections, final List<HostCount> hosts, final String monitorHost,
                        final List<String> sources) {
        this(alert, reminder, startsAt, sections, hosts, monitorHost, sources, 0);
    }

    /** True for a firing alert (or its reminder), false for a resolved one. */
    public boolean firing() {
        return alert.on();
    }

    /** {@code firing} or {@code resolved}. */
    public String status() {
        return firing() ? "firing" : "resolved";
    }

    /** Epoch second the alert resolved; only meaningful when not {@link #firing()}. */
    public long endsAt() {
        return alert.second();
    }
}
