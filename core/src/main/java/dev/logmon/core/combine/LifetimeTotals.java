package dev.logmon.core.combine;

import dev.logmon.core.analyze.Frame;

/**
 * The combiner's lifetime as a checkpoint saves it and a restart seeds it: the running sum of
 * every frame merged, lines counted late and in the far future, and the active seconds.
 *
 * @param lifetime the lifetime frame (the combiner's own while a hook is called: read it, never keep it)
 * @param late     hits of lines counted after their window had passed
 * @param future   hits of lines stamped too far ahead
 * @param seconds  active seconds, those of earlier runs included
 */
public record LifetimeTotals(Frame lifetime, long late, long future, long seconds) {
}
