package dev.logmon.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where the Kafka cluster is and how to talk to it: the bootstrap servers and every client
 * property the user passed through (security settings: SASL, TLS). Both the frame producer and the
 * consumers start from {@link #clientProperties()}.
 *
 * <p>Secrets never reach a message: {@link #toString()} and {@link #describe()} show a secret
 * property's name with its value masked. A property is secret when its name says so
 * ({@code password}, {@code secret}, {@code jaas}, {@code token}, {@code credential}, {@code key}
 * as in {@code ssl.key.password}).
 */
public final class KafkaConnection {
    private static final String[] SECRET_WORDS = {"password", "secret", "jaas", "token", "credential", "key"};

    private final String bootstrapServers;
    private final Map<String, String> properties;

    /**
     * @param bootstrapServers host:port[,host:port...]
     * @param properties client properties passed through as given (later ones already won)
     */
    public KafkaConnection(final String bootstrapServers, final Map<String, String> properties) {
        this.bootstrapServers = bootstrapServers;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** host:port[,host:port...] */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The passed-through properties, as given. */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * The client configuration: the passed-through properties, then {@code bootstrap.servers}.
     * Callers add their own settings (serializers, idempotence) over it.
     */
    public Map<String, Object> clientProperties() {
        final Map<String, Object> m = new LinkedHashMap<>(properties);
        m.put("bootstrap.servers", bootstrapServers);
        return m;
    }

    /** True when a property of this name holds a secret and must be masked in any message. */
    public static boolean isSecret(final String propertyName) {
        final String n = propertyName.toLowerCase(Locale.ROOT);
        for (final String word : SECRET_WORDS) {
            if (n.contains(word)) {
                // key.serializer and friends name a class, not a secret
                if (word.equals("key") && (n.startsWith("key.") || n.contains("serializer") || n.contains("deserializer"))) {
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    /** One line for logs and errors: the servers and each property, secrets masked. */
    public String describe() {
        final StringJoiner j = new StringJoiner(", ", bootstrapServers + " {", "}");
        properties.forEach((k, v) -> j.add(k + "=" + (isSecret(k) ? "****" : v)));
        return j.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
