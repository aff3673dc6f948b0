package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.AlertRuleKind;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.InstanceStatus;
import dev.logmon.core.snapshot.RuleState;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

class DashboardScreenTest {

    private static VirtualDashboard withAlerts(final int columns, final int rows, final boolean alertOn) {
        final VirtualDashboard d = new VirtualDashboard(columns, rows, true);
        d.sink.onAlert(Scenes.on(Scenes.SECOND - 90));
        d.sink.onAlert(Scenes.off(Scenes.SECOND - 30));
        if (alertOn) {
            d.sink.onAlert(Scenes.on(Scenes.SECOND));
        }
        d.sink.onSnapshot(Scenes.normal(alertOn));
        return d.step();
    }

    @Test
    void shouldShowReconnectingInTheHeaderUntilConnectedAgainAndEscapeTheReason() {
        final VirtualDashboard d = withAlerts(120, 40, false);

        d.sink.connection("reconnecting (connection refused\u001b[2J)");
        d.step();

        assertThat(d.row(0)).contains("reconnecting (connection refused\\x1b[2J)");
        assertThat(d.at(d.find(0, "reconnecting"), 0).getBackgroundColor()).isEqualTo(TextColor.ANSI.RED);
        d.sink.connection(null);
        d.step();
        assertThat(d.row(0)).doesNotContain("reconnecting");
    }

    @Test
    void shouldShowABannerAndHandTheKeysItDoesNotUseToTheListener() {
        final VirtualDashboard d = withAlerts(120, 40, false);
        final List<KeyStroke> other = new ArrayList<>();
        d.sink.onOtherKeys(other::add);

        d.sink.banner("history: bucket 2 of 5\u001b[2J");
        d.press(KeyType.ArrowLeft).press('[').press(KeyType.ArrowDown).press('p').press('p');

        assertThat(d.row(0)).contains("history: bucket 2 of 5\\x1b[2J");
        assertThat(d.at(d.find(0, "history:"), 0).getBackgroundColor()).isEqualTo(TextColor.ANSI.WHITE);
        assertThat(other).extracting(KeyStroke::getKeyType, KeyStroke::getCharacter).containsExactly(
                tuple(KeyType.ArrowLeft, null),
                tuple(KeyType.Character, '['));
        d.sink.banner(null);
        d.step();
        assertThat(d.row(0)).doesNotContain("history:");
    }

    @Test
    void shouldLeaveInputEndedWhenARestartedServiceSendsSnapshotsAgain() {
        final VirtualDashboard d = withAlerts(80, 24, false);
        final dev.logmon.core.snapshot.Snapshot s = Scenes.normal(false);
        d.sink.onSnapshot(new dev.logmon.core.snapshot.Snapshot(s.second(), true, s.lines(), s.tenSeconds(), s.twoMinutes(),
                s.lifetime(), s.alert(), s.handlerErrors(), s.sources(), s.deliveries(), s.secondHits()));
        d.step();
        assertThat(d.row(0)).contains("input ended");

        d.sink.onSnapshot(s);
        d.step();

        assertThat(d.row(0)).doesNotContain("input ended");
    }

    @Test
    void shouldMatchTheGoldenScreenAt80x24() {
        Golden.assertScreen("alert-on-80x24", withAlerts(80, 24, true).text());
    }

    @Test
    void shouldShowUniqueVisitorsAndEachSourcesTrafficWithSeveralFiles() {
        final VirtualDashboard d = new VirtualDashboard(120, 40, true);
        d.sink.onSnapshot(Scenes.threeSources());
        d.step();

        final String screen = d.text();
        assertThat(screen).contains("unique 10s 212  2m 3,480  all 15,502 IPs");
        assertThat(screen).contains("  10s 40.0/s  4xx 5.0%  5xx 2.0%").contains("  10s 10.0/s  4xx 0.0%  5xx 0.0%")
                .contains("  10s no hits");
        Golden.assertScreen("sources-120x40", screen);
    }

