package dev.logmon.cli;

import dev.logmon.core.Clock;
import dev.logmon.core.DeliveryStats;
import dev.logmon.core.HandlerErrors;
import dev.logmon.core.Pipeline;
import dev.logmon.core.Settings;
import dev.logmon.core.SinkFanout;
import dev.logmon.core.SinkRunner;
import dev.logmon.core.SnapshotPublisher;
import dev.logmon.sinks.DeliveryEngine;
import dev.logmon.sinks.MailTransport;
import dev.logmon.sinks.NotificationSink;
import dev.logmon.sinks.Sleeper;
import dev.logmon.sinks.Transport;
import dev.logmon.sinks.WebhookTransport;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds what runs from validated {@link MonitorOptions}: the notification sinks, the pipeline
 * feeding every sink runner, and the ordered close at exit. Shared by the monitor and {@code serve}.
 */
final class MonitorWiring {
    private final Set<String> sinkNames;
    private final NotifyOptions.Plan plan;
    private final Clock clock;
    private final InputStream in;
    private final List<SinkRunner> notifierRunners = new ArrayList<>();

    /** @param options options after a {@link MonitorOptions#settings} that found no problem */
    MonitorWiring(final MonitorOptions options, final Clock clock, final InputStream in) {
        this.sinkNames = options.sinkNames;
        this.plan = options.plan;
        this.clock = clock;
        this.in = in;
    }

    Pipeline pipeline(final Settings settings, final List<SinkRunner> runners,
                              final List<DeliveryEngine> engines, final PrintStream notices,
                              final HandlerErrors errors) {
        final SnapshotPublisher publisher = runners.size() == 1 ? runners.get(0) : new SinkFanout(runners);
        final Pipeline pipeline = new Pipeline(settings, publisher, clock, notices, errors, in);
        if (!engines.isEmpty()) {
            pipeline.setDeliveryStats(() -> {
                final List<DeliveryStats> stats = new ArrayList<>(engines.size());
                for (final DeliveryEngine e : engines) {
                    stats.add(e.stats());
                }
                return stats;
            });
        }
        return pipeline;
    }

    /** The webhook and email sinks asked for, each on its own delivery thread behind its own SinkRunner. */
    List<SinkRunner> notifiers(final Settings settings, final List<DeliveryEngine> engines,
                                       final HandlerErrors errors, final PrintStream log) {
        final List<SinkRunner> runners = new ArrayList<>();
        if (!sinkNames.contains("webhook") && !sinkNames.contains("email")) {
            return runners;
        }
        final String host = hostName();
        if (sinkNames.contains("webhook")) {
            runners.add(notifier("webhook", new WebhookTransport(plan.webhookUrl(), plan.policy().timeoutMs(), clock),
                    settings, host, engines, errors, log));
        }
        if (sinkNames.contains("email")) {
            runners.add(notifier("email", new MailTransport(plan.mail(), clock), settings, host, engines, errors, log));
        }
        return runners;
    }

    /** A notification sink: snapshots may be skipped, alerts never. */
    private SinkRunner notifier(final String name, final Transport transport, final Settings settings, final String host,
                                final List<DeliveryEngine> engines, final HandlerErrors errors, final PrintStream log) {
        final DeliveryEngine engine = new DeliveryEngine(name, transport, plan.policy(), clock, Sleeper.SYSTEM,
                () -> ThreadLocalRandom.current().nextDouble(), log);
        engines.add(engine);
        final SinkRunner runner = new SinkRunner(name, new NotificationSink(engine, plan.policy().repeatSeconds(), settings.top, host,
                settings.sources), false, errors);
        notifierRunners.add(runner);
        return runner;
    }

    /**
     * Closes the sinks in order: JSON lines, the dashboard and the API (their final snapshot) each
     * within {@code firstTimeoutMs}, the notification sinks each of which may use its grace period
     * (plus one attempt's timeout) to deliver what is pending.
     */
    void closeAll(final List<SinkRunner> runners, final long firstTimeoutMs) {
        final long notifyMs = plan.policy().graceMs() + plan.policy().timeoutMs() + 5_000;
        for (final SinkRunner r : runners) {
            r.close(notifierRunners.contains(r) ? notifyMs : firstTimeoutMs);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            final String h = System.getenv("HOSTNAME");
            return h == null || h.isBlank() ? "unknown" : h;
        }
    }
}
