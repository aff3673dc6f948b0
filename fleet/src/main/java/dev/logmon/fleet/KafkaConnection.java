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
    /** Causes shown at most by {@link #explain}. */
    private static final int MAX_CAUSES = 6;
    /** A quoted value inside a property value ({@code password="..."} in a JAAS configuration). */
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"([^\"]*)\"");

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

    /**
     * A client's failure in one line, with its causes ({@code Failed to construct kafka consumer}
     * says nothing; its cause says which setting is wrong), every secret property's value masked
     * wherever it appears (a JAAS configuration's quoted values one by one too).
     */
    public String explain(final Throwable failure) {
        final StringBuilder sb = new StringBuilder();
        final java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES && seen.add(t); depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append("; caused by ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
        }
        return mask(sb.toString()).replaceAll("\\s+", " ").trim();
    }

    /** {@code text} with every secret property value (and each quoted value inside one) replaced by ****. */
    String mask(final String text) {
        final java.util.List<String> secrets = new java.util.ArrayList<>();
        properties.forEach((k, v) -> {
            if (isSecret(k) && v != null && !v.isEmpty()) {
                secrets.add(v);
                final java.util.regex.Matcher quoted = QUOTED.matcher(v);
                while (quoted.find()) {
                    if (!quoted.group(1).isEmpty()) {
                        secrets.add(quoted.group(1));
                    }
                }
            }
        });
        secrets.sort((x, y) -> Integer.compare(y.length(), x.length())); // the whole value before its parts
        String out = text;
        for (final String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return out;
    }

    @Override
    public String toString() {
        return describe();
    }
}