    @Test
    void shouldListAnAggregatesInstancesWorstFirstWithGoneAndLateHighlightedAndIdsEscaped() {
        final VirtualDashboard d = new VirtualDashboard(120, 40, true);
        d.sink.onSnapshot(Scenes.aggregate(Scenes.threeInstances()));
        d.step();

        final String screen = d.text();
        assertThat(screen).contains("Instances: 3 (1 late, 1 gone)").doesNotContain("\u001b");
        final int header = d.rowContaining("instance ");
        assertThat(d.row(header)).contains("state").contains("lag").contains("last").contains("frames")
                .contains("missing").contains("dup");
        // gone first, then late, then live; the escape shown as text, never sent to the terminal
        assertThat(d.row(header + 1)).contains("web-\\x1b[2J3").contains("gone").contains("40 s")
                .contains("12:02:50").contains("1,150").contains("7");
        assertThat(d.row(header + 2)).contains("web-2").contains("late").contains("9 s").contains("1,191");
        assertThat(d.row(header + 3)).contains("web-1").contains("live").contains("12:03:30").contains("1,200");
        assertThat(d.at(d.find(header + 1, "gone"), header + 1).getForegroundColor()).isEqualTo(TextColor.ANSI.RED);
        assertThat(d.at(d.find(header + 2, "late"), header + 2).getForegroundColor()).isEqualTo(TextColor.ANSI.YELLOW);
        assertThat(d.at(d.find(header + 3, "live"), header + 3).getForegroundColor()).isEqualTo(TextColor.ANSI.DEFAULT);
        // the other panels are all still there
        assertThat(screen).contains("Traffic").contains("Popular sections").contains("Top bandwidth")
                .contains("Status codes").contains("Alerts");
        Golden.assertScreen("instances-120x40", screen);
    }

    @Test
    void shouldShowTheWorstOfTwoHundredInstancesFirstAndCountTheRest() {
        final List<InstanceStatus> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            final InstanceStatus.State state = i == 150 ? InstanceStatus.State.GONE
                    : i % 50 == 7 ? InstanceStatus.State.LATE : InstanceStatus.State.LIVE;
            many.add(new InstanceStatus("web-" + i, Scenes.SECOND - i % 13, i % 13, state, 1_000 + i, 0, 0));
        }
        // 120x40: room for a band with a header row (80x24 folds it to one line: InstancesPanelTest)
        final VirtualDashboard d = new VirtualDashboard(120, 40, true);
        d.sink.onSnapshot(Scenes.aggregate(many));
        d.step();

