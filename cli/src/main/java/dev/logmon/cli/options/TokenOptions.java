package dev.logmon.cli.options;

import dev.logmon.core.text.TextSafety;
import dev.logmon.sinks.http.ApiToken;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The API's bearer token, for {@code serve} (asked of clients) and {@code attach} (sent): from the
 * first line of a file or from an environment variable, never from the command line, where other
 * users of the machine could read it. Messages name the file or variable, never the token.
 */
public final class TokenOptions {

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "Bearer token of the HTTP API: the first line of this file.")
    String file;

    @Option(names = "--api-token-env", paramLabel = "VAR",
            description = "Bearer token of the HTTP API: the value of this environment variable.")
    String env;

    /** The token text, or null when none was given; adds one message per problem. */
    public String resolve(final Map<String, String> environment, final List<String> problems) {
        if (file != null && env != null) {
            problems.add("give only one of --api-token-file and --api-token-env");
            return null;
        }
        if (env != null) {
            final String v = environment.get(env);
            if (v == null || v.isBlank()) {
                problems.add("--api-token-env " + TextSafety.oneLine(env) + ": the variable is not set or empty");
                return null;
            }
            return v.strip();
        }
        if (file != null) {
            try {
                final List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isBlank()) {
                    problems.add("--api-token-file " + TextSafety.oneLine(file) + ": the file is empty");
                    return null;
                }
                return lines.get(0).strip();
            } catch (IOException | RuntimeException e) {
                problems.add("--api-token-file " + TextSafety.oneLine(file) + ": cannot read it ("
                        + e.getClass().getSimpleName() + ")");
                return null;
            }
        }
        return null;
    }

    /** The token as the server checks it, or null. */
    ApiToken token(final Map<String, String> environment, final List<String> problems) {
        final String t = resolve(environment, problems);
        return t == null ? null : ApiToken.of(t);
    }
}
