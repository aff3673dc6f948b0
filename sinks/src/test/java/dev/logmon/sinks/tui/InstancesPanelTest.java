package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.logmon.core.snapshot.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instances panel of an aggregate's dashboard where it meets the rest of the screen: a short
 * terminal (the traffic keeps its rows, the panel folds to one line), resizes, and the focus when
 * the instance count changes between snapshots.
 */
class InstancesPanelTest {

    private static List<InstanceStatus> many(final int n) {
        final List<InstanceStatus> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final InstanceStatus.State state = i == 150 ? InstanceStatus.State.GONE
                    : i % 50 == 7 ? InstanceStatus.State.LATE : InstanceStatus.State.LIVE;
            list.add(new InstanceStatus("web-" + i, Scenes.SECOND - i % 13, i % 13, state, 1_000 + i, 0, 0));
        }
        return list;
    }

    @Test
    void shouldKeepTheTrafficBandOfALocalRunAndFoldTheInstancesToOneLineOnAShortScreen() {
        final VirtualDashboard d = new VirtualDashboard(80, 24, false);
        d.sink.onSnapshot(Scenes.aggregate(many(200)));
        d.step();

        // the traffic is an operator's main view: as many rows as a local run's at 80x24
        assertThat(Layout.of(80, 24, InstancesContent.rows(200)).get(Panel.TRAFFIC))
                .isEqualTo(Layout.of(80, 24).get(Panel.TRAFFIC));
        final int title = d.rowContaining("Instances: 200 (4 late, 1 gone)");
        assertThat(d.row(title + 2)).startsWith("\u2514"); // one line inside the band
        // that line is the worst instance, each number named (no header row to read it by)
        assertThat(d.row(title + 1)).contains("web-150").contains("gone").contains("lag 7 s")
                .contains("last 12:03:23").contains("frames 1,150").contains("missing 0").contains("dup 0");
        assertThat(d.at(d.find(title + 1, "gone"), title + 1).getForegroundColor()).isEqualTo(TextColor.ANSI.RED);
        Golden.assertScreen("instances-200-80x24", d.text());

        // still a list: Tab to it, scroll a line, End shows the count of those not listed
        for (int i = 0; i < 6; i++) {
            d.press(KeyType.Tab);
        }
        assertThat(d.row(title)).contains("\u2550");
        d.press(KeyType.ArrowDown);
        assertThat(d.row(title + 1)).contains("web-7 ").contains("late");
        d.press(KeyType.End);
        assertThat(d.row(title + 1)).contains("+100 more (all in the JSON and /snapshot)");
        assertThat(d.row(title + 2)).contains(" 101-101/101 ");
    }

    @Test
    void shouldListTheInstancesInABandWhenTheScreenHasRoomAndAdaptOnResize() {
        final VirtualDashboard d = new VirtualDashboard(80, 24, false);
        d.sink.onSnapshot(Scenes.aggregate(many(200)));
        d.step();
        final String small = d.text();

        d.resize(200, 60);
        final int title = d.rowContaining("Instances: 200 (4 late, 1 gone)");
        assertThat(d.row(title + 1)).contains("instance ").contains("state").contains("missing");
        assertThat(d.row(title + 2)).contains("web-150").contains("gone");
        final Layout.Box band = Layout.of(200, 60, InstancesContent.rows(200)).get(Panel.INSTANCES);
        assertThat(band.innerHeight()).isGreaterThan(3);
        assertThat(Layout.of(200, 60, InstancesContent.rows(200)).get(Panel.TRAFFIC).height()).isGreaterThanOrEqualTo(8);

        d.resize(80, 24);
        assertThat(d.text()).isEqualTo(small);
    }

    @Test
    void shouldTileTheScreenWithTheTrafficNeverSmallerThanALocalRunsSmallest() {
        for (int cols = 80; cols <= 220; cols += 7) {
            for (int rows = 24; rows <= 80; rows++) {
                for (final int count : new int[] {0, 1, 3, 20, 200}) {
                    final Map<Panel, Layout.Box> boxes = Layout.of(cols, rows, count == 0 ? 0 : InstancesContent.rows(count));
                    final String at = cols + "x" + rows + " with " + count + " instances: " + boxes;
                    assertThat(boxes.containsKey(Panel.INSTANCES)).as(at).isEqualTo(count > 0);
                    assertThat(boxes.get(Panel.TRAFFIC).height()).as(at).isGreaterThanOrEqualTo(8);
                    final int[][] cells = new int[rows][cols];
                    for (final Layout.Box b : boxes.values()) {
                        assertThat(b.innerHeight()).as(at).isGreaterThanOrEqualTo(1);
                        for (int y = b.y(); y < b.y() + b.height(); y++) {
                            for (int x = b.x(); x < b.x() + b.width(); x++) {
                                cells[y][x]++;
                            }
                        }
                    }
                    for (int y = 1; y < rows - 1; y++) {
                        for (int x = 0; x < cols; x++) {
                            assertThat(cells[y][x]).as(at + " cell " + x + "," + y).isEqualTo(1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldKeepHostileIdsInsideTheirColumnAsVisibleText() {
        final List<InstanceStatus> hostile = new ArrayList<>();
        for (final String id : List.of("\u4f3a\u670d\u5668-\u6771\u4eac-".repeat(20), "e\u0301\u0301\u0301x",
                "\u202eevil", "\u001b]0;owned\u0007", "x".repeat(5_000))) {
            hostile.add(new InstanceStatus(id, Scenes.SECOND, 0, InstanceStatus.State.LIVE, 1, 0, 0));
        }
        for (final int[] size : new int[][] {{120, 40}, {80, 24}}) {
            final VirtualDashboard d = new VirtualDashboard(size[0], size[1], false);
            d.sink.onSnapshot(Scenes.aggregate(hostile));
            d.step();
            final String screen = d.text();
            assertThat(screen).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
                    .doesNotContain("\u0301");
            final int title = d.rowContaining("Instances: 5");
            final int inside = Layout.of(size[0], size[1], InstancesContent.rows(5)).get(Panel.INSTANCES).innerHeight();
            for (int r = title + 1; r <= title + inside; r++) {
                assertThat(d.row(r)).as(size[0] + "x" + size[1] + " row " + r + ":\n" + screen)
                        .startsWith("\u2502").endsWith("\u2502")
                        .satisfies(row -> assertThat(Cells.width(row)).isEqualTo(size[0]));
            }
            for (int k = 0; k < 6; k++) {
                d.press(KeyType.Tab);
            }
            for (int k = 0; k < 6; k++) {
                d.press(KeyType.ArrowDown);
                assertThat(d.row(title + 1)).startsWith("\u2551").endsWith("\u2551");
            }
        }
        final VirtualDashboard d = new VirtualDashboard(120, 40, false);
        d.sink.onSnapshot(Scenes.aggregate(hostile));
        d.step();
        assertThat(d.text()).contains("e\\u0301\\u0301\\u0301x").contains("\\u202eevil")
                .contains("\\x1b]0;owned\\x07").contains("xxxxxxxx\u2026");
    }

    @Test
    void shouldShowWhereTheApiAnswersInTheHeaderWhenItFitsAndAlwaysInTheHelp() {
        final VirtualDashboard d = new VirtualDashboard(120, 40, false);
        d.sink.onSnapshot(Scenes.aggregate(many(3)));
        d.sink.api("http://127.0.0.1:9900/");
        d.step();
        assertThat(d.row(0)).startsWith(" logmon  2026-01-01 12:03:30 UTC").endsWith(" API http://127.0.0.1:9900/ ");

        d.press('?');
        assertThat(d.text()).contains("API and browser page: http://127.0.0.1:9900/")
                .contains("Instances (aggregate only): gone, then late first; Tab to it");

        // 80 columns: the header keeps its own text; a long address (IPv6, scope) is only in the help
        final VirtualDashboard narrow = new VirtualDashboard(80, 24, false);
        narrow.sink.onSnapshot(Scenes.aggregate(many(3)));
        narrow.sink.api("http://[2001:db8:aaaa:bbbb::1]:9900/");
        narrow.step();
        assertThat(narrow.row(0)).contains("50.0 hits/s").doesNotContain("API").doesNotContain("\u2026");
        narrow.press('?');
        assertThat(narrow.text()).contains("API and browser page: http://[2001:db8:aaaa:bbbb::1]:9900/");

        // without --listen: nothing
        final VirtualDashboard local = new VirtualDashboard(120, 40, false);
        local.sink.onSnapshot(Scenes.normal(false));
        local.step();
        local.press('?');
        assertThat(local.text()).doesNotContain("API");
    }

    @Test
    void shouldMoveTheFocusOnFromTheInstancesPanelOnceItsInstancesAreGone() {
        final VirtualDashboard d = new VirtualDashboard(120, 40, false);
        d.sink.onSnapshot(Scenes.aggregate(many(200)));
        d.step();
        for (int i = 0; i < 6; i++) {
            d.press(KeyType.Tab);
        }
        final int title = d.rowContaining("Instances: 200");
        assertThat(d.row(title)).contains("\u2550");

        // 200 -> 3: still the instances panel, its scroll within the fewer rows
        d.press(KeyType.End);
        d.sink.onSnapshot(Scenes.aggregate(many(3)));
        d.step();
        final int three = d.rowContaining("Instances: 3");
        assertThat(d.row(three)).contains("\u2550");
        assertThat(d.row(three + 1)).contains("instance ");
        assertThat(d.row(three + 2)).contains("web-2");
        assertThat(d.row(three + 4)).contains("web-0").doesNotContain("/4 ");

        // 3 -> 0: the panel leaves the screen, the focus is on the traffic and Tab goes on from there
        d.sink.onSnapshot(Scenes.aggregate(List.of()));
        d.step();
        assertThat(d.text()).doesNotContain("Instances");
        assertThat(d.row(1)).contains("\u2554\u2550 Traffic");
        d.press(KeyType.Tab);
        assertThat(d.row(1)).contains("\u2554\u2550 Status").doesNotContain("\u2554\u2550 Traffic");

        // instances again: the focus stays where the operator put it
        d.sink.onSnapshot(Scenes.aggregate(many(3)));
        d.step();
        assertThat(d.row(1)).contains("\u2554\u2550 Status");
        assertThat(d.row(d.rowContaining("Instances: 3"))).doesNotContain("\u2550");
    }
}