        assertThat(d.text()).contains("Instances: 200 (4 late, 1 gone)");
        final int header = d.rowContaining("instance ");
        assertThat(d.row(header + 1)).contains("web-150").contains("gone");
        // late ones by lag: 157 (lag 1), 57 (lag 5), 107 (lag 3), 7 (lag 7)
        assertThat(d.row(header + 2)).contains("web-7 ").contains("late");
        Golden.assertScreen("instances-200-120x40", d.text());
        // the panel is a list that scrolls: Tab to it, End shows the count of those not listed
        for (int i = 0; i < 6; i++) {
            d.press(KeyType.Tab);
        }
        assertThat(d.row(header - 1)).contains("\u2550"); // focused: a double border
        d.press(KeyType.End);
        assertThat(d.text()).contains("+100 more (all in the JSON and /snapshot)");
        assertThat(d.text()).contains("/102 ");
        // Tab goes round through the instances panel and back to the traffic
        d.press(KeyType.Tab);
        assertThat(d.row(1)).contains("\u2550");
    }

    @Test
    void shouldSkipTheInstancesPanelInTheFocusOfALocalRun() {
        final VirtualDashboard d = withAlerts(120, 40, false);
        for (int i = 0; i < 6; i++) {
            d.press(KeyType.Tab);
        }
        // six Tabs: from the traffic round all six panels and back to it
        assertThat(d.row(1)).contains("\u2550");
        assertThat(d.text()).doesNotContain("Instances");
    }

    @Test
    void shouldMatchTheGoldenScreenAt120x40() {
        Golden.assertScreen("alert-on-120x40", withAlerts(120, 40, true).text());
    }

    @Test
    void shouldRelayOutWhenResizedUpAndDown() {
        final VirtualDashboard d = withAlerts(80, 24, false);
        final String small = d.text();

        d.resize(120, 40);
        Golden.assertScreen("alert-off-120x40", d.text());
        assertThat(d.row(39)).startsWith(DashboardRenderer.KEYS);

        d.resize(80, 24);
        assertThat(d.text()).isEqualTo(small);
    }

    @Test
    void shouldShowEveryPanelsNumbersAt120x40() {
        final VirtualDashboard d = withAlerts(120, 40, true);
        final String screen = d.text();

        assertThat(screen).contains("2026-01-01 12:03:30 UTC")
                .contains("10s 50.0/s").contains("2m 60.0/s").contains("all 205.8/s")
                .contains("access.log").contains("following")
                .contains("123,456 parsed").contains("3 malformed")
                .contains("webhook sent 3 retried 1 failed 0 pending 0")
                .contains("203.0.113.7").contains("5.00 GiB").contains("41,234")
                .contains("300 MiB").contains("73.2 KiB")
                .contains("High traffic generated an alert - hits = 72.50")
                .contains("Alert Off - Traffic returned to normal");
        assertThat(line(screen, "/api")).contains("24.0").contains("48.0%").contains("5.0%").contains("1.3%");
        assertThat(line(screen, "2xx")).contains("450").contains("90.0%").contains("111,110");
        assertThat(line(screen, "p99")).contains("46.9 KiB");
        assertThat(screen).contains(String.valueOf(TrafficChart.LEVEL)).contains("\u2588");
    }

    @Test
    void shouldShowFilteredLinesNextToMalformedOnlyWhenThereAreSome() {
        final VirtualDashboard d = withAlerts(120, 40, false);
        assertThat(d.text()).doesNotContain("filtered");

        final dev.logmon.core.snapshot.Snapshot n = Scenes.normal(false);
        final long[] bad = new long[dev.logmon.core.format.MalformedReason.count()];
        bad[dev.logmon.core.format.MalformedReason.BAD_REQUEST.ordinal()] = 3;
        d.sink.onSnapshot(new dev.logmon.core.snapshot.Snapshot(n.second() + 1, false,
                dev.logmon.core.snapshot.LineCounts.of(123_456, bad, 0, 0, 98_765), n.tenSeconds(), n.twoMinutes(),
                n.lifetime(), n.alert(), 0, n.sources(), n.deliveries(), n.secondHits()));
        d.step();

        final List<String> rows = d.text().lines().toList();
        final int at = rows.indexOf(line(d.text(), "123,456 parsed, 3 malformed"));
        assertThat(rows.get(at + 1)).contains("│       98,765 filtered");
    }

    @Test
    void shouldListTheNamedRulesWithTheirStatesInTheStatusPanel() {
        final VirtualDashboard d = withAlerts(120, 40, false);
        assertThat(d.text()).doesNotContain("rules ");

        final dev.logmon.core.snapshot.Snapshot n = Scenes.normal(false);
        d.sink.onSnapshot(new dev.logmon.core.snapshot.Snapshot(n.second() + 1, false, n.lines(), n.tenSeconds(),
                n.twoMinutes(), n.lifetime(), n.alert(), 0, n.sources(), n.deliveries(), n.secondHits(), List.of(
                        new RuleState("5xx", AlertRuleKind.ERROR_RATIO, RuleState.Phase.FIRING, 0.125, 0.05, n.second()),
                        new RuleState("slow", AlertRuleKind.LATENCY, RuleState.Phase.PENDING, 812.5, 500, n.second()),
                        new RuleState("quiet", AlertRuleKind.SILENCE, RuleState.Phase.OK, Double.NaN, 10, 0)), List.of()));
        d.step();
        final String screen = d.text();

        assertThat(line(screen, "rules")).contains("rules  5xx firing 0.1250 / 0.0500");
        assertThat(line(screen, "slow")).contains("       slow pending 812.5 / 500");
        assertThat(line(screen, "quiet")).contains("       quiet ok (window filling)");
    }

    private static String line(final String screen, final String containing) {
        return screen.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow();
    }

    @Test
    void shouldPaintAlertOnWhiteOnRedAndOffBlackOnGreen() {
        final VirtualDashboard on = withAlerts(80, 24, true);
        final int col = on.find(0, "ALERT ON");
        assertThat(col).isPositive();
        final TextCharacter a = on.at(col, 0);
        assertThat(a.getForegroundColor()).isEqualTo(TextColor.ANSI.WHITE_BRIGHT);
        assertThat(a.getBackgroundColor()).isEqualTo(TextColor.ANSI.RED);

        final VirtualDashboard off = withAlerts(80, 24, false);
        final TextCharacter o = off.at(off.find(0, "ALERT OFF"), 0);
        assertThat(o.getForegroundColor()).isEqualTo(TextColor.ANSI.BLACK);
        assertThat(o.getBackgroundColor()).isEqualTo(TextColor.ANSI.GREEN);
        assertThat(o.getForegroundColor()).isNotEqualTo(a.getForegroundColor());
        assertThat(o.getBackgroundColor()).isNotEqualTo(a.getBackgroundColor());
    }

    @Test
    void shouldCutLongNamesWithAnEllipsisAndNeverWrap() {
        final String longSection = "/" + "very-long-section-name-".repeat(6);
        final String longHost = "host-" + "x".repeat(100) + ".example.com";
        final VirtualDashboard d = new VirtualDashboard(80, 24, false);
        d.sink.onSnapshot(Scenes.snapshot(false, 120, List.of(new SectionCount(longSection, 100, 0, 0)),
                List.of(new HostCount(longHost, 1 << 20, 5)), List.of()));
        d.step();

        final String screen = d.text();
        final String sectionRow = line(screen, "/very-long");
        assertThat(sectionRow).contains("\u2026").doesNotContain(longSection);
        assertThat(line(screen, "host-xxx")).contains("\u2026").contains("1.00 MiB");
        assertThat(screen.lines()).hasSize(24).allSatisfy(l -> assertThat(l).hasSize(80));
        assertThat(screen).doesNotContain("ry-long-section-name-very-long-section-name-very-long-section-name-very");
    }

    @Test
    void shouldShowHostileTextAsVisibleEscapesWithTheLayoutIntact() {
        final List<SectionCount> evil = List.of(new SectionCount("/\u001b[2J\u001b]0;pwned\u0007", 100, 1, 1),
                new SectionCount("/\r\b\u009b31m\u202eevil\u200b\u200d\ufeff", 90, 0, 0),
                new SectionCount("/\u001b]8;;http://x\u001b\\link", 80, 0, 0),
                new SectionCount("/\u001b]0;unterminated OSC", 70, 0, 0));
        final Snapshot s = Scenes.snapshot(true, 120, evil,
                List.of(new HostCount("h\u001b[31m\u202eost", 10, 1)),
                List.of(new SourceStatus("/tmp/\u001b]0;title\u0007a.log", SourceState.FOLLOWING, 0, 1, 0, 0)));
        final VirtualDashboard d = new VirtualDashboard(120, 40, true);

        assertThatCode(() -> {
            d.sink.onAlert(new AlertEvent(true, Scenes.SECOND, Scenes.SECOND, false, 1, 1, 1, AlertRuleKind.RELATIVE,
                    "msg \u001b[1A\u001b[2K\r\n\u0007 \u001b]52;c;AAAA\u0007"));
            d.sink.onSnapshot(s);
            d.step();
        }).doesNotThrowAnyException();

        final String screen = d.text();
        assertThat(screen).contains("/\\x1b[2J\\x1b]0;pwned\\x07")
                .contains("/\\x0d\\x08\\x9b31m\\u202eevil\\u200b\\u200\u2026")
                .contains("/\\x1b]8;;http://x\\x1b\\link").contains("/\\x1b]0;unterminated OSC")
                .contains("\\x1b]0;title\\x07")
                .contains("h\\x1b[31m\\u202eost")
                .contains("msg \\x1b[1A\\x1b[2K\\x0d\\x0a\\x07");
        assertThat(screen.chars()).noneMatch(c -> c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0 || c == 0x202e);
        final VirtualDashboard clean = withAlerts(120, 40, true);
        for (final int r : new int[] {1, 16, 27, 39}) {
            assertThat(borders(d.row(r))).as("row %d", r).isEqualTo(borders(clean.row(r)));
        }
    }

    /** Where the box-drawing characters of a row are: the layout, independent of content. */
    private static String borders(final String row) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
            final char c = row.charAt(i);
            b.append(c >= 0x2500 && c <= 0x257f && c != TrafficChart.LEVEL ? c : '.');
        }
        return b.toString();
    }

    @Test
    void shouldSayTheTerminalIsTooSmallBelow80x24() {
        final VirtualDashboard d = withAlerts(80, 24, true);
        d.resize(79, 24);

        assertThat(d.row(0)).startsWith("terminal too small: 79x24, logmon needs at least 80x24");
        assertThat(d.row(1).trim()).isEmpty();

        d.resize(30, 5);
        assertThat(d.row(0)).isEqualTo("terminal too small: 30x5, log\u2026");
    }

    @Test
    void shouldSayHowLongTheWindowNeedsWhileWarmingUp() {
        final VirtualDashboard d = new VirtualDashboard(80, 24, false);
        d.sink.onSnapshot(Scenes.snapshot(false, 25, Scenes.sections(), Scenes.hosts(), List.of()));
        d.step();

        assertThat(d.text()).contains("warming up: 2-minute window fills in 95 s").contains("/api");
    }

    @Test
    void shouldShowReplayProgressWithLinesPerSecond() {
        final VirtualDashboard d = new VirtualDashboard(120, 40, false);
        d.sink.onSnapshot(Scenes.snapshot(false, 120, Scenes.sections(), Scenes.hosts(),
                List.of(new SourceStatus("/logs/big.log", SourceState.READING, 600, 1_000, 0, 0, 1000, 400))));
        d.nanos.addAndGet(1_000_000_000L);
        d.sink.onSnapshot(Scenes.snapshot(false, 120, Scenes.sections(), Scenes.hosts(),
                List.of(new SourceStatus("/logs/big.log", SourceState.READING, 550, 26_000, 0, 0, 1000, 450))));
        d.step();

        assertThat(d.text()).contains("[\u2588\u2588\u2588\u2588\u2588\u2591\u2591\u2591\u2591\u2591] 45%  25,000 lines/s");
    }

    @Test
    void shouldMoveFocusWithTabAndBackWithShiftTab() {
        final VirtualDashboard d = withAlerts(80, 24, true);
        assertThat(d.row(1)).startsWith("\u2554\u2550 Traffic");

        d.press(KeyType.Tab).press(KeyType.Tab);
        assertThat(d.text()).contains("\u2554\u2550 Popular sections");
        assertThat(d.row(1)).startsWith("\u250c\u2500 Traffic");

        d.press(KeyType.ReverseTab);
        assertThat(d.row(1)).contains("\u2554\u2550 Status");
    }

    @Test
    void shouldFollowNewAlertsAtTheBottomAndScrollBackWithArrowsAndPages() {
        final VirtualDashboard d = new VirtualDashboard(80, 24, false);
        for (int i = 0; i < 20; i++) {
            d.sink.onAlert(new AlertEvent(i % 2 == 0, Scenes.SECOND + i, Scenes.SECOND, false, 1, 1, 1,
                    AlertRuleKind.RELATIVE, "alert number " + i));
        }
        d.sink.onSnapshot(Scenes.normal(false));
        d.step();
        assertThat(d.text()).contains("alert number 19").doesNotContain("alert number 0\n");

        for (int i = 0; i < 5; i++) {
            d.press(KeyType.Tab);
        }
        d.press(KeyType.ArrowUp);
        assertThat(d.text()).contains("alert number 18").doesNotContain("alert number 19");

        d.press(KeyType.PageUp).press(KeyType.PageUp).press(KeyType.PageUp).press(KeyType.PageUp).press(KeyType.PageUp);
        assertThat(d.text()).contains("alert number 0 ").contains(" 1-5/20 ");

        d.press(KeyType.End);
        d.sink.onAlert(new AlertEvent(true, Scenes.SECOND + 20, Scenes.SECOND, false, 1, 1, 1,
                AlertRuleKind.RELATIVE, "alert number 20"));
        d.step();
        assertThat(d.text()).contains("alert number 20");
    }

    @Test
    void shouldFreezeTheViewWhilePaused() {
        final VirtualDashboard d = withAlerts(80, 24, false);
        d.press('p');
        assertThat(d.row(0)).contains("PAUSED");

        d.sink.onSnapshot(Scenes.normal(true));
        d.step();
        assertThat(d.row(0)).contains("ALERT OFF");

        d.press('p');
        assertThat(d.row(0)).contains("ALERT ON").doesNotContain("PAUSED");
    }

    @Test
    void shouldShowTheKeysAndQuitOnQOrEscape() {
        final VirtualDashboard d = withAlerts(80, 24, false);
        d.press('?');
        assertThat(d.text()).contains("Keys (any key closes)").contains("q, Esc");
        d.press(KeyType.ArrowDown);
        assertThat(d.text()).doesNotContain("Keys (any key closes)");
        assertThat(d.sink.quitRequested()).isFalse();

        d.press('q');
        assertThat(d.sink.quitRequested()).isTrue();

        final VirtualDashboard e = withAlerts(80, 24, false);
        e.press(KeyType.Escape);
        assertThat(e.sink.quitRequested()).isTrue();
    }

    @Test
    void shouldRingTheBellOnceWhenAnAlertGoesOnUnlessSilenced() {
        final VirtualDashboard d = new VirtualDashboard(80, 24, true);
        d.sink.onAlert(Scenes.on(Scenes.SECOND));
        d.sink.onAlert(new AlertEvent(true, Scenes.SECOND + 10, Scenes.SECOND, true, 1, 1, 1, AlertRuleKind.RELATIVE,
                "repeat"));
        d.sink.onAlert(Scenes.off(Scenes.SECOND + 20));
        d.step();
        assertThat(d.sink.bells()).isEqualTo(1);
        assertThat(d.bellsHeard.get()).isEqualTo(1);

        final VirtualDashboard quiet = new VirtualDashboard(80, 24, false);
        quiet.sink.onAlert(Scenes.on(Scenes.SECOND));
        quiet.step();
        assertThat(quiet.sink.bells()).isZero();
        assertThat(quiet.bellsHeard.get()).isZero();
    }

    @Test
    void shouldWaitForTheFirstSnapshotAndRestoreTheTerminalOnClose() {
        final VirtualDashboard d = new VirtualDashboard(80, 24, false);
        d.step();
        assertThat(d.text()).contains("waiting for the first snapshot");

        assertThatCode(() -> {
            d.sink.close();
            d.sink.close();
        }).doesNotThrowAnyException();
    }
}
