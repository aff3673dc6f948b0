package dev.logmon.sinks.notify;

import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.text.TextSafety;
import dev.logmon.sinks.json.JsonStyle;

import java.util.Locale;

/** Human text for a notification: the webhook's {@code text} field and the mail's subject and body. */
final class AlertText {
    private AlertText() {
    }

    /** One line, e.g. {@code [FIRING] logmon@web1: High traffic generated an alert - hits = 72.50, triggered at ...}. */
    static String summary(final Notification n) {
        final String tag = n.firing() ? (n.reminder() ? "[FIRING, reminder]" : "[FIRING]") : "[RESOLVED]";
        final String extra = n.firing() && n.alert().name() != null
                ? String.format(Locale.ROOT, " (rule %s, %s)", n.alert().name(), n.alert().rule().displayName())
                : n.firing()
                ? String.format(Locale.ROOT, " (threshold %s, %s rule)", JsonStyle.round2(n.alert().threshold())
                        .toPlainString(), n.alert().rule().displayName())
                : " (fired at " + JsonStyle.isoSecond(n.startsAt()) + ")";
        return TextSafety.oneLine(tag + " logmon@" + n.monitorHost() + ": " + n.alert().message() + extra);
    }

    /** The plain-text mail body: the summary, the numbers, the top lists and the sources. */
    static String mailBody(final Notification n) {
        final StringBuilder b = new StringBuilder(512);
        b.append(summary(n)).append("\n\n");
        line(b, "status", n.status() + (n.reminder() ? " (reminder)" : ""));
        line(b, "started at", JsonStyle.isoSecond(n.startsAt()));
        if (n.flaps() > 0) {
            line(b, "flapped", n.flaps() + " time(s): resolved and fired again within the hold, grouped here");
        }
        if (!n.firing()) {
            line(b, "ended at", JsonStyle.isoSecond(n.endsAt()));
        }
        if (n.alert().name() != null) {
            line(b, "rule", n.alert().name() + " (" + n.alert().rule().displayName() + ")");
            line(b, "measured", String.format(Locale.ROOT, "%.4f", n.alert().value()));
            line(b, "limit", JsonStyle.round2(n.alert().threshold()).toPlainString());
            line(b, "window average", JsonStyle.round2(n.alert().avg2m()).toPlainString() + " hits/s");
            line(b, "monitor host", n.monitorHost());
            appendLists(b, n);
            return b.toString();
        }
        line(b, "2-minute average", JsonStyle.round2(n.alert().avg2m()).toPlainString() + " hits/s");
        line(b, "lifetime average", JsonStyle.round2(n.alert().lifetimeRate()).toPlainString() + " hits/s");
        line(b, "threshold", JsonStyle.round2(n.alert().threshold()).toPlainString() + " hits/s ("
                + n.alert().rule().displayName() + " rule)");
        line(b, "monitor host", n.monitorHost());
        appendLists(b, n);
        return b.toString();
    }

    private static void appendLists(final StringBuilder b, final Notification n) {
        b.append("\nTop sections when it fired (last 2 minutes):\n");
        for (final SectionCount s : n.sections()) {
            b.append("  ").append(TextSafety.oneLine(s.section())).append("  ").append(s.hits()).append(" hits\n");
        }
        b.append("\nTop hosts when it fired (last 2 minutes, by bytes):\n");
        for (final HostCount h : n.hosts()) {
            b.append("  ").append(TextSafety.oneLine(h.host())).append("  ").append(h.bytes()).append(" bytes, ")
                    .append(h.hits()).append(" hits\n");
        }
        b.append("\nSources:\n");
        for (final String s : n.sources()) {
            b.append("  ").append(TextSafety.oneLine(s)).append('\n');
        }
    }

    private static void line(final StringBuilder b, final String name, final String value) {
        b.append(String.format(Locale.ROOT, "%-18s %s%n", name + ":", TextSafety.oneLine(value)).replace("\r", ""));
    }
}
