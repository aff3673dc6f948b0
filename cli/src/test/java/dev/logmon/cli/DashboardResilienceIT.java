package dev.logmon.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard page in headless chromium against a scripted server that misbehaves on purpose
 * (the page's files are the jar's, served as {@code serve} serves them): an {@code /events} that
 * keeps failing is retried with a growing delay, a stream that never ends an event is dropped
 * rather than buffered without end, and a refused or unusable token can be entered again and is
 * never put in a URL. Skipped with a message where chromium or chromedriver is absent.
 */
@Timeout(120)
class DashboardResilienceIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DIR = "/dev/logmon/sinks/http/dashboard/";
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/dashboard.js", new String[] {"dashboard.js", "text/javascript; charset=utf-8"},
            "/dashboard.css", new String[] {"dashboard.css", "text/css; charset=utf-8"},
            "/favicon.svg", new String[] {"favicon.svg", "image/svg+xml"});

    /** What {@code /events} does. */
    private enum Events { FAIL_503, NEVER_ENDS_AN_EVENT, TOKEN }

    /** One request the server saw. */
    private record Seen(long nanos, String uri, String authorization) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile Events mode;
    private volatile boolean stopping;
    private HttpServer server;
    private WebDriver driver;

    @AfterEach
    void stop() {
        stopping = true;
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.stop(0);
        }
        threads.shutdownNow();
    }

    private void start(final Events events) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver is not installed (apt-get install -y chromium chromium-driver): skipping");
        mode = events;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions");
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream()).build();
        driver = new ChromeDriver(service, options);
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(final HttpExchange x) throws IOException {
        final String path = x.getRequestURI().getPath();
        seen.add(new Seen(System.nanoTime(), x.getRequestURI().toString(),
                x.getRequestHeaders().getFirst("Authorization")));
        try (x) {
            final String[] file = FILES.get(path);
            if (file != null) {
                try (InputStream in = DashboardResilienceIT.class.getResourceAsStream(DIR + file[0])) {
                    assertThat(in).as(file[0]).isNotNull();
                    send(x, 200, file[1], in.readAllBytes());
                }
            } else if ("/health".equals(path)) {
                send(x, 200, "application/json", "{\"status\":\"ok\",\"history\":false}".getBytes(StandardCharsets.US_ASCII));
            } else if ("/events".equals(path)) {
                events(x);
            } else {
                send(x, 404, "application/json", "{\"error\":\"no such path\"}".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private void events(final HttpExchange x) throws IOException {
        switch (mode) {
            case FAIL_503 -> send(x, 503, "application/json", "{\"error\":\"busy\"}".getBytes(StandardCharsets.US_ASCII));
            case TOKEN -> {
                if (!"Bearer good-token".equals(x.getRequestHeaders().getFirst("Authorization"))) {
                    send(x, 401, "application/json", "{\"error\":\"token\"}".getBytes(StandardCharsets.US_ASCII));
                } else {
                    streamUntilGone(x, ":\n\n".getBytes(StandardCharsets.US_ASCII), 0);
                }
            }
            default -> streamUntilGone(x, ("data: " + "x".repeat(64 * 1024 - 7) + "\n").getBytes(StandardCharsets.US_ASCII), 96);
        }
    }

    /** An event stream: {@code first} written {@code times} times (once at least), then a byte every 200 ms until the client leaves. */
    private void streamUntilGone(final HttpExchange x, final byte[] first, final int times) throws IOException {
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.sendResponseHeaders(200, 0);
        final OutputStream out = x.getResponseBody();
        try {
            for (int i = 0; i < Math.max(1, times); i++) {
                out.write(first);
            }
            out.flush();
            while (!stopping) {
                TimeUnit.MILLISECONDS.sleep(200);
                out.write(times == 0 ? ":\n\n".getBytes(StandardCharsets.US_ASCII) : new byte[] {'x'});
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the page dropped the stream, or the test is over
        }
    }

    private static void send(final HttpExchange x, final int code, final String type, final byte[] body)
            throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(code, body.length);
        x.getResponseBody().write(body);
    }

    private List<Seen> events() {
        final List<Seen> out = new ArrayList<>();
        for (final Seen s : seen) {
            if (s.uri().startsWith("/events")) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void shouldRetryAFailingStreamLaterAndLaterNotEveryFewSeconds() throws Exception {
        start(Events.FAIL_503);

        await("four tries of /events", 60, () -> events().size() >= 4);

        final List<Seen> tries = events();
        final double first = (tries.get(1).nanos() - tries.get(0).nanos()) / 1e9;
        final double third = (tries.get(3).nanos() - tries.get(2).nanos()) / 1e9;
        // 1 s, 2 s, 4 s (each +-20 %): the third wait is about four times the first; a fixed delay would make them equal
        assertThat(third).as("waits between tries: %.2f s then %.2f s", first, third).isGreaterThan(2 * first);
        assertThat(text("connection")).contains("retrying");
    }

    @Test
    void shouldDropAStreamThatNeverEndsAnEventAndConnectAgain() throws Exception {
        start(Events.NEVER_ENDS_AN_EVENT);

        // the first stream sends 6 MiB without the blank line that ends an event, then trickles on
        await("a second try of /events after the first was dropped", 60, () -> events().size() >= 2);

        assertThat(text("connection")).isNotEqualTo("live");
    }

    @Test
    void shouldTakeTheTokenAgainWhenRefusedOrUnusableAndNeverPutItInAUrl() throws Exception {
        start(Events.TOKEN);

        await("the token prompt", 30, () -> driver.findElement(By.id("token-form")).isDisplayed());
        enterToken("wrong-token");
        await("the refusal is said", 30, () -> "that token was refused".equals(text("token-note")));
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isTrue();

        // a token no header can carry: said so at once, the prompt stays, no endless retrying
        final int before = events().size();
        enterToken("g\u00f6od-token");
        await("the unusable token is said", 30, () -> text("token-note").contains("ASCII"));
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isTrue();
        assertThat(((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('logmon.token')"))
                .isNull();
        TimeUnit.MILLISECONDS.sleep(1_500);
        assertThat(events()).hasSize(before);

        enterToken("good-token");
        await("the stream is live", 30, () -> "live".equals(text("connection")));
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isFalse();
        assertThat(((JavascriptExecutor) driver).executeScript("return localStorage.length")).isEqualTo(0L);
        for (final Seen s : seen) {
            assertThat(s.uri()).doesNotContain("token");
            if (!s.uri().startsWith("/events")) {
                assertThat(s.authorization()).as("the token goes to the data only: %s", s.uri()).isNull();
            }
        }
    }

    private void enterToken(final String token) {
        driver.findElement(By.id("token-input")).sendKeys(token);
        driver.findElement(By.id("token-submit")).click();
    }

    private String text(final String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void await(final String what, final int seconds, final BooleanSupplier done) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        fail("not within " + seconds + " s: " + what + (last == null ? "" : " (" + last + ")") + "; requests: " + seen);
    }
}
