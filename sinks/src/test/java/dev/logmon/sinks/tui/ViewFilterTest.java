package dev.logmon.sinks.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.WindowView;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code /} view filter: matching, the keys that edit it, and the lists it narrows. */
class ViewFilterTest {

    @Test
    void shouldMatchASubstringIgnoringCase() {
        assertThat(ViewFilter.matches("/API", "api")).isTrue();
        assertThat(ViewFilter.matches("/static", "TAT")).isTrue();
        assertThat(ViewFilter.matches("/static", "")).isTrue();
        assertThat(ViewFilter.matches("/static", "api")).isFalse();
        assertThat(ViewFilter.matches("2001:DB8::1", "db8")).isTrue();
        assertThat(ViewFilter.matches("10.0.0.1", "10.0.0.1 ")).isFalse();
    }

    private static DashboardState.Action press(final DashboardState s, final KeyStroke k) {
        return s.onKey(k, null);
    }

    private static KeyStroke key(final char c) {
        return new KeyStroke(c, false, false);
    }

    @Test
    void shouldOpenOnSlashTakeTextKeepOnEnterAndClearOnEscapeWithoutQuitting() {
        final DashboardState s = new DashboardState("log time");

        assertThat(press(s, key('/'))).isEqualTo(DashboardState.Action.REDRAW);
        assertThat(s.filter().editing()).isTrue();
        // q and p are text while the prompt is open, not quit and pause
        for (final char c : "/apq".toCharArray()) {
            assertThat(press(s, key(c))).isEqualTo(DashboardState.Action.REDRAW);
        }
        assertThat(press(s, new KeyStroke(KeyType.Backspace))).isEqualTo(DashboardState.Action.REDRAW);
        assertThat(s.filter().text()).isEqualTo("/ap");
        assertThat(s.paused()).isFalse();

        press(s, new KeyStroke(KeyType.Enter));
        assertThat(s.filter().editing()).isFalse();
        assertThat(s.filter().text()).isEqualTo("/ap");
        assertThat(DashboardRenderer.footer(s.filter()).text()).startsWith(" filter: /ap  Esc clears  ")
                .endsWith(DashboardRenderer.KEYS);

        assertThat(press(s, new KeyStroke(KeyType.Escape))).as("the first Esc clears")
                .isEqualTo(DashboardState.Action.REDRAW);
        assertThat(s.filter().active()).isFalse();
        assertThat(DashboardRenderer.footer(s.filter()).text()).isEqualTo(DashboardRenderer.KEYS);
        assertThat(press(s, new KeyStroke(KeyType.Escape))).as("Esc Esc out of a filter does not quit")
                .isEqualTo(DashboardState.Action.NONE);
        assertThat(press(s, new KeyStroke(KeyType.Escape))).as("one more Esc quits").isEqualTo(DashboardState.Action.QUIT);
    }

    @Test
    void shouldNotQuitOnEscEscOutOfTheHelpEither() {
        final DashboardState s = new DashboardState("log time");
        assertThat(press(s, key('?'))).isEqualTo(DashboardState.Action.REDRAW);
        assertThat(s.help()).isTrue();
        assertThat(press(s, new KeyStroke(KeyType.Escape))).as("closes the help").isEqualTo(DashboardState.Action.REDRAW);
        assertThat(s.help()).isFalse();
        assertThat(press(s, new KeyStroke(KeyType.Escape))).as("the habitual second Esc").isEqualTo(DashboardState.Action.NONE);
        assertThat(press(s, new KeyStroke(KeyType.Escape))).as("one more Esc quits").isEqualTo(DashboardState.Action.QUIT);
        final DashboardState t = new DashboardState("log time");
        press(t, key('?'));
        press(t, new KeyStroke(KeyType.Escape));
        assertThat(press(t, key('q'))).as("q still quits at once").isEqualTo(DashboardState.Action.QUIT);
    }

    @Test
    void shouldNotQuitOnEscEscFromTheOpenPromptButStillQuitOnQ() {
        final DashboardState s = new DashboardState("log time");
        press(s, key('/'));
        press(s, key('x'));

        assertThat(press(s, new KeyStroke(KeyType.Escape))).as("closes the prompt, clears")
                .isEqualTo(DashboardState.Action.REDRAW);
        assertThat(press(s, new KeyStroke(KeyType.Escape))).as("the habitual second Esc")
                .isEqualTo(DashboardState.Action.NONE);
        assertThat(press(s, key('q'))).isEqualTo(DashboardState.Action.QUIT);

        // an Esc after any other key quits as before
        final DashboardState t = new DashboardState("log time");
        press(t, key('/'));
        press(t, new KeyStroke(KeyType.Escape));
        press(t, new KeyStroke(KeyType.Tab));
        assertThat(press(t, new KeyStroke(KeyType.Escape))).isEqualTo(DashboardState.Action.QUIT);
        // and the end of input quits at once, filter or not
        final DashboardState u = new DashboardState("log time");
        press(u, key('/'));
        press(u, new KeyStroke(KeyType.Escape));
        assertThat(press(u, new KeyStroke(KeyType.EOF))).isEqualTo(DashboardState.Action.QUIT);
    }

