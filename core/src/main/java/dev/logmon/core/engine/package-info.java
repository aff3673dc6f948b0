/**
 * The engine: {@link dev.logmon.core.engine.Settings} validated in one place, and the
 * {@link dev.logmon.core.engine.Pipeline} that wires every stage from them and stops them in order.
 *
 * <pre>
 *   source ──► ring ──► analyze ──► combine ──► SinkFanout ──► SinkRunner per listener (own thread,
 *     ▲                                 │                      latest snapshot wins, alerts queued)
 *   time (TICKs)               state, history hooks
 * </pre>
 *
 * <p>The only package that depends on all the others; nothing depends on it but the cli.
 */
package dev.logmon.core.engine;
