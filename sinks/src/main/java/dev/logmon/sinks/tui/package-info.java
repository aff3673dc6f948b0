/**
 * The terminal dashboard on Lanterna.
 *
 * <pre>
 *   Snapshot ──► TuiSink ──► DashboardState ──► DashboardRenderer ──► Layout of Panels
 *                                                   (TrafficChart, sections, hosts, statuses, alerts)
 *                                                ──► Rendered Lines of Segments ──► screen
 * </pre>
 */
package dev.logmon.sinks.tui;
