package dev.logmon.fleet.lines;

import dev.logmon.core.combine.CombinerHook;
import dev.logmon.core.combine.LifetimeTotals;
import dev.logmon.core.source.LinePublisher;
import dev.logmon.core.state.CheckpointGate;
import dev.logmon.core.source.Source;
import dev.logmon.core.source.SourceProvider;
import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.LogWatermark;
import dev.logmon.fleet.KafkaConnection;
import java.io.PrintStream;

/**
 * Builds the {@code -s kafka:TOPIC} sources ({@link KafkaLineSource}) of a run: all of them in
 * one consumer group, all with the same value field.
 */
public final class KafkaLineSources implements SourceProvider {
    /** What a Kafka source's name starts with. */
    public static final String SCHEME = "kafka:";
    /** The consumer group when none is given. */
    public static final String DEFAULT_GROUP = "logmon";
    private static final int MAX_TOPIC = 249;

    private final KafkaConnection connection;
    private final String group;
    private final String valueField;
    /** The sources made (a run makes them before its sinks; the kafka sink's gate reaches them here). */
    private final java.util.List<KafkaLineSource> made = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param connection bootstrap servers and client properties (null when they could not be
     *                   resolved: that problem is reported where they are)
     * @param group      the consumer group
     * @param valueField the JSON envelope's field holding the line, or null when the value is the line
     */
    public KafkaLineSources(final KafkaConnection connection, final String group, final String valueField) {
        this.connection = connection;
        this.group = group;
        this.valueField = valueField;
    }

    /** True when {@code name} is a Kafka source ({@code kafka:TOPIC}). */
    public static boolean isKafka(final String name) {
        return name.startsWith(SCHEME);
    }

    @Override
    public boolean reads(final String name) {
        return isKafka(name);
    }

    @Override
    public String problem(final String name, final boolean once) {
        final String topic = name.substring(SCHEME.length());
        if (topic.isEmpty() || topic.length() > MAX_TOPIC || topic.equals(".") || topic.equals("..")
                || !topic.chars().allMatch(c -> c == '.' || c == '_' || c == '-' || c < 128 && Character.isLetterOrDigit(c))) {
            return "-s " + TextSafety.oneLine(name) + ": a Kafka topic name is 1 to 249 of a-z A-Z 0-9 . _ -";
        }
        if (group == null || group.isBlank()) {
            return "--kafka-group must not be empty";
        }
        if (valueField != null && (valueField.isEmpty() || valueField.startsWith(".") || valueField.endsWith(".")
                || valueField.contains(".."))) {
            return "--kafka-value-field must be a field name or a dotted path such as log.original: "
                    + TextSafety.oneLine(valueField);
        }
        return null;
    }

    @Override
    public Source create(final int id, final String name, final LinePublisher lines, final int maxLineBytes,
                         final boolean once, final LogWatermark watermark, final PrintStream notices) {
        final KafkaLineSource s = new KafkaLineSource(id, name, name.substring(SCHEME.length()), group, valueField,
                connection, lines, maxLineBytes, once, watermark, notices);
        made.add(s);
        return s;
    }

    /**
     * With {@code --sink kafka}: the sources made so far commit an offset only once the frames that
     * counted its lines are acknowledged ({@link dev.logmon.fleet.FrameSender#deliveryGate()}).
     * Call after the sources are made and before the run starts; register the hook returned on the
     * combiner <b>after</b> the frame publisher's, so that each tick's mark covers its frames.
     *
     * @return the combiner hook that hands each tick's counted offsets and mark to the sources
     */
    public CombinerHook gateCommits(final CheckpointGate gate) {
        final java.util.List<KafkaLineSource> sources = java.util.List.copyOf(made);
        sources.forEach(s -> s.gateCommits(gate));
        return new CombinerHook() {
            @Override
            public void onTickMerged(final long tick, final boolean last, final LifetimeTotals totals) {
                final long mark = gate.mark();
                for (final KafkaLineSource s : sources) {
                    s.framesOffered(mark, last);
                }
            }
        };
    }

    /** True once a source has been made (a run with a {@code -s kafka:} source). */
    public boolean madeAny() {
        return !made.isEmpty();
    }
}
