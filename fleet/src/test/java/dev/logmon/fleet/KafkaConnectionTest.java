package dev.logmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    @Test
    void shouldNeverShowASecretValue() {
        final Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";");
        p.put("ssl.key.password", "k3y");
        p.put("ssl.truststore.password", "tru5t");
        final KafkaConnection c = new KafkaConnection("b1:9092,b2:9092", p);

        assertThat(c.describe()).contains("security.protocol=SASL_SSL", "sasl.jaas.config=****", "b1:9092,b2:9092")
                .doesNotContain("hunter2", "k3y", "tru5t");
        assertThat(c.toString()).isEqualTo(c.describe());
        assertThat(c.clientProperties()).containsEntry("bootstrap.servers", "b1:9092,b2:9092")
                .containsEntry("ssl.key.password", "k3y");
    }

    @Test
    void shouldTellSecretNamesFromClassNames() {
        assertThat(KafkaConnection.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaConnection.isSecret("ssl.keystore.password")).isTrue();
        assertThat(KafkaConnection.isSecret("sasl.oauthbearer.token.endpoint.url")).isTrue();
        assertThat(KafkaConnection.isSecret("key.serializer")).isFalse();
        assertThat(KafkaConnection.isSecret("acks")).isFalse();
        assertThat(KafkaConnection.isSecret("security.protocol")).isFalse();
    }
}
