package dev.logmon.cli;

import dev.logmon.fleet.KafkaTestCluster;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser dashboard in a real browser: Debian's headless chromium, driven by Selenium through
 * chromedriver, against the runnable jar's {@code serve} following a log in log time. The page
 * asks for the token, shows the numbers {@code /snapshot} has, draws the chart, turns the alert
 * banner on when the burst fires the alert, shows hostile paths as text without running them,
 * draws the stored history with the previous period, and logs no error. Where nginx is
 * installed the page is also opened through it at a sub-path. Skipped with a message where
 * chromium or chromedriver is absent.
 *
 * <p>{@code -Dlogmon.screenshot=FILE} also saves the screenshot taken during the burst there (it
 * always goes to {@code target/dashboard-burst.png}).
 */
@Timeout(240)
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern LISTENING = Pattern.compile("API on http://127\\.0\\.0\\.1:(\\d+) ");
    private static final String TOKEN = "browser-t0ken";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** Sections no page may run: as HTML the first would load an image and run its onerror. */
    private static final String IMG = "/<img\tsrc=x\tonerror=alert(1)>";
    private static final String SCRIPT = "/<script>alert(3)<";

    @TempDir
    Path dir;

    private Process serve;
    private Process nginx;
    private WebDriver driver;
    private final StringBuilder serveErr = new StringBuilder();
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        for (final Process p : new Process[] {nginx, serve}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static String line(final String host, final long second, final String path, final int status,
                               final long size, final double seconds) {
        return host + " - - [" + STAMP.format(Instant.ofEpochSecond(second)) + "] \"GET " + path + " HTTP/1.1\" "
                + status + " " + size + " \"-\" \"browser-test\" " + String.format(Locale.ROOT, "%.3f", seconds);
    }

    /** Steady traffic over {@code [from, to)}: {@code perSecond} lines a second over a few sections and hosts. */
    private static List<String> traffic(final long from, final long to, final int perSecond) {
        final String[] sections = {"/api/users", "/pages/home", "/static/app.js", "/images/logo.png", "/login"};
        final List<String> lines = new ArrayList<>();
        int k = 0;
        for (long s = from; s < to; s++) {
            for (int i = 0; i < perSecond; i++, k++) {
                lines.add(line("10.0.0." + (1 + k % 7), s, sections[k % sections.length], k % 23 == 0 ? 503
                        : k % 11 == 0 ? 404 : 200, 500 + (k * 37L) % 4000, 0.004 + (k % 50) / 1000.0));
            }
        }
        return lines;
    }

    private static void append(final Path log, final List<String> lines) throws IOException {
        Files.write(log, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void shouldShowTheLiveDashboardWithHistorySafelyInARealBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver is not installed (apt-get install -y chromium chromium-driver): skipping");
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package)").exists();
        final long now = Instant.now().getEpochSecond();
        final Path log = dir.resolve("access.log");
        // one line 75 minutes back: the hour before the last one has some history to compare with
        final List<String> quiet = new ArrayList<>(List.of(line("10.9.9.9", now - 4_500, "/old/page", 200, 100, 0.01)));
        quiet.addAll(traffic(now - 300, now - 60, 2));
        append(log, quiet);

        startServe(jar, log, "--time", "log", "--alert-rule", "absolute", "-t", "10",
                "--api-token-env", "DASHBOARD_IT_TOKEN", "--state-dir", dir.resolve("state").toString());
        awaitSnapshot(s -> s.get("windows").get("lifetime").get("hits").asLong() == quiet.size());
        startBrowser();

        // the token is asked for once, then the stream is live
        driver.get(base() + "/");
        await("the token prompt", () -> driver.findElement(By.id("token-form")).isDisplayed());
        driver.findElement(By.id("token-input")).sendKeys(TOKEN);
        driver.findElement(By.id("token-submit")).click();
        await("the stream is live", () -> "live".equals(text("connection")));
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isFalse();
        assertThat(js("return sessionStorage.getItem('logmon.token')")).isEqualTo(TOKEN);
        // asked once: a reload in the same tab goes straight to the stream
        driver.navigate().refresh();
        await("live again after a reload", () -> "live".equals(text("connection")));
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isFalse();
        await("the page shows the quiet traffic", () -> number("hits-long") == quiet.size());
        assertThat(driver.findElement(By.id("alert-banner")).getAttribute("class")).contains("off");

        // the burst: 50 lines a second for a minute (the alert fires 20 s in), hostile paths in its last 10 s
        final List<String> burst = traffic(now - 60, now, 50);
        for (long s = now - 10; s < now; s++) {
            for (int i = 0; i < 8; i++) {
                burst.add(line("10.6.6.6", s, IMG + "/a", 200, 90_000, 0.2));
            }
            for (int i = 0; i < 6; i++) {
                burst.add(line("10.6.6.7", s, "/<script>alert(3)</script>", 404, 80_000, 0.3));
            }
        }
        append(log, burst);
        await("the alert banner turns on", () -> driver.findElement(By.id("alert-banner")).getAttribute("class")
                .contains("on"));
        await("the alert is listed", () -> !driver.findElements(By.cssSelector("#alerts li.on")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#alerts li.on")).getText()).startsWith("High traffic");
        final JsonNode last = awaitSnapshot(s -> s.get("windows").get("lifetime").get("hits").asLong()
                == quiet.size() + burst.size());
        assertThat(last.get("alert").get("state").asString()).isEqualTo("on");

        // the numbers on the page are /snapshot's once the page has drawn the latest
        await("the page shows the latest snapshot", () -> number("hits-long") == quiet.size() + burst.size());
        final JsonNode s = snapshot();
        final JsonNode ten = s.get("windows").get("10s");
        final JsonNode all = s.get("windows").get("lifetime");
        assertThat(number("hits-long")).isEqualTo(all.get("hits").asLong());
        assertThat(number("hits-short")).isEqualTo(ten.get("hits").asLong());
        assertThat(number("hits-2m")).isEqualTo(s.get("windows").get("2m").get("hits").asLong());
        assertThat(number("lines-parsed")).isEqualTo(s.get("lines").get("parsed").asLong());
        assertThat(number("lines-malformed")).isEqualTo(s.get("lines").get("malformed").asLong());
        assertThat(text("alert-state")).isEqualTo("ON");
        assertThat(number("visitors-long")).isEqualTo(all.get("visitors").asLong()).isPositive();
        assertThat(number("visitors-short")).isEqualTo(ten.get("visitors").asLong());
        assertThat(driver.findElements(By.cssSelector("#sources tbody tr"))).hasSize(ten.get("sources").size());
        assertThat(driver.findElement(By.cssSelector("#sources tbody td")).getText())
                .isEqualTo(ten.get("sources").get(0).get("source").asString());
        final Map<String, Long> sections = new LinkedHashMap<>();
        for (final JsonNode n : ten.get("sections")) {
            sections.put(n.get("section").asString(), n.get("hits").asLong());
        }
        assertThat(tableColumns("sections")).isEqualTo(sections);
        assertThat(sections).containsKeys(IMG, SCRIPT);
        final Map<String, Long> hosts = new LinkedHashMap<>();
        for (final JsonNode n : all.get("hosts")) {
            hosts.put(n.get("host").asString(), n.get("hits").asLong());
        }
        assertThat(hostColumns()).isEqualTo(hosts);
        assertThat(driver.findElements(By.cssSelector("#sections td")).get(5).getText()).as("p50 of a section")
                .endsWith("ms");
        // the chart holds the 2-minute series
        final int series = s.get("secondHits").size();
        assertThat(series).isEqualTo(120);
        assertThat(driver.findElement(By.id("line-current")).getAttribute("points").split(" ")).hasSize(series);
        saveScreenshot();

        // hostile paths are text: no element made from them, no dialog, nothing run
        assertThat(driver.findElements(By.cssSelector("main img, main script, main b"))).isEmpty();
        assertThat(js("return document.scripts.length")).isEqualTo(1L);
        assertNoDialog();

        // history: the last hour by minute, with the hour before as a second line
        new Select(driver.findElement(By.id("range"))).selectByValue("3600");
        driver.findElement(By.id("compare")).click();
        await("the history chart with the previous period", () -> count("line-current") > 0
                && count("line-previous") > 0);
        assertThat(text("legend")).contains("this period", "previous period");
        new Select(driver.findElement(By.id("range"))).selectByValue("live");
        await("back to live", () -> count("line-current") == series && count("line-previous") == 0);

        assertNoConsoleErrors();
        throughNginxAtASubPath();
        assertNoDialog();
    }

    @Test
    void shouldShowAReplayWithoutTokenNorHistoryAndSaySoWithoutAnError() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver is not installed (apt-get install -y chromium chromium-driver): skipping");
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        final Path log = dir.resolve("access.log");
        final List<String> lines = traffic(1_767_225_600L, 1_767_225_600L + 300, 5);
        append(log, lines);
        // a named rule that holds all along (fewer than 100,000 hits in 10 s): the rules panel shows it firing
        startServe(jar, log, "--once", "--rule", "name=quiet kind=silence below=100000 window=10s");
        final JsonNode last = awaitSnapshot(s -> s.get("final").asBoolean());
        startBrowser();

        driver.get(base() + "/");
        await("live without a token", () -> "live".equals(text("connection")));
        await("the final snapshot", () -> number("hits-long") == lines.size());
        assertThat(text("clock")).endsWith("(final)");
        await("the rules panel", () -> driver.findElement(By.id("panel-rules")).isDisplayed());
        @SuppressWarnings("unchecked")
        final List<List<String>> rules = (List<List<String>>) js("return Array.from(document.querySelectorAll("
                + "'#rules tbody tr')).map(tr => Array.from(tr.cells).map(td => td.textContent))");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).subList(0, 5)).containsExactly("quiet", "silence", "firing",
                String.valueOf(last.at("/rules/0/value").asLong()), "100000");
        assertThat(rules.get(0).get(5)).endsWith(" UTC");
        await("the history picker is off", () -> !driver.findElement(By.id("range")).isEnabled());
        assertThat(text("history-note")).isEqualTo("history needs serve --state-dir");
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isFalse();
        assertThat(consoleLines()).as("nothing in the console at all").isEmpty();
    }

    @Test
    void shouldListAnAggregatesInstancesWorstFirstWithTheirIdsAsText() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver is not installed (apt-get install -y chromium chromium-driver): skipping");
        final Path jar = Path.of("target/logmon-cli.jar").toAbsolutePath();
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir.resolve("kafka"))) {
            cluster.kit().admin().createTopics(Set.of(new NewTopic("frames", 2, (short) 1))).all().get();
            final String bootstrap = cluster.bootstrapServers();
            // three real instances of the jar, one with markup in its id, publish their logs and exit
            final String hostile = "web-<img src=x onerror=alert(2)>";
            FleetPublish.instances(dir, bootstrap, "frames", List.of("web-a", hostile, "web-c"),
                    new long[] {2_000, 2_000, 2_000});
            startJar(jar, List.of("aggregate", "--kafka-bootstrap", bootstrap, "--kafka-topic", "frames",
                    "--from-start", "--gone-after", "3s", "--listen", "127.0.0.1:0"));
            // they fall silent: gone after 3 s
            awaitSnapshot(n -> n.get("instances") != null && n.get("instances").size() == 3
                    && countState(n, "gone") == 3);
            // 197 more that stay: heartbeats every half second, their closed seconds 0 to 24 behind
            try (Heartbeats beats = new Heartbeats(bootstrap, "frames", 197, 1_767_225_620L)) {
                final JsonNode s = awaitSnapshot(n -> n.get("instances").size() == 200 && countState(n, "gone") == 3
                        && countState(n, "late") > 0);
                assertThat(beats.rounds()).isPositive();
                startBrowser();
                driver.get(base() + "/");
                await("live without a token", () -> "live".equals(text("connection")));
                await("the instances panel", () -> driver.findElement(By.id("panel-instances")).isDisplayed());
                // the worst 50 as /snapshot orders them (gone, late, then by lag), then +150 more
                final List<List<String>> expected = worstFirst(s).subList(0, 50);
                await("the worst 50 instances", () -> instanceRows().equals(expected));
                assertThat(instanceRows().subList(0, 3)).extracting(r -> r.get(1)).containsOnly("gone");
                // then the late ones, the largest lag first (about 150 of the 197 are late: the 50 rows end in them)
                assertThat(instanceRows().subList(3, 50)).extracting(r -> r.get(1)).containsOnly("late");
                assertThat(instanceRows().get(3).get(2)).isEqualTo("24 s");
                assertThat(text("instances-more")).isEqualTo("+150 more (all of them in /snapshot)");
                assertThat(text("instances-summary")).contains("200 (").contains(" late, 3 gone)");
                @SuppressWarnings("unchecked")
                final List<String> ids = (List<String>) js("return Array.from(document.querySelectorAll("
                        + "'#instances tbody tr')).slice(0, 3).map(tr => tr.cells[0].textContent)");
                assertThat(ids).containsExactlyInAnyOrder("web-a", hostile, "web-c");
                final WebElement goneState = driver.findElement(By.cssSelector("#instances tbody tr td:nth-child(2)"));
                assertThat(goneState.getCssValue("color")).as("gone in red").isEqualTo("rgba(255, 92, 92, 1)");
                final WebElement lateRow = driver.findElement(By.cssSelector("#instances tbody tr.instance-late"));
                assertThat(lateRow.findElement(By.cssSelector("td:nth-child(2)")).getCssValue("color"))
                        .as("late in yellow").isEqualTo("rgba(242, 201, 76, 1)");
            }
            // the id is text: no element made from it, nothing run
            assertThat(driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
            assertNoDialog();
            assertNoConsoleErrors();
        }
    }

    private static long countState(final JsonNode snapshot, final String state) {
        long n = 0;
        for (final JsonNode i : snapshot.get("instances")) {
            if (state.equals(i.get("state").asString())) {
                n++;
            }
        }
        return n;
    }

    /** The instances of a snapshot, worst first (gone, late, live; then the largest lag; then by id): id, state, lag. */
    private static List<List<String>> worstFirst(final JsonNode snapshot) {
        final List<JsonNode> all = new ArrayList<>();
        snapshot.get("instances").forEach(all::add);
        final List<String> rank = List.of("gone", "late", "live");
        all.sort(java.util.Comparator.<JsonNode>comparingInt(i -> rank.indexOf(i.get("state").asString()))
                .thenComparing(i -> -i.get("lagSeconds").asLong())
                .thenComparing(i -> i.get("id").asString()));
        final List<List<String>> rows = new ArrayList<>();
        for (final JsonNode i : all) {
            rows.add(List.of(i.get("id").asString(), i.get("state").asString(),
                    String.format(Locale.ROOT, "%,d s", i.get("lagSeconds").asLong())));
        }
        return rows;
    }

    /** The instances table: id, state and lag of each row. */
    @SuppressWarnings("unchecked")
    private List<List<String>> instanceRows() {
        return (List<List<String>>) js("return Array.from(document.querySelectorAll('#instances tbody tr'))"
                + ".map(tr => [tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[2].textContent])");
    }

    /**
     * Instances that are only heartbeats (no frame), as a logmon instance with nothing to count sends:
     * {@code fleet-000} ... with closed seconds 0 to 24 behind {@code newest}, every half second until closed.
     */
    private static final class Heartbeats implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final Thread thread;
        private volatile boolean running = true;
        private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

        Heartbeats(final String bootstrap, final String topic, final int count, final long newest) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new ByteArraySerializer(), new ByteArraySerializer());
            thread = new Thread(() -> {
                long seq = 0;
                while (running) {
                    seq++;
                    for (int k = 0; k < count; k++) {
                        final String id = String.format(Locale.ROOT, "fleet-%03d", k);
                        final RecordHeaders h = new RecordHeaders();
                        h.add("lm.instance", id.getBytes(StandardCharsets.UTF_8));
                        h.add("lm.run", "test-run".getBytes(StandardCharsets.UTF_8));
                        h.add("lm.seq", ByteBuffer.allocate(8).putLong(seq).array());
                        h.add("lm.closed", ByteBuffer.allocate(8).putLong(newest - k % 25).array());
                        producer.send(new ProducerRecord<>(topic, null, id.getBytes(StandardCharsets.UTF_8),
                                new byte[0], h));
                    }
                    producer.flush();
                    rounds.incrementAndGet();
                    try {
                        TimeUnit.MILLISECONDS.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heartbeats");
            thread.setDaemon(true);
            thread.start();
        }

        /** Rounds sent so far (every instance's heartbeat once each). */
        long rounds() {
            return rounds.get();
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** The same page through a real nginx at /logmon/: relative URLs and the unbuffered stream work. */
    private void throughNginxAtASubPath() throws Exception {
        final Path binary = LocalNginx.binary();
        if (binary == null) {
            System.err.println("DashboardBrowserIT: nginx is not installed: the sub-path check is skipped");
            return;
        }
        final int proxyPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            proxyPort = free.getLocalPort();
        }
        nginx = LocalNginx.start(binary, dir,
                "  access_log off;",
                "  server {",
                "    listen 127.0.0.1:" + proxyPort + ";",
                // the README's snippet
                "    location = /logmon { return 301 /logmon/; }",
                "    location /logmon/ {",
                "      proxy_pass http://127.0.0.1:" + port + "/;",
                "      proxy_http_version 1.1;",
                "      proxy_buffering off;",
                "      proxy_read_timeout 1h;",
                "    }",
                "  }");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean up = false;
        while (!up && nginx.isAlive() && System.nanoTime() < deadline) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
                up = probe.isConnected();
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        if (!up) {
            System.err.println("DashboardBrowserIT: nginx could not start here: the sub-path check is skipped ("
                    + Files.readString(dir.resolve("nginx.out")) + ")");
            return;
        }
        driver.get("http://127.0.0.1:" + proxyPort + "/logmon");
        await("the token prompt through nginx", () -> driver.findElement(By.id("token-form")).isDisplayed());
        assertThat(driver.getCurrentUrl()).endsWith("/logmon/");
        driver.findElement(By.id("token-input")).sendKeys(TOKEN);
        driver.findElement(By.id("token-submit")).click();
        await("live through nginx", () -> "live".equals(text("connection")));
        final long hits = snapshot().get("windows").get("lifetime").get("hits").asLong();
        await("the numbers through nginx", () -> number("hits-long") == hits);
        assertNoConsoleErrors();
    }

    private void startServe(final Path jar, final Path log, final String... more) throws Exception {
        final List<String> args = new ArrayList<>(List.of("serve", "-s", log.toString(),
                "--from-start", "--log-format", "nginx-timed", "--listen", "127.0.0.1:0"));
        args.addAll(List.of(more));
        startJar(jar, args);
    }

    /** The jar with {@code args}, which must make it listen: the port is read from what it prints. */
    private void startJar(final Path jar, final List<String> args) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(args);
        final ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DASHBOARD_IT_TOKEN", TOKEN);
        serve = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(),
                StandardCharsets.UTF_8));
        for (String l; port == 0 && (l = err.readLine()) != null; ) {
            serveErr.append(l).append('\n');
            final Matcher m = LISTENING.matcher(l);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        assertThat(port).as("the address printed at start: %s", serveErr).isPositive();
        final Thread drain = new Thread(() -> {
            try {
                for (String l; (l = err.readLine()) != null; ) {
                    synchronized (serveErr) {
                        serveErr.append(l).append('\n');
                    }
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "serve-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    private void startBrowser() {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--no-first-run", "--disable-extensions");
        final LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 1100));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private JsonNode snapshot() throws Exception {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/snapshot"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? CliRun.JSON.readTree(r.body()) : null;
    }

    private interface SnapshotCheck {
        boolean test(JsonNode s);
    }

    private JsonNode awaitSnapshot(final SnapshotCheck check) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            s = snapshot();
            if (s != null && check.test(s)) {
                return s;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        synchronized (serveErr) {
            return fail("no such snapshot within 60 s; the last: " + s + "; serve said: " + serveErr);
        }
    }

    private void await(final String what, final BooleanSupplier done) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e; // an element not there yet, a number not drawn yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        fail("not within 30 s: " + what + (last == null ? "" : " (" + last + ")") + "; console: " + consoleLines());
    }

    private String text(final String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** A whole number as the page shows it (with thousands separators). */
    private long number(final String id) {
        return Long.parseLong(text(id).replace(",", ""));
    }

    private int count(final String lineId) {
        return Integer.parseInt(driver.findElement(By.id(lineId)).getAttribute("data-count"));
    }

    private Object js(final String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** The first column's exact text (tabs kept) and the second as a number, row by row. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> tableColumns(final String table) {
        final List<List<String>> rows = (List<List<String>>) js("return Array.from(document.querySelectorAll('#"
                + table + " tbody tr')).map(tr => Array.from(tr.cells).map(td => td.textContent))");
        final Map<String, Long> out = new LinkedHashMap<>();
        for (final List<String> r : rows) {
            out.put(r.get(0), Long.parseLong(r.get(1).replace(",", "")));
        }
        return out;
    }

    /** Hosts and hits (the third column). */
    @SuppressWarnings("unchecked")
    private Map<String, Long> hostColumns() {
        final List<List<String>> rows = (List<List<String>>) js("return Array.from(document.querySelectorAll("
                + "'#hosts tbody tr')).map(tr => Array.from(tr.cells).map(td => td.textContent))");
        final Map<String, Long> out = new LinkedHashMap<>();
        for (final List<String> r : rows) {
            out.put(r.get(0), Long.parseLong(r.get(2).replace(",", "")));
        }
        return out;
    }

    private void assertNoDialog() {
        try {
            final String shown = driver.switchTo().alert().getText();
            fail("a dialog was opened: a log value ran as script: " + shown);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private final List<String> console = new ArrayList<>();

    private List<String> consoleLines() {
        try {
            for (final LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(e.getLevel() + " " + e.getMessage());
            }
        } catch (RuntimeException e) {
            console.add("(browser log unreadable: " + e + ")");
        }
        return console;
    }

    /** Errors in the browser's console, but for the one 401 of the stream before the token was given. */
    private void assertNoConsoleErrors() {
        final List<String> errors = new ArrayList<>();
        for (final String l : consoleLines()) {
            if (l.startsWith("SEVERE") && !(l.contains("/events") && l.contains("401"))) {
                errors.add(l);
            }
        }
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    private void saveScreenshot() throws IOException {
        final WebElement body = driver.findElement(By.tagName("body"));
        assertThat(body.isDisplayed()).isTrue();
        final byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target/dashboard-burst.png"), png);
        final String extra = System.getProperty("logmon.screenshot");
        if (extra != null && !extra.isBlank()) {
            Files.write(Path.of(extra), png);
        }
    }
}
