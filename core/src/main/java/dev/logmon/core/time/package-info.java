/**
 * Time: the injectable clock and the two ways a second closes.
 *
 * <pre>
 *   arrival mode:  ArrivalClock ──► ArrivalTicker ──┐
 *   log mode:      sources' line times ──► LogWatermark ──┴──► TickPublisher ──► TICK(s) on the ring
 * </pre>
 *
 * <p>Every clock reads through {@link dev.logmon.core.time.Clock}, so tests script time instead of
 * sleeping. {@link dev.logmon.core.time.TimeBound} reads {@code --since}/{@code --until}.
 */
package dev.logmon.core.time;
