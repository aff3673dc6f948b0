package dev.logmon.sinks.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The browser dashboard's files, read once from the jar: the page at {@code /}, its one script,
 * its one style sheet and its icon. Nothing is fetched from anywhere else (the page works
 * offline), and the page refers to everything by relative URL, so it works behind a reverse
 * proxy at a sub-path. The files hold no data: they are served without the token, which the
 * page then asks for when {@code /events} answers 401.
 *
 * <p>{@link #POLICY} is the Content-Security-Policy sent with every answer: scripts, styles and
 * connections from the same origin only, no inline script or style, no frames, no forms, no
 * {@code <base>}.
 */
final class DashboardAssets {
    /** Content-Security-Policy of every answer (the page's and the API's). */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String DIR = "dashboard/";

    /** One file: its media type and bytes. */
    record Asset(String type, byte[] bytes) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "/", load("index.html", "text/html; charset=utf-8"),
            "/dashboard.js", load("dashboard.js", "text/javascript; charset=utf-8"),
            "/dashboard.css", load("dashboard.css", "text/css; charset=utf-8"),
            "/favicon.svg", load("favicon.svg", "image/svg+xml"));

    private DashboardAssets() {
    }

    /** The file served at {@code path}, or null when none is. */
    static Asset at(final String path) {
        return ASSETS.get(path);
    }

    private static Asset load(final String name, final String type) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + name + " is missing from the jar");
            }
            return new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard file " + name, e);
        }
    }
}
