/**
 * Stage 1 of a line's path: formats and parsing, in place and without allocation.
 *
 * <pre>
 *   bytes of one line ──► LineParser (AccessLogParser | CompiledFormatParser | JsonLineParser
 *                         | W3cLineParser | SyslogLineParser, or DetectingLineParser trying them)
 *                              │  fields as (offset, length) views; host and section hashed (ByteHash)
 *                              ▼
 *                         LogEvent  (a preallocated ring slot: parsed, or malformed with a MalformedReason)
 * </pre>
 *
 * <p>{@link dev.logmon.core.format.LineFormat} is what {@code --log-format} chose: a preset
 * ({@link dev.logmon.core.format.LogFormat}), a compiled format string or a JSON key map. Nothing
 * here knows about files, threads or time windows; sources call a parser, analyzers read the
 * event it filled.
 */
package dev.logmon.core.format;
