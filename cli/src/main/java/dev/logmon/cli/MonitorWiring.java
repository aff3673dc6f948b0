package dev.logmon.cli;

import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.time.Clock;
import dev.logmon.core.snapshot.DeliveryStats;
import dev.logmon.core.engine.HandlerErrors;
import dev.logmon.core.engine.Pipeline;
import dev.logmon.core.engine.Settings;
import dev.logmon.core.engine.SinkFanout;
import dev.logmon.core.engine.SinkRunner;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.sinks.notify.DeliveryEngine;
import dev.logmon.sinks.notify.MailTransport;
import dev.logmon.sinks.notify.NotificationSink;
import dev.logmon.sinks.notify.Sleeper;
import dev.logmon.sinks.notify.Transport;
import dev.logmon.sinks.notify.WebhookTransport;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Builds what runs from validated {@link MonitorOptions}: the notification sinks, the pipeline
 * feeding every sink runner, and the ordered close at exit. Shared by the monitor and {@code serve}.
 */
final class MonitorWiring {
    private final Set<String> sinkNames;
    private final NotifyOptions.Plan plan;
    private final Clock clock;
    private final InputStream in;
    private final List<NotificationSink> notifiers = new ArrayList<>();

    /** @param options options after a {@link MonitorOptions#settings} that found no problem */
    MonitorWiring(final MonitorOptions options, final Clock clock, final InputStream in) {
        this.sinkNames = options.sinkNames;
        this.plan = options.plan;
        this.clock = clock;
        this.in = in;
    }

    Pipeline pipeline(final Settings settings, final List<SinkRunner> runners, final PrintStream notices,
                      final HandlerErrors errors) {
        final List<SnapshotPublisher> targets = new ArrayList<>(runners);
        for (final NotificationSink n : notifiers) {
            targets.add(new GuardedPublisher(n, "sink logmon-notify-" + n.engine().name(), errors));
        }
        final SnapshotPublisher publisher = targets.size() == 1 ? targets.get(0) : new SinkFanout(targets);
        final Pipeline pipeline = new Pipeline(settings, publisher, clock, notices, errors, in);
        if (!notifiers.isEmpty()) {
            pipeline.setDeliveryStats(() -> {
                final List<DeliveryStats> stats = new ArrayList<>(notifiers.size());
                for (final NotificationSink n : notifiers) {
                    stats.add(n.stats());
                }
                return stats;
            });
        }
        return pipeline;
    }

    /**
     * The webhook and email sinks asked for, each with its own delivery thread. They are not
     * behind a {@link SinkRunner}: the combiner hands them each alert directly (queuing never
     * blocks), so a snapshot's delivery counters include every alert raised before it.
     */
    void addNotifiers(final Settings settings, final PrintStream log) {
        if (!sinkNames.contains("webhook") && !sinkNames.contains("email")) {
            return;
        }
        final String host = hostName();
        if (sinkNames.contains("webhook")) {
            notifier("webhook", new WebhookTransport(plan.webhookUrl(), plan.policy().timeoutMs(), clock),
                    settings, host, log);
        }
        if (sinkNames.contains("email")) {
            notifier("email", new MailTransport(plan.mail(), clock), settings, host, log);
        }
    }

    private void notifier(final String name, final Transport transport, final Settings settings, final String host,
                          final PrintStream log) {
        final DeliveryEngine engine = new DeliveryEngine(name, transport, plan.policy(), clock, Sleeper.SYSTEM,
                () -> ThreadLocalRandom.current().nextDouble(), log);
        notifiers.add(new NotificationSink(engine, plan.policy().repeatSeconds(), plan.holdSeconds(), settings.top,
                host, settings.sources));
    }

    /**
     * Closes the sinks in order: JSON lines, the dashboard and the API (their final snapshot) each
     * within {@code firstTimeoutMs}; then the notification sinks send a resolve still held and
     * share one {@code --webhook-grace} to deliver what is pending (they deliver in parallel, each
     * on its thread), each stopping at most {@code DeliveryEngine.JOIN_MS} after it.
     */
    void closeAll(final List<SinkRunner> runners, final long firstTimeoutMs) {
        for (final SinkRunner r : runners) {
            r.close(firstTimeoutMs);
        }
        for (final NotificationSink n : notifiers) {
            n.flush();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(plan.policy().graceMs());
        for (final NotificationSink n : notifiers) {
            n.engine().close(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /** Hands the combiner's events to a notification sink; an exception is counted, never the combiner's. */
    private record GuardedPublisher(NotificationSink sink, String where, HandlerErrors errors)
            implements SnapshotPublisher {
        @Override
        public void publishSnapshot(final Snapshot snapshot) {
            try {
                sink.publishSnapshot(snapshot);
            } catch (RuntimeException e) {
                errors.record(where, e);
            }
        }

        @Override
        public void publishAlert(final AlertEvent alert) {
            try {
                sink.publishAlert(alert);
            } catch (RuntimeException e) {
                errors.record(where, e);
            }
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
