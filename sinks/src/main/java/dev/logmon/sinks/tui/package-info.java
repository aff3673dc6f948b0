/**
 * The terminal dashboard on Lanterna.
 *
 * <pre>
 *   Snapshot ──► TuiSink ──► DashboardState ──► DashboardRenderer ──► Layout of Panels
 *                                                   (TrafficChart, sections, hosts, statuses, alerts,
 *                                                    InstancesContent: an aggregate's instances)
 *                                                ──► Rendered Lines of Segments ──► screen
 * </pre>
 */
package dev.logmon.sinks.tui;
