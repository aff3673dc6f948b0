/**
 * The HTTP API of {@code serve}, on Jetty: {@code /snapshot}, {@code /events} (server-sent events),
 * {@code /health} and {@code /metrics}.
 *
 * <pre>
 *   Snapshot ──► HttpApiSink (latest wins) ──► HttpApiServer ──► /snapshot, /metrics (ApiMetrics)
 *                                                           └──► /events: EventClient per connection
 *   guarded by ApiToken (bearer), ApiLimits and ConnectionGuard; counted in ApiCounters
 * </pre>
 */
package dev.logmon.sinks.http;
