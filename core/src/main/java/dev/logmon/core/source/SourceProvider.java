package dev.logmon.core.source;

import dev.logmon.core.time.LogWatermark;
import java.io.PrintStream;

/**
 * Sources that are not files, named by a scheme ({@code kafka:TOPIC}) and built by a module that
 * core does not know (the fleet's Kafka source). The settings check their names with
 * {@link #problem} instead of as paths; the pipeline builds them with {@link #create} and, when a
 * source is also a {@code CombinerHook}, registers it on the combiner so
 * it learns which of its lines are counted (a Kafka source commits offsets only past those).
 */
public interface SourceProvider {

    /** True when {@code name} (an {@code -s} argument) is one of this provider's sources. */
    boolean reads(String name);

    /**
     * What is wrong with the named source, or null; checked once with the other settings.
     *
     * @param once true with {@code --once}
     */
    String problem(String name, boolean once);

    /**
     * Builds the source; it publishes its lines through {@code lines} on its own thread.
     *
     * @param id           source index (the lines' {@code sourceId})
     * @param name         the {@code -s} argument
     * @param lines        this source's way onto the ring
     * @param maxLineBytes longest line parsed; longer ones are counted {@code tooLong}
     * @param once         true with {@code --once}: the source ends by itself
     * @param watermark    log-time progress (null in arrival time)
     * @param notices      where one-line notices go
     */
    Source create(int id, String name, LinePublisher lines, int maxLineBytes, boolean once, LogWatermark watermark,
                  PrintStream notices);
}
