package dev.logmon.cli;

import dev.logmon.fleet.KafkaTestCluster;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The aggregate's terminal dashboard in a real terminal: a one-node Kafka cluster in the test JVM,
 * three instances of the real jar publish the frames of their generated logs, then the real jar's
 * {@code aggregate --sink tui} (with {@code --listen}, to read the same numbers from
 * {@code /snapshot}) runs in tmux on a private socket, most of its settings and a named rule from
 * {@code --config FILE}. The screen shows the merged totals, the rule and the instances panel;
 * {@code q} exits with code 0.
 */
@Timeout(300)
class AggregateTmuxIT {
    private static final List<String> IDS = List.of("web-a", "web-b", "web-c");
    private static final long[] LINES = {2_000, 3_000, 4_000};

    @TempDir
    Path dir;

    private final TmuxSession tmux = new TmuxSession("logmon-agg-it");

    @AfterEach
    void killServer() throws Exception {
        tmux.run("kill-server");
    }

    @Test
    void shouldShowTheMergedTotalsAndTheInstancesInTmuxAndQuitCleanlyOnQ() throws Exception {
        assumeTrue(TmuxSession.present(), "tmux is not installed: skipping the terminal end-to-end test");
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir.resolve("kafka"))) {
            cluster.kit().admin().createTopics(Set.of(new NewTopic("frames", 2, (short) 1))).all().get();
            FleetPublish.instances(dir, cluster.bootstrapServers(), "frames", IDS, LINES);
            final long total = LINES[0] + LINES[1] + LINES[2];

            final Path rc = dir.resolve("rc");
            final Path err = dir.resolve("aggregate.err");
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // most settings from a config file (aggregate --config), a named rule among them
            final Path conf = dir.resolve("aggregate.conf");
            Files.writeString(conf, String.join("\n", "kafka-bootstrap = " + cluster.bootstrapServers(),
                    "kafka-topic = frames", "from-start = true", "lateness = 1s", "gone-after = 3s",
                    "rule = name=quiet kind=silence below=100000000 window=10s", ""));
            final String command = "'" + java + "' -Xmx256m -jar '" + jar + "' aggregate --config '" + conf
                    + "' --sink tui --no-bell --listen 127.0.0.1:0 2> '" + err + "'; echo $? > '" + rc + "'";
            assertThat(tmux.run("new-session", "-d", "-s", "it", "-x", "120", "-y", "40", command).exitCode()).isZero();

            // port 0: the operator (and this test) reads where the API answers off the dashboard's header,
            // the notice saying it being held until the dashboard exits
            final String header = awaitPane(p -> p.lines().findFirst().orElse("").matches(".* API http://127\\.0\\.0\\.1:\\d+/ *"),
                    err).lines().findFirst().orElseThrow();
            final String api = header.substring(header.indexOf("API ") + 4).strip().replaceAll("/$", "");
            assertThat(api).matches("http://127\\.0\\.0\\.1:[1-9]\\d*");
            // the merged lifetime, from the same process's API, and the screen showing it
            final JsonNode s = awaitSnapshot(api, n -> n.at("/windows/lifetime/hits").asLong() == total
                    && n.get("instances").size() == IDS.size(), err);
            assertThat(s.at("/rules/0/name").asString()).as("the rule of the config file").isEqualTo("quiet");
            final JsonNode codes = s.at("/windows/lifetime/status");
            final String screen = awaitPane(p -> p.contains("Instances: 3")
                    && p.contains(String.format("%,d", codes.get("2xx").asLong())), err);
            assertThat(row(screen, "rules  quiet ")).as(screen).isNotEmpty();
            assertThat(screen).contains("Popular sections").contains("Top bandwidth").contains("Status codes")
                    .contains("Tab/Shift-Tab focus");
            // the codes panel's "total" column is the merged lifetime of all three instances
            for (final String c : new String[] {"2xx", "3xx", "4xx", "5xx"}) {
                assertThat(row(screen, "\u2502" + c + " ")).as("%s row\n%s", c, screen)
                        .contains(String.format("%,d", codes.get(c).asLong()));
            }
            // the instances panel: a header, then each instance with its frames, as /snapshot says
            assertThat(row(screen, "\u2502instance ")).contains("state").contains("lag").contains("frames")
                    .contains("missing").contains("dup");
            for (final JsonNode i : s.get("instances")) {
                final String r = row(screen, "\u2502" + i.get("id").asString() + " ");
                assertThat(r).as(screen).contains(String.format("%,d", i.get("frames").asLong()));
                assertThat(i.get("frames").asLong()).isPositive();
                assertThat(i.get("missing").asLong()).isZero();
            }
            // nothing more comes: after --gone-after every instance is gone, worst first is all of them
            final String gone = awaitPane(p -> p.contains("Instances: 3 (3 gone)"), err);
            for (final String id : IDS) {
                assertThat(row(gone, "\u2502" + id + " ")).contains("gone");
            }

            tmux.run("send-keys", "-t", "it", "q");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(rc) || Files.readString(rc).isBlank()) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            assertThat(Files.exists(rc)).as("aggregate ended within 60 s of q; %s", Files.readString(err)).isTrue();
            assertThat(Files.readString(rc, StandardCharsets.UTF_8).trim()).as("exit code after q; %s",
                    Files.readString(err)).isEqualTo("0");
        }
    }

    private static String row(final String screen, final String start) {
        for (final String r : screen.lines().toList()) {
            if (r.contains(start)) {
                return r;
            }
        }
        return fail("no row with " + start + " on the screen:\n" + screen);
    }

    private static JsonNode awaitSnapshot(final String api, final Predicate<JsonNode> ok, final Path err)
            throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            final HttpResponse<String> r;
            try {
                r = http.send(HttpRequest.newBuilder(URI.create(api + "/snapshot")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(200); // the aggregate is still starting
                continue;
            }
            if (r.statusCode() == 200) {
                last = CliRun.JSON.readTree(r.body());
                if (ok.test(last)) {
                    return last;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return fail("no such snapshot within 90 s; the last: " + last + "; aggregate said: " + Files.readString(err));
    }

    private String awaitPane(final Predicate<String> ready, final Path err) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = tmux.capture("it");
            if (ready.test(last)) {
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return fail("not on the screen within 60 s; the last screen:\n" + last + "\naggregate said: "
                + (Files.exists(err) ? Files.readString(err) : ""));
    }
}
