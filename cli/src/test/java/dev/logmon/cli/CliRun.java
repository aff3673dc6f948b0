package dev.logmon.cli;

import dev.logmon.core.time.Clock;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs {@code logmon-cli} in-process the way a user would, capturing its streams and exit code. */
public final class CliRun {
    /** A strict JSON reader: anything after the object on a line is an error. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public final int exitCode;
    public final String out;
    public final String err;

    private CliRun(final int exitCode, final String out, final String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command. Tests have no terminal, so a monitor run (not a subcommand) without {@code --sink} gets
     * {@code --sink json} added (the dashboard, the default sink, is tested on a virtual terminal
     * and in tmux).
     */
    public static CliRun run(final String... given) {
        return runWithEnv(System.getenv(), given);
    }

    /** Runs with these environment variables instead of the process's (and --sink json added likewise). */
    static CliRun runWithEnv(final Map<String, String> env, final String... given) {
        return runWithStdin(env, InputStream.nullInputStream(), given);
    }

    /** Runs with {@code stdin} as standard input (for {@code -s -}). */
    static CliRun runWithStdin(final InputStream stdin, final String... given) {
        return runWithStdin(System.getenv(), stdin, given);
    }

    private static CliRun runWithStdin(final Map<String, String> env, final InputStream stdin, final String... given) {
        final List<String> list = new ArrayList<>(List.of(given));
        final boolean subcommand = !list.isEmpty() && List.of("generate", "serve", "attach", "history").contains(list.get(0));
        if (!list.contains("--sink") && !subcommand) {
            list.add("--sink");
            list.add("json");
        }
        final String[] args = list.toArray(new String[0]);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final StringWriter helpOut = new StringWriter();
        final StringWriter helpErr = new StringWriter();
        final int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.commandLine(o, e, Clock.SYSTEM, stdin, env)
                    .setOut(new PrintWriter(helpOut, true))
                    .setErr(new PrintWriter(helpErr, true))
                    .execute(args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8) + helpOut,
                err.toString(StandardCharsets.UTF_8) + helpErr);
    }

    /** Every stdout line, each parsed strictly as one JSON object. */
    List<JsonNode> jsonLines() {
        final List<JsonNode> nodes = new ArrayList<>();
        for (final String line : out.split("\n")) {
            if (!line.isEmpty()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    /** The last line, which a --once run makes the final snapshot. */
    public JsonNode last() {
        final List<JsonNode> all = jsonLines();
        return all.get(all.size() - 1);
    }

    /** A file under {@code shared/data/real}; the test is skipped where it is absent. */
    static Path realLog(final String name) {
        final String configured = System.getProperty("logmon.shared.dir", "../shared");
        for (final Path shared : new Path[] {Path.of(configured), Path.of("../shared"), Path.of("../../shared")}) {
            final Path file = shared.resolve("data/real").resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        assumeTrue(false, name + " absent under shared/data/real: skipping");
        return null;
    }
}
