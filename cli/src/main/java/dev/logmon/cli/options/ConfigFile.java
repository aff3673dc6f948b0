package dev.logmon.cli.options;

import dev.logmon.core.text.TextSafety;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A configuration file: one long option per line as {@code key = value} (the key without its
 * dashes; the value is the rest of the line, trimmed, taken as it is: no quotes are removed, so
 * a log format keeps its own). Blank lines and lines starting with {@code #} are ignored.
 */
final class ConfigFile {
    /** One setting and where it was written. */
    record Entry(String key, String value, Path file, int line) {
        /** {@code FILE line N}, as problems and {@code config --print} name it. */
        String where() {
            return file + " line " + line;
        }
    }

    private ConfigFile() {
    }

    /**
     * The entries of {@code file}, in order; a line that is not {@code key = value} adds a problem
     * naming the file and line (and is skipped).
     */
    static List<Entry> read(final Path file, final List<String> problems) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("cannot read the config file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            return List.of();
        }
        final List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            // a byte order mark (some editors on Windows write one) is not part of the first key
            final String raw = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final int eq = line.indexOf('=');
            final String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (key.isEmpty() || !key.matches("[a-z][a-z0-9-]*")) {
                problems.add(file + " line " + (i + 1) + ": expected 'key = value' with a long option's name as the key"
                        + " (e.g. threshold = 20), got: " + (holdsSecret(line) ? "a line naming a secret (not shown)" : clip(line)));
                continue;
            }
            entries.add(new Entry(key, line.substring(eq + 1).strip(), file, i + 1));
        }
        return entries;
    }

    /** A malformed line that starts with a secret's key ({@code webhook-url: https://...}) is not echoed. */
    private static boolean holdsSecret(final String line) {
        final String lower = line.toLowerCase(Locale.ROOT);
        return ConfiguredArgs.SECRETS.stream().anyMatch(lower::startsWith);
    }

    private static String clip(final String s) {
        final String safe = TextSafety.oneLine(s);
        return safe.length() > 80 ? safe.substring(0, 80) + "..." : safe;
    }
}
