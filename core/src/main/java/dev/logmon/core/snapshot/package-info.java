/**
 * The immutable model every sink sees: {@link dev.logmon.core.snapshot.Snapshot} with its windows,
 * line counts, source statuses and alert state, and the {@link dev.logmon.core.snapshot.AlertEvent}s.
 *
 * <pre>
 *   combine ──► Snapshot { LineCounts, WindowView x3 (SectionCount, HostCount, StatusCounts,
 *                          LatencySummary, SecondSeries), AlertStatus, RuleState[], SourceStatus[],
 *                          DeliveryStats[] }
 *           ──► SnapshotListener (terminal, JSON lines, webhook, email, HTTP API)
 * </pre>
 *
 * <p>Plain records and enums; nothing here starts a thread or touches a file. Sources report
 * their {@link dev.logmon.core.snapshot.SourceStatus} in these terms too.
 */
package dev.logmon.core.snapshot;
