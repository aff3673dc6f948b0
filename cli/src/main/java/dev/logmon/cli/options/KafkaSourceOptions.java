package dev.logmon.cli.options;

import dev.logmon.fleet.lines.KafkaLineSources;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code -s kafka:TOPIC} sources read: the consumer group their instances share, and the
 * field of a JSON envelope that holds the line (README "Lines from Kafka").
 */
public final class KafkaSourceOptions {

    @Option(names = "--kafka-group", paramLabel = "GROUP", defaultValue = KafkaLineSources.DEFAULT_GROUP,
            description = "Consumer group of the kafka: sources; instances with the same group share the topic's "
                    + "partitions (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--kafka-value-field", paramLabel = "FIELD",
            description = "The record value is a JSON envelope and the line is this string field (message for Vector "
                    + "and Filebeat; a dotted path such as log.original reaches nested objects). Default: the value is the line.")
    String valueField;

    /**
     * Adds the Kafka source provider to {@code providers} when a source is {@code kafka:TOPIC}
     * (resolving the connection, one message per problem); a lone Kafka-source option without
     * such a source is a problem too.
     */
    void conclude(final List<String> sources, final KafkaOptions kafka, final List<dev.logmon.core.source.SourceProvider> providers,
                  final List<String> problems) {
        if (sources.stream().noneMatch(KafkaLineSources::isKafka)) {
            if (valueField != null || !KafkaLineSources.DEFAULT_GROUP.equals(group)) {
                problems.add("--kafka-group and --kafka-value-field apply to -s kafka:TOPIC sources only");
            }
            return;
        }
        providers.add(new KafkaLineSources(kafka.resolve("-s kafka:TOPIC", problems), group, valueField));
    }
}
