package dev.logmon.cli.options;

import dev.logmon.core.text.TextSafety;
import dev.logmon.fleet.KafkaConnection;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach Kafka, shared by {@code --sink kafka}, {@code aggregate} and {@code -s kafka:TOPIC}:
 * the bootstrap servers, then client properties from a properties file and from repeated
 * {@code --kafka-property KEY=VALUE} (these win over the file). Messages name a property, never a
 * secret value ({@link KafkaConnection#isSecret}).
 */
public final class KafkaOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (for the kafka sink, aggregate and kafka: sources).")
    String bootstrap;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property passed through (repeatable), e.g. security.protocol=SASL_SSL; "
                    + "wins over --kafka-properties. Secret values are never printed.")
    List<String> properties = new ArrayList<>();

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "A Java properties file of Kafka client properties (security settings), read at start.")
    String propertiesFile;

    @Option(names = "--kafka-topic", paramLabel = "TOPIC",
            description = "The frames topic: where --sink kafka publishes each second's frame and aggregate reads them.")
    public String topic;

    /** The options the last {@link #resolve} read, and what it gave (null: not resolved yet, or problems). */
    private List<Object> resolvedFrom;
    private KafkaConnection resolved;
    /** The list the last {@link #resolve} added its problems to, and those problems. */
    private List<String> resolvedInto;
    private List<String> resolvedProblems = List.of();

    /** True when any Kafka option was given. */
    public boolean given() {
        return bootstrap != null || !properties.isEmpty() || propertiesFile != null || topic != null;
    }

    /**
     * The frames topic, or null with a message added to {@code problems}.
     *
     * @param why what needs it (e.g. "--sink kafka")
     */
    public String frameTopic(final String why, final List<String> problems) {
        if (topic == null || topic.isBlank()) {
            problems.add(why + " needs --kafka-topic TOPIC");
            return null;
        }
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            problems.add("--kafka-topic " + TextSafety.oneLine(topic) + ": a Kafka topic name is 1 to 249 of "
                    + "letters, digits, '.', '_' and '-'");
            return null;
        }
        return topic;
    }

    /**
     * The connection, or null with one message per problem added to {@code problems} (each
     * naming the option; a secret value never appears).
     *
     * @param why what needs Kafka, for the message when the servers are missing (e.g. "--sink kafka")
     */
    public KafkaConnection resolve(final String why, final List<String> problems) {
        // --sink kafka and -s kafka:TOPIC in one run share these options: each problem is said once
        // (and the properties file read once), by the first use
        final List<Object> given = List.of(String.valueOf(bootstrap), List.copyOf(properties), String.valueOf(propertiesFile));
        if (given.equals(resolvedFrom)) {
            if (problems != resolvedInto) {
                problems.addAll(resolvedProblems); // another validation pass: it hears them too
            }
            return resolved;
        }
        final int before = problems.size();
        resolved = connection(why, problems);
        resolvedFrom = given;
        resolvedInto = problems;
        resolvedProblems = List.copyOf(problems.subList(before, problems.size()));
        return resolved;
    }

    private KafkaConnection connection(final String why, final List<String> problems) {
        final int before = problems.size();
        if (bootstrap == null || bootstrap.isBlank()) {
            problems.add(why + " needs --kafka-bootstrap HOST:PORT");
        } else {
            for (final String server : bootstrap.split(",", -1)) {
                final int colon = server.lastIndexOf(':');
                if (colon <= 0 || colon == server.length() - 1 || !server.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    problems.add("--kafka-bootstrap " + TextSafety.oneLine(bootstrap) + ": '" + TextSafety.oneLine(server)
                            + "' is not HOST:PORT");
                }
            }
        }
        final Map<String, String> merged = new LinkedHashMap<>();
        if (propertiesFile != null) {
            final Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(propertiesFile), StandardCharsets.UTF_8)) {
                p.load(r);
                p.stringPropertyNames().stream().sorted().forEach(k -> merged.put(k, p.getProperty(k)));
            } catch (IOException | RuntimeException e) {
                problems.add("--kafka-properties " + TextSafety.oneLine(propertiesFile) + ": cannot read it ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        for (final String kv : properties) {
            final int eq = kv.indexOf('=');
            if (eq <= 0) {
                // the value may be a secret: name only what comes before any '='
                final String shown = eq < 0 && !KafkaConnection.isSecret(kv) ? TextSafety.oneLine(kv) : "(value hidden)";
                problems.add("--kafka-property " + shown + ": expected KEY=VALUE");
                continue;
            }
            merged.put(kv.substring(0, eq).strip(), kv.substring(eq + 1));
        }
        if (merged.containsKey("bootstrap.servers")) {
            problems.add("--kafka-property bootstrap.servers: give the servers with --kafka-bootstrap");
        }
        return problems.size() == before ? new KafkaConnection(bootstrap.strip(), merged) : null;
    }
}
