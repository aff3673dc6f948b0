package dev.logmon.sinks.tui;

/** The dashboard's boxes, in focus order (Tab moves forward, Shift-Tab back). */
enum Panel {
    TRAFFIC("Traffic"),
    STATUS("Status"),
    SECTIONS("Popular sections (10 s)"),
    HOSTS("Top bandwidth (since start)"),
    CODES("Status codes, sizes"),
    ALERTS("Alerts"),
    /** Only with an aggregate's snapshot (one that has instances); skipped by the focus otherwise. */
    INSTANCES("Instances");

    final String title;

    Panel(final String title) {
        this.title = title;
    }

    Panel next() {
        return values()[(ordinal() + 1) % values().length];
    }

    Panel previous() {
        return values()[(ordinal() + values().length - 1) % values().length];
    }

    /** The next panel on screen, {@code instances} saying whether the instances panel is. */
    Panel next(final boolean instances) {
        final Panel p = next();
        return p == INSTANCES && !instances ? p.next() : p;
    }

    /** The previous panel on screen, {@code instances} saying whether the instances panel is. */
    Panel previous(final boolean instances) {
        final Panel p = previous();
        return p == INSTANCES && !instances ? p.previous() : p;
    }
}