    @Test
    void shouldClearOnEscapeWhileEditingAndShowThePromptInTheFooter() {
        final DashboardState s = new DashboardState("log time");
        press(s, key('/'));
        press(s, key('x'));

        assertThat(DashboardRenderer.footer(s.filter()).text()).isEqualTo(
                "filter sections and hosts: x\u2588   Enter keep  Esc clear");
        assertThat(press(s, new KeyStroke(KeyType.Escape))).isEqualTo(DashboardState.Action.REDRAW);
        assertThat(s.filter().editing()).isFalse();
        assertThat(s.filter().active()).isFalse();
    }

    @Test
    void shouldKeepOnlyTheMatchingSectionsAndHostsAndSaySoWhenNoneMatches() {
        final WindowView w = Scenes.window(10, 500, List.of(new SectionCount("/api", 300, 0, 0),
                        new SectionCount("/static", 150, 0, 0), new SectionCount("/apidocs", 50, 0, 0)),
                List.of(new HostCount("10.0.0.1", 900, 9), new HostCount("2001:db8::7", 100, 1)));

        assertThat(PanelContent.sections(w, 60, "API").stream().map(Line::text).toList())
                .hasSize(3).anyMatch(l -> l.startsWith("/api ")).anyMatch(l -> l.startsWith("/apidocs"))
                .noneMatch(l -> l.startsWith("/static"));
        assertThat(PanelContent.sections(w, 60, "").size()).isEqualTo(4);
        assertThat(PanelContent.sections(w, 60, "nothing").get(1).text()).isEqualTo("no section matches the filter");
        assertThat(PanelContent.hosts(w, 60, "DB8").stream().map(Line::text).toList())
                .hasSize(2).anyMatch(l -> l.startsWith("2001:db8::7"));
        assertThat(PanelContent.hosts(w, 60, "zz").get(1).text()).isEqualTo("no host matches the filter");
    }

    @Test
    void shouldNarrowTheListsOnScreenWithoutChangingTheCounts() {
        final VirtualDashboard d = new VirtualDashboard(120, 40, false);
        final Snapshot n = Scenes.normal(false);
        d.sink.onSnapshot(n);
        d.step();
        final String before = d.text();
        assertThat(before).contains("/static");

        for (final char c : "/api".toCharArray()) {
            d.press(c);
        }
        d.press(KeyType.Enter);
        final String after = d.text();

        assertThat(after).doesNotContain("/static").contains("/api").contains("no host matches the filter")
                .contains("123,456 parsed");
        assertThat(after.lines().reduce((a, b) -> b).orElseThrow()).startsWith(" filter: api  Esc clears");
    }

    @Test
    void shouldAlwaysShowTheEndOfWhatIsTypedAndTheCursorAt80Columns() {
        final VirtualDashboard d = new VirtualDashboard(80, 24, false);
        d.sink.onSnapshot(Scenes.normal(false));
        d.step();
        d.press('/');
        final String typed = "crawler-0123456789.build-farm.eu-west-3.compute.example.internal";
        assertThat(typed).hasSize(ViewFilter.MAX_LENGTH);
        for (final char c : typed.toCharArray()) {
            d.press(c);
        }
        final String footer = d.text().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(footer).as("the last row").contains("example.internal\u2588").startsWith("/");

        final VirtualDashboard e = new VirtualDashboard(80, 24, false);
        e.sink.onSnapshot(Scenes.normal(false));
        e.step();
        e.press('/');
        for (final char c : "10.0.0.1".toCharArray()) {
            e.press(c);
        }
        assertThat(e.text().lines().reduce((a, b) -> b).orElseThrow()).as("short: label, text, cursor, hint")
                .startsWith("filter sections and hosts: 10.0.0.1\u2588   Enter keep  Esc clear");
    }

    @Test
    void shouldKeepOrEraseACharacterBeyondTheBmpWhole() {
        final ViewFilter f = new ViewFilter();
        f.open();
        for (final char c : "a\ud83d\ude00".toCharArray()) { // an emoji comes as two keys
            f.type(c);
        }
        f.erase();
        assertThat(f.text()).as("Backspace takes the whole emoji").isEqualTo("a");

        final ViewFilter full = new ViewFilter();
        full.open();
        for (int i = 0; i < ViewFilter.MAX_LENGTH - 1; i++) {
            full.type('x');
        }
        full.type('\ud83d');
        full.type('\ude00');
        assertThat(full.text()).as("no room for both halves: neither is kept").hasSize(ViewFilter.MAX_LENGTH - 1)
                .doesNotContain("\ud83d").doesNotContain("\ude00");
    }
}
