package dev.logmon.sinks.tui;

/** The dashboard's boxes, in focus order (Tab moves forward, Shift-Tab back). */
enum Panel {
    TRAFFIC("Traffic"),
    STATUS("Status"),
    SECTIONS("Popular sections (10 s)"),
    HOSTS("Top bandwidth (since start)"),
    CODES("Status codes, sizes"),
    ALERTS("Alerts");

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
}
