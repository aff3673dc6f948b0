package dev.logmon.sinks.notify;

import dev.logmon.core.text.TextSafety;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A webhook URL, which often carries a token in its path or query (Slack, Mattermost, Teams):
 * its {@link #toString()} shows the scheme and host only, and {@link #scrub(String)} removes the
 * full URL from any text before it is printed.
 */
public final class SecretUrl {
    private final URI uri;

    private SecretUrl(final URI uri) {
        this.uri = uri;
    }

    /**
     * Parses and checks a webhook URL: http or https, with a host.
     *
     * @throws IllegalArgumentException with a message that never repeats the URL itself
     */
    public static SecretUrl parse(final String text) {
        final String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        final URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
        }
        final String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("must be an http:// or https:// URL"
                    + (scheme == null ? "" : ", not " + TextSafety.asciiToken(scheme) + "://"));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no host (" + scheme + "://...)");
        }
        return new SecretUrl(uri);
    }

    /** The real URL, for the HTTP client only. */
    public URI uri() {
        return uri;
    }

    /** Scheme and host only, e.g. {@code https://hooks.slack.com}. */
    @Override
    public String toString() {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost();
    }

    /**
     * {@code text} with the URL's secret parts removed wherever they appear: the path and query
     * become {@code /<redacted>} and any user info disappears (scheme, host and port may stay).
     */
    public String scrub(final String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        final String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
        final String tail = raw + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (tail.length() > 1) {
            out = out.replace(tail, "/<redacted>");
        }
        if (uri.getRawUserInfo() != null) {
            out = out.replace(uri.getRawUserInfo() + "@", "");
        }
        return out;
    }
}
