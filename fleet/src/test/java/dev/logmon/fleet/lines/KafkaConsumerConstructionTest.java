package dev.logmon.fleet.lines;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.RingBuffer;
import dev.logmon.core.format.AccessLogParser;
import dev.logmon.core.format.LogEvent;
import dev.logmon.core.format.LogFormat;
import dev.logmon.core.snapshot.SourceState;
import dev.logmon.core.source.LinePublisher;
import dev.logmon.core.time.TimeMode;
import dev.logmon.fleet.KafkaConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A consumer that cannot be constructed says why (its cause: Kafka's own message is only "Failed
 * to construct kafka consumer"), with every secret property value masked (no broker needed).
 */
class KafkaConsumerConstructionTest {
    private static final String PASSWORD = "hunter2-not-for-logs";

    private static String runSource(final KafkaConnection connection) throws InterruptedException {
        final RingBuffer<LogEvent> ring = RingBuffer.createMultiProducer(LogEvent::new, 64);
        final LinePublisher publisher = new LinePublisher(0, ring, new AccessLogParser(LogFormat.COMBINED),
                TimeMode.ARRIVAL, null, System::currentTimeMillis);
        final ByteArrayOutputStream said = new ByteArrayOutputStream();
        final PrintStream notices = new PrintStream(said, true, StandardCharsets.UTF_8);
        final KafkaLineSource source = new KafkaLineSource(0, "kafka:web", "web", "g", null, connection, publisher,
                1000, false, null, notices);
        final Thread t = new Thread(source, "test-kafka-source");
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).as("the source ends when its consumer cannot be made").isFalse();
        assertThat(source.status().state()).isEqualTo(SourceState.DONE);
        return said.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldSayWhyTheConsumerCannotBeMadeWithoutItsSecrets() throws Exception {
        // SSL with a key store that is not there: the constructor fails on it, after reading the password
        final String said = runSource(new KafkaConnection("127.0.0.1:9", Map.of("security.protocol", "SSL",
                "ssl.keystore.location", "/nonexistent/logmon-test.jks", "ssl.keystore.password", PASSWORD)));
        assertThat(said).contains("cannot create the Kafka consumer")
                .contains("Failed to construct kafka consumer")
                .as("the cause is said: %s", said).contains("caused by").contains("Failed to load SSL keystore")
                .contains("NoSuchFileException")
                .doesNotContain(PASSWORD)
                // ssl.keystore.location counts as secret too (its name holds "key"): masked like the password
                .doesNotContain("/nonexistent/logmon-test.jks");
        assertThat(said.lines().count()).as("one line: %s", said).isEqualTo(1);
    }

    @Test
    void shouldMaskSecretValuesAndTheQuotedValuesOfAJaasConfigurationInTheCauses() {
        final String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"ops\" password=\""
                + PASSWORD + "\";";
        final KafkaConnection connection = new KafkaConnection("kafka:9093", Map.of("sasl.jaas.config", jaas,
                "ssl.truststore.password", "trust-me-42", "client.id", "web-1"));
        final Exception chain = new KafkaException("Failed to construct kafka consumer",
                new IllegalArgumentException("bad value " + jaas + "\nnear password " + PASSWORD,
                        new IllegalStateException("truststore trust-me-42 rejected for web-1")));
        final String explained = connection.explain(chain);
        assertThat(explained).isEqualTo("KafkaException: Failed to construct kafka consumer; caused by "
                + "IllegalArgumentException: bad value **** near password ****; caused by IllegalStateException: "
                + "truststore **** rejected for web-1");
        assertThat(connection.explain(new KafkaException("no cause"))).isEqualTo("KafkaException: no cause");
    }
}
