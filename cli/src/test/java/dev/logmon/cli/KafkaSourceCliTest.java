package dev.logmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The options of {@code -s kafka:TOPIC}: bad usage is exit code 2 with one clear message each. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a check that let a run start would follow the topic forever
class KafkaSourceCliTest {

    @Test
    void shouldAskForTheBootstrapServers() {
        final CliRun r = CliRun.run("-s", "kafka:web", "--once");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("-s kafka:TOPIC needs --kafka-bootstrap HOST:PORT");
    }

    @Test
    void shouldRefuseABadTopicName() {
        final CliRun r = CliRun.run("-s", "kafka:we b", "--kafka-bootstrap", "localhost:9092", "--once");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("-s kafka:we b: a Kafka topic name is 1 to 249 of a-z A-Z 0-9 . _ -");
        assertThat(CliRun.run("-s", "kafka:", "--kafka-bootstrap", "localhost:9092").err).contains("a Kafka topic name");
    }

    @Test
    void shouldRefuseKafkaSourceOptionsWithoutAKafkaSource() {
        final CliRun r = CliRun.run("-s", "access.log", "--kafka-value-field", "message", "--once");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--kafka-group and --kafka-value-field apply to -s kafka:TOPIC sources only");
    }

    @Test
    void shouldRefuseABadValueFieldPathAndNeverPrintASecret() {
        final CliRun r = CliRun.run("-s", "kafka:web", "--kafka-bootstrap", "localhost:9092", "--kafka-value-field", "log.",
                "--kafka-property", "sasl.jaas.config=hunter2-secret", "--kafka-property", "broken");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--kafka-value-field must be a field name or a dotted path");
        assertThat(r.err).contains("--kafka-property broken: expected KEY=VALUE");
        assertThat(r.err + r.out).doesNotContain("hunter2");
    }
}
