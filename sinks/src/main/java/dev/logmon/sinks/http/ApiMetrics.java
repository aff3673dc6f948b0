package dev.logmon.sinks.http;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.snapshot.SourceStatus;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.SourceCount;
import dev.logmon.core.snapshot.WindowView;
import dev.logmon.core.text.TextSafety;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code /metrics}: the latest snapshot as Prometheus metrics, through the official client's
 * registry and text format. Every metric is a callback on the snapshot at scrape time, so the
 * pipeline does no work for metrics and a scrape always sees one consistent snapshot. Totals are
 * counters since the service started (they restart at 0 with it, as Prometheus expects); a
 * counter is never written below 0, since the client refuses the whole scrape for one.
 */
final class ApiMetrics {
    /** The content type of the text exposition. */
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Supplier<Snapshot> latest;

    /**
     * @param latest   the snapshot to expose (null before the first)
     * @param clients  the number of {@code /events} clients connected
     * @param counters what the API dropped, refused or closed
     */
    ApiMetrics(final Supplier<Snapshot> latest, final Supplier<Number> clients, final ApiCounters counters) {
        this.latest = latest;
        counter("logmon_hits", "Parsed lines (hits) since start", s -> s.lifetime().hits());
        counter("logmon_response_bytes", "Response bytes of the hits since start", s -> s.lifetime().bytes());
        counter("logmon_lines_read", "Lines read, parsed or not", s -> s.lines().read());
        counter("logmon_lines_parsed", "Lines counted as hits", s -> s.lines().parsed());
        counter("logmon_lines_late", "Parsed lines older than the 2-minute window", s -> s.lines().late());
        counter("logmon_lines_future", "Parsed lines stamped too far ahead of the clock", s -> s.lines().future());
        counter("logmon_handler_errors", "Exceptions caught in pipeline handlers", s -> s.handlerErrors());
        CounterWithCallback.builder().name("logmon_lines_malformed").help("Lines that could not be parsed, by reason")
                .labelNames("reason").callback(cb -> withLatest(s -> {
                    for (final MalformedReason r : MalformedReason.values()) {
                        final Long n = s.lines().malformedByReason().get(r);
                        cb.call(n == null ? 0 : Math.max(0, n), r.jsonName());
                    }
                })).register(registry);
        CounterWithCallback.builder().name("logmon_status_hits").help("Hits by status class since start")
                .labelNames("class").callback(cb -> withLatest(s -> {
                    final StatusCounts c = s.lifetime().status();
                    cb.call(Math.max(0, c.c1xx()), "1xx");
                    cb.call(Math.max(0, c.c2xx()), "2xx");
                    cb.call(Math.max(0, c.c3xx()), "3xx");
                    cb.call(Math.max(0, c.c4xx()), "4xx");
                    cb.call(Math.max(0, c.c5xx()), "5xx");
                    cb.call(Math.max(0, c.other()), "other");
                })).register(registry);
        windowGauge("logmon_window_hits_per_second", "Average hits per second over the window", WindowView::rate);
        windowGauge("logmon_window_hits", "Hits in the window", w -> w.hits());
        windowGauge("logmon_window_seconds", "Seconds the window covers so far", w -> w.seconds());
        windowGauge("logmon_window_visitors", "Distinct client addresses in the window (HLL estimate, 1.6 % error)",
                w -> w.visitors());
        GaugeWithCallback.builder().name("logmon_source_window_hits").help("Hits of each source in the window")
                .labelNames("source", "window").callback(cb -> withLatest(s -> {
                    for (final String window : new String[] {"10s", "2m", "lifetime"}) {
                        final WindowView w = "10s".equals(window) ? s.tenSeconds()
                                : "2m".equals(window) ? s.twoMinutes() : s.lifetime();
                        for (final SourceCount c : w.sources()) {
                            cb.call(c.hits(), label(c.source()), window);
                        }
                    }
                })).register(registry);
        gauge("logmon_alert_on", "1 while the high-traffic alert is on", s -> s.alert().on() ? 1 : 0);
        gauge("logmon_alert_threshold", "The alert threshold in hits/s", s -> s.alert().threshold());
        gauge("logmon_alert_avg2m", "2-minute average hits/s at the last evaluation", s -> s.alert().avg2m());
        gauge("logmon_snapshot_time_seconds", "Epoch second of the latest snapshot (log time with --time log)",
                s -> s.second());
        GaugeWithCallback.builder().name("logmon_source_lag_bytes").help("Bytes between what was read and the end of the file")
                .labelNames("source").callback(cb -> withLatest(s -> {
                    for (final SourceStatus src : s.sources()) {
                        cb.call(src.lagBytes(), label(src.path()));
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("logmon_source_state").help("1 for the state each source is in")
                .labelNames("source", "state").callback(cb -> withLatest(s -> {
                    for (final SourceStatus src : s.sources()) {
                        for (final SourceState st : SourceState.values()) {
                            cb.call(src.state() == st ? 1 : 0, label(src.path()), st.displayName());
                        }
                    }
                })).register(registry);
        CounterWithCallback.builder().name("logmon_source_lines_read").help("Lines read from each source")
                .labelNames("source").callback(cb -> withLatest(s -> {
                    for (final SourceStatus src : s.sources()) {
                        cb.call(Math.max(0, src.linesRead()), label(src.path()));
                    }
                })).register(registry);
        CounterWithCallback.builder().name("logmon_notifications").help("Notifications by sink and outcome")
                .labelNames("sink", "outcome").callback(cb -> withLatest(s -> {
                    for (final DeliveryStats d : s.deliveries()) {
                        cb.call(Math.max(0, d.sent()), label(d.sink()), "sent");
                        cb.call(Math.max(0, d.retried()), label(d.sink()), "retried");
                        cb.call(Math.max(0, d.failed()), label(d.sink()), "failed");
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("logmon_notifications_pending").help("Notifications waiting to be delivered")
                .labelNames("sink").callback(cb -> withLatest(s -> {
                    for (final DeliveryStats d : s.deliveries()) {
                        cb.call(d.pending(), label(d.sink()));
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("logmon_api_event_clients").help("Clients connected to /events")
                .callback(cb -> cb.call(clients.get().doubleValue())).register(registry);
        CounterWithCallback.builder().name("logmon_api_event_snapshots_dropped")
                .help("Snapshots dropped for /events clients that read too slowly")
                .callback(cb -> cb.call(counters.get(ApiCounters.Reason.EVENT_DROPPED))).register(registry);
        CounterWithCallback.builder().name("logmon_api_event_clients_too_slow")
                .help("/events clients disconnected for falling too far behind")
                .callback(cb -> cb.call(counters.get(ApiCounters.Reason.EVENT_TOO_SLOW))).register(registry);
        CounterWithCallback.builder().name("logmon_api_event_clients_evicted")
                .help("/events clients that were behind and gave their place to a new client")
                .callback(cb -> cb.call(counters.get(ApiCounters.Reason.EVENT_EVICTED))).register(registry);
        CounterWithCallback.builder().name("logmon_api_event_clients_refused")
                .help("New /events clients answered 503: every place held by a client keeping up")
                .callback(cb -> cb.call(counters.get(ApiCounters.Reason.EVENT_FULL))).register(registry);
        CounterWithCallback.builder().name("logmon_api_connections_closed")
                .help("Connections the API closed on its own, by reason").labelNames("reason")
                .callback(cb -> {
                    for (final ApiCounters.Reason r : new ApiCounters.Reason[] {ApiCounters.Reason.PER_ADDRESS,
                            ApiCounters.Reason.HEADER_DEADLINE, ApiCounters.Reason.IPV4_ON_IPV6_ONLY}) {
                        cb.call(counters.get(r), r.label);
                    }
                }).register(registry);
    }

    /** Writes every metric in the Prometheus text format. */
    void write(final OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /**
     * A label value from outside (a file name, a sink name) made safe to show: control, bidi and
     * zero-width characters become visible escapes such as {@code \x1b} or backslash-u {@code 202e}
     * (the text format itself escapes only backslash, quote and newline).
     */
    static String label(final String value) {
        return TextSafety.oneLine(value);
    }

    private interface Value {
        double of(Snapshot s);
    }

    private interface WindowValue {
        double of(WindowView w);
    }

    private void withLatest(final Consumer<Snapshot> action) {
        final Snapshot s = latest.get();
        if (s != null) {
            action.accept(s);
        }
    }

    private void counter(final String name, final String help, final Value value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> withLatest(s -> cb.call(Math.max(0, value.of(s))))).register(registry);
    }

    private void gauge(final String name, final String help, final Value value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> withLatest(s -> cb.call(value.of(s)))).register(registry);
    }

    private void windowGauge(final String name, final String help, final WindowValue value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("window").callback(cb -> withLatest(s -> {
            cb.call(value.of(s.tenSeconds()), "10s");
            cb.call(value.of(s.twoMinutes()), "2m");
            cb.call(value.of(s.lifetime()), "lifetime");
        })).register(registry);
    }
}
