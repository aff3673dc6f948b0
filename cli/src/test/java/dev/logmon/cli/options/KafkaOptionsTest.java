package dev.logmon.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.fleet.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaOptionsTest {

    private static KafkaOptions parse(final String... args) {
        final KafkaOptions o = new KafkaOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void shouldMergeTheFileThenTheOptions(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=secret-in-file\n");
        final List<String> problems = new ArrayList<>();
        final KafkaConnection c = parse("--kafka-bootstrap", "b1:9092,b2:9093", "--kafka-properties", file.toString(),
                "--kafka-property", "sasl.mechanism=SCRAM-SHA-512", "--kafka-property", "acks=all").resolve("--sink kafka", problems);

        assertThat(problems).isEmpty();
        assertThat(c.properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("acks", "all");
        assertThat(c.describe()).doesNotContain("secret-in-file");
    }

    @Test
    void shouldGiveOneMessagePerProblemWithoutSecrets() {
        final List<String> problems = new ArrayList<>();
        final KafkaConnection c = parse("--kafka-bootstrap", "b1:9092,nohost", "--kafka-property", "ssl.key.password",
                "--kafka-property", "=x", "--kafka-properties", "/nonexistent/k.properties").resolve("--sink kafka", problems);

        assertThat(c).isNull();
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).contains("'nohost' is not HOST:PORT");
        assertThat(String.join("\n", problems)).doesNotContain("ssl.key.password").contains("expected KEY=VALUE")
                .contains("/nonexistent/k.properties");
    }

    @Test
    void shouldSayEachProblemOnceWhenTheSinkAndASourceBothUseTheOptions() {
        final KafkaOptions o = parse("--kafka-bootstrap", "nohost", "--kafka-property", "acks");
        final List<String> problems = new ArrayList<>();
        assertThat(o.resolve("--sink kafka", problems)).isNull();
        assertThat(o.resolve("-s kafka:TOPIC", problems)).isNull();
        assertThat(problems).hasSize(2);
        final List<String> again = new ArrayList<>();
        assertThat(o.resolve("--sink kafka", again)).as("a second validation pass").isNull();
        assertThat(again).isEqualTo(problems);

        final KafkaOptions good = parse("--kafka-bootstrap", "b1:9092");
        final List<String> none = new ArrayList<>();
        assertThat(good.resolve("--sink kafka", none)).isSameAs(good.resolve("-s kafka:TOPIC", none));
        assertThat(none).isEmpty();
    }

    @Test
    void shouldAskForTheServersWhenMissing() {
        final List<String> problems = new ArrayList<>();
        assertThat(parse().resolve("aggregate", problems)).isNull();
        assertThat(problems).containsExactly("aggregate needs --kafka-bootstrap HOST:PORT");
        assertThat(parse().given()).isFalse();
    }
}
