/**
 * {@code --state-dir} history: one record per minute, kept in one append-only file per UTC day.
 *
 * <pre>
 *   combiner ──► MinuteAccumulator (a CombinerHook) ──► MinuteSink ──► HistoryWriter (own thread)
 *            ──► MinuteRecordCodec (a FrameCodec frame per minute) ──► HistoryStore day files
 *   history / HTTP API ──► HistoryReader ──► HistoryQuery ──► Snapshot per bucket
 * </pre>
 */
package dev.logmon.core.history;
