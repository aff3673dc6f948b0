package dev.logmon.sinks.tui;

import dev.logmon.core.snapshot.LatencySummary;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.WindowView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Request-time percentiles on the terminal dashboard: shown when the format has them, absent otherwise. */
class DashboardLatencyTest {

    private static WindowView timed(final WindowView w, final LatencySummary all, final List<SectionCount> sections) {
        return new WindowView(w.seconds(), w.hits(), w.rate(), w.bytes(), w.status(), sections, w.hosts(),
                w.sizeP50(), w.sizeP99(), w.sizeMax(), w.topErrorBound(), all);
    }

    @Test
    void shouldShowRequestTimePercentilesWhenTheFormatHasThem() {
        final Snapshot s = Scenes.normal(false);
        final List<SectionCount> sections = List.of(
                new SectionCount("/api", 240, 12, 3, new LatencySummary(240, 12.5, 40, 250, 900, 1_250)),
                new SectionCount("/pages", 150, 6, 0, new LatencySummary(150, 3.25, 8, 9.5, 11, 12)));
        final Snapshot withTimes = new Snapshot(s.second(), false, s.lines(),
                timed(s.tenSeconds(), new LatencySummary(390, 7.5, 30, 240, 880, 1_250), sections),
                timed(s.twoMinutes(), new LatencySummary(9_000, 7, 29, 230, 870, 1_300), sections),
                timed(s.lifetime(), new LatencySummary(90_000, 6.5, 28, 220, 860, 2_500), sections),
                s.alert(), s.handlerErrors(), s.sources(), s.deliveries(), s.secondHits());
        final VirtualDashboard d = new VirtualDashboard(120, 50, false);

        d.sink.onSnapshot(withTimes);
        d.step();

        final String screen = d.text();
        assertThat(screen).containsPattern("section +hits/s +share +4xx +5xx +p99");
        assertThat(screen).containsPattern("/api .* 250 ms");
        assertThat(screen).containsPattern("/pages .* 9\\.5 ms");
        assertThat(screen).contains("time   10s p50 7.5 ms  p99 240 ms  max 1.25 s");
        assertThat(screen).contains("       all p50 6.5 ms  p99 220 ms  max 2.50 s");
    }

    @Test
    void shouldShowNoRequestTimesWhenTheFormatHasNone() {
        final VirtualDashboard d = new VirtualDashboard(120, 50, false);

        d.sink.onSnapshot(Scenes.normal(false));
        d.step();

        assertThat(d.text()).doesNotContainPattern("5xx +p99")
                .doesNotContain("time   10s");
    }
}
