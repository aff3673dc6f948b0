package dev.logmon.cli.options;

import dev.logmon.core.text.TextSafety;
import dev.logmon.fleet.FrameSender;
import dev.logmon.fleet.KafkaConnection;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code --sink kafka}: this instance's name among the fleet and how many frames wait for the
 * broker. The connection and topic come from {@link KafkaOptions}.
 */
public final class KafkaSinkOptions {

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "This instance's name in the aggregate (--sink kafka; default: the host name).")
    String instanceId;

    @Option(names = "--kafka-buffer", paramLabel = "FRAMES", defaultValue = "" + FrameSender.DEFAULT_CAPACITY,
            description = "Frames kept while the broker is away (about one a second: ${DEFAULT-VALUE} is ten minutes); "
                    + "beyond it new frames are dropped and counted (default: ${DEFAULT-VALUE}).")
    int buffer;

    /** What the kafka sink was resolved to. */
    public record Plan(KafkaConnection connection, String topic, String instance, int buffer) {
    }

    /** The plan, or null with one message per problem. */
    public Plan conclude(final KafkaOptions kafka, final List<String> problems) {
        final int before = problems.size();
        final KafkaConnection connection = kafka.resolve("--sink kafka", problems);
        final String topic = kafka.frameTopic("--sink kafka", problems);
        final String id = instanceId == null ? hostName() : instanceId;
        if (id.isBlank() || id.length() > 200 || !TextSafety.oneLine(id).equals(id)) {
            problems.add("--instance-id must be 1 to 200 printable characters: " + TextSafety.oneLine(id));
        }
        if (buffer < 1 || buffer > 1_000_000) {
            problems.add("--kafka-buffer must be 1 to 1000000 frames: " + buffer);
        }
        return problems.size() == before ? new Plan(connection, topic, id, buffer) : null;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            final String h = System.getenv("HOSTNAME");
            return h == null || h.isBlank() ? "unknown" : h;
        }
    }
}
