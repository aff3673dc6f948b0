package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TextColor;
import dev.logmon.core.snapshot.SecondSeries;
import dev.logmon.core.snapshot.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The traffic panel: hits/s over 10 s, 2 minutes and lifetime, then a bar chart of hits per second
 * over the last 2 minutes in eighth blocks, with the alert level drawn across it.
 *
 * <pre>
 *   10s 52.0/s   2m 48.1/s   all 47.9/s
 *     80│      ▂▅█▇▆
 *   62.1│┄┄┄┄┄┄██████┄┄┄      &lt;- the level avg2m must pass for an alert
 *      0│▃▄▃▃▄▃██████▄▃▄
 *   2 min, 2 s/column
 * </pre>
 *
 * When the panel is narrower than 2 minutes, each column averages several seconds.
 */
final class TrafficChart {
    static final String BLOCKS = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
    static final char LEVEL = '\u2504';
    private static final int LABEL = 5;

    private TrafficChart() {
    }

    static List<Line> lines(final Snapshot s, final int width, final int height) {
        final List<Line> lines = new ArrayList<>();
        lines.add(new Line().add("10s ", PanelContent.HEADER).add(Human.rate(s.tenSeconds().rate()) + "/s   ")
                .add("2m ", PanelContent.HEADER).add(Human.rate(s.twoMinutes().rate()) + "/s   ")
                .add("all ", PanelContent.HEADER).add(Human.rate(s.lifetime().rate()) + "/s"));
        final int rows = height - 2;
        final int columns = width - LABEL - 1;
        final SecondSeries series = s.secondHits();
        final long warm = 120 - s.twoMinutes().seconds();
        if (rows >= 1 && columns >= 4) {
            chart(lines, series, PanelContent.alertLevel(s.alert()), rows, columns);
        }
        final String footer;
        if (warm > 0) {
            footer = "warming up: 2-minute window fills in " + warm + " s";
        } else {
            final int per = secondsPerColumn(series.length(), columns);
            footer = "last 2 min, " + (per == 1 ? "1 s" : per + " s") + "/column; " + LEVEL + LEVEL + " alert level";
        }
        lines.add(new Line().add(footer, warm > 0 ? TextColor.ANSI.YELLOW : TextColor.ANSI.DEFAULT));
        return lines;
    }

    private static int secondsPerColumn(final int seconds, final int columns) {
        return Math.max(1, (seconds + columns - 1) / Math.max(1, columns));
    }

    private static void chart(final List<Line> lines, final SecondSeries series, final double level, final int rows,
                              final int columns) {
        final int per = secondsPerColumn(series.length(), columns);
        final int bars = (series.length() + per - 1) / per;
        final double[] values = new double[bars];
        // columns are aligned on the newest second, so the rightmost bar is always complete
        for (int b = 0; b < bars; b++) {
            final int end = series.length() - (bars - 1 - b) * per;
            final int start = Math.max(0, end - per);
            long sum = 0;
            for (int i = start; i < end; i++) {
                sum += series.at(i);
            }
            values[b] = end > start ? sum / (double) (end - start) : 0;
        }
        double max = level;
        for (final double v : values) {
            max = Math.max(max, v);
        }
        final double scale = max <= 0 ? 1 : max * 1.1;
        final int levelRow = Math.min(rows - 1, (int) Math.floor(level / scale * rows));
        for (int r = rows - 1; r >= 0; r--) {
            final String label = r == levelRow ? Human.compact(level)
                    : r == rows - 1 ? Human.compact(scale) : r == 0 ? "0" : "";
            final Line line = new Line().add(Cells.padLeft(label, LABEL),
                    r == levelRow ? TextColor.ANSI.YELLOW : PanelContent.HEADER).add("\u2502", PanelContent.HEADER);
            final StringBuilder run = new StringBuilder();
            TextColor runColor = null;
            for (int b = 0; b < bars; b++) {
                final long eighths = Math.round(values[b] / scale * rows * 8);
                final int cell = (int) Math.max(0, Math.min(8, eighths - 8L * r));
                char c = BLOCKS.charAt(cell);
                if (c == ' ' && r == levelRow) {
                    c = LEVEL;
                }
                final TextColor color = c == LEVEL ? TextColor.ANSI.YELLOW
                        : values[b] > level ? TextColor.ANSI.RED : TextColor.ANSI.CYAN;
                if (run.length() > 0 && color != runColor) {
                    line.add(run.toString(), runColor);
                    run.setLength(0);
                }
                runColor = color;
                run.append(c);
            }
            if (run.length() > 0) {
                line.add(run.toString(), runColor);
            }
            lines.add(line);
        }
    }
}
