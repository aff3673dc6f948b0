package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TextColor;

import java.util.ArrayList;
import java.util.List;

/** One row of a panel: styled segments drawn left to right, cut at the panel's edge. */
final class Line {
    private final List<Segment> segments = new ArrayList<>();

    static Line of(final String text) {
        return new Line().add(text);
    }

    Line add(final String text) {
        segments.add(Segment.plain(text));
        return this;
    }

    Line add(final String text, final TextColor foreground) {
        segments.add(Segment.colored(text, foreground));
        return this;
    }

    Line add(final Segment segment) {
        segments.add(segment);
        return this;
    }

    List<Segment> segments() {
        return List.copyOf(segments);
    }

    /** The plain text of the line (tests and captures). */
    String text() {
        final StringBuilder b = new StringBuilder();
        for (final Segment s : segments) {
            b.append(s.text());
        }
        return b.toString();
    }
}
