/**
 * {@code --state-dir} history: one record per minute, kept in one append-only file per UTC day.
 *
 * <pre>
 *   combiner ──► MinuteAccumulator ──► MinuteSink ──► HistoryWriter (own thread) ──► HistoryStore day files
 *   history / HTTP API ──► HistoryReader ──► HistoryQuery ──► Snapshot per bucket
 * </pre>
 */
package dev.logmon.core.history;
