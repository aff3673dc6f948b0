package dev.logmon.sinks.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token the API asks for. Only its SHA-256 digest is kept; a presented token is
 * hashed and compared with {@link MessageDigest#isEqual} (constant time), so neither the length
 * nor a common prefix leaks through timing. The token never appears in {@link #toString()}.
 */
public final class ApiToken {
    private static final String BEARER = "Bearer ";
    private final byte[] digest;

    private ApiToken(final byte[] digest) {
        this.digest = digest;
    }

    /** @param token the secret, non-empty */
    public static ApiToken of(final String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("empty token");
        }
        return new ApiToken(sha256(token));
    }

    /** True when the {@code Authorization} header value is {@code Bearer <token>}. */
    public boolean accepts(final String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(final String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[hidden]";
    }
}
